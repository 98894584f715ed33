"""Signals the write services send after a successful write, inside its transaction.

Receivers (the audit trail, :mod:`indicators.audit`) run in the same transaction as
the write, so a write and its record commit or roll back together.
"""

from django.dispatch import Signal

#: ``figures_import`` wrote figures. Arguments: ``user``, ``source``, ``summary``
#: (the :class:`~indicators.figures.ImportSummary`) and ``places``, the sorted
#: (town code, year) pairs whose figures changed.
figures_written = Signal()

#: ``targets_import`` wrote targets. Arguments: ``user`` and ``summary``.
targets_written = Signal()

#: An API token was issued (``issued=True``) or revoked (``issued=False``) for ``user``.
#: (Not a figure, but the domain's signals live together.)
token_changed = Signal()

#: A workflow transition moved a report. Arguments: ``user``, ``report`` (after the
#: move), ``from_status``, ``to_status`` and ``reason``.
report_moved = Signal()

#: A set-based workflow transition (``reports_submit``, ``reports_approve``) moved many
#: reports at once, in one transaction. Arguments: ``user``, ``moved`` (a list of
#: (report after the move, its status before)), ``to_status`` and ``reason``.
#: Receivers of :data:`report_moved` that must see every move connect to this too.
reports_moved = Signal()
