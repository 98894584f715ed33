"""Why a change of the catalogue is refused: one exception for pages, the API and imports."""


class CatalogueRefused(Exception):
    """A catalogue change that must not happen; nothing was changed.

    ``code`` is stable for programs (``duplicate_code``, ``unit_needs_conversion``,
    ``bounds_exclude_figures``…), ``message`` one Chinese sentence for people,
    ``field`` the form or API field it belongs to (or None), ``details`` what it is
    about, e.g. the figures outside new bounds.
    """

    def __init__(self, code: str, message: str, *, field: str | None = None, details=None):
        super().__init__(str(message))
        self.code = code
        self.message = str(message)
        self.field = field
        self.details = list(details or [])

    def __repr__(self) -> str:
        return f"CatalogueRefused({self.code!r}, {self.message!r}, field={self.field!r})"
