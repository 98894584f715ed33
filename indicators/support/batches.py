"""Rows written in batches, refused as a whole at the first batch with a conflict."""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Row = TypeVar("Row")


def batches_write(
    rows: Sequence[Row],
    size: int,
    write: Callable[[Sequence[Row]], Any],
    refused: Callable[[Any], Exception],
) -> None:
    """``write`` each batch of ``size`` rows (it returns a summary with ``conflicts``);
    raise ``refused(summary)`` at the first summary that has any, in the caller's
    transaction, so that nothing of the batches before stays."""
    for start in range(0, len(rows), size):
        summary = write(rows[start : start + size])
        if summary.conflicts:
            raise refused(summary)
