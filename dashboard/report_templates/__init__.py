"""The report template editor: a county's or town's own wording of its annual report,
edited in the browser with a slot picker, a live preview, versions, compare and restore."""
