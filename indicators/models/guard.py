"""The figures table refuses writes from anywhere but the store.

A figure written around :func:`indicators.figures.figures_import` would leave its
report's version, the region summaries, the data stamps and the audit trail behind.
So :class:`~indicators.models.DataValue`'s queryset and instances raise
:class:`FiguresWriteRefused` on every ORM write (create, save, update, delete,
bulk_create, bulk_update) unless :func:`store_writing` is open, and only
``indicators.figures.store`` opens it (``lint-imports``: contract
"figures-table-guard"). The store itself writes in SQL; the guard is for everyone else.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_open: ContextVar[bool] = ContextVar("figures_store_writing", default=False)


class FiguresWriteRefused(RuntimeError):
    def __init__(self, what: str):
        super().__init__(
            f"DataValue.{what}() outside the store: write figures through "
            "indicators.figures.figures_import (tests: tests.factories.save_figures)."
        )


@contextmanager
def store_writing() -> Iterator[None]:
    token = _open.set(True)
    try:
        yield
    finally:
        _open.reset(token)


def refuse_outside_store(what: str) -> None:
    if not _open.get():
        raise FiguresWriteRefused(what)
