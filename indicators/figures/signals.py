"""The domain's signals, for observers outside it.

Writes of figures, targets and workflow moves send none: their write services update
stamps, summaries and the audit trail themselves (:mod:`indicators.figures.effects`).
"""

from django.dispatch import Signal

#: An API token was issued (``issued=True``) or revoked (``issued=False``) for ``user``.
token_changed = Signal()
