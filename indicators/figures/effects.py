"""What a write of figures or a workflow move changes besides the figures and reports:
the data stamps, the region summaries and the audit trail.

The write services call :func:`consequences` themselves, inside their transaction,
after the report rows are locked and written: nothing derives from a figure behind a
signal, and a write and its consequences commit or roll back together.
"""

from collections.abc import Callable, Iterable

from indicators.derived.stamps import province_of, stamp_moved
from indicators.derived.summaries import summaries_refresh

Place = tuple[str, int]  # (town code, year)


def consequences(
    *,
    kind: str,
    stamped: Iterable[str],
    summarised: Iterable[Place] = (),
    record: Callable[[], object] | None = None,
) -> None:
    """Move the stamps of the ``stamped`` provinces, recompute the summaries of the
    ``summarised`` town-years, then ``record`` the audit entry.

    THE LOCK ORDER of every write, here in one place so that two writes never wait
    for each other in a circle (PostgreSQL; SQLite has one writer):

    1. the reports' rows (``SELECT … FOR UPDATE``, taken by the caller first);
    2. the province's stamp row (``stamp_moved``: one UPSERT, provinces in code order);
    3. the province's summary lock (``summaries_refresh``: an advisory lock per
       province in code order, then its summary rows);
    4. the audit chain's head (``audit_record``: an advisory lock, held briefly).

    A save-and-submit comes here twice (the write, then the move); the second time
    it holds 2. already and takes no summary lock (a submission changes no summary).
    """
    stamp_moved(kind, stamped)
    summaries_refresh(summarised)
    if record is not None:
        record()


def provinces_of(places: Iterable[Place]) -> set[str]:
    return {province_of(town) for town, _year in places}
