"""The bulk write's shortcuts give what the full checks give (issue 24, import speed)."""

import gc
from decimal import Decimal
from types import MappingProxyType

import pytest
from django.db import connection

from indicators.figures import FigureRow, figures_import, item_problems
from indicators.figures.rows import row_problems
from indicators.figures.service import collector_paused
from indicators.figures.validation import FigureError, parse_figure
from indicators.models import DataValue, Source
from tests import factories

GOOD = {"indicator": "street_lights", "region": "888801001000", "year": 2024, "value": 12}
ITEMS = [
    GOOD,
    {**GOOD, "value": None},
    {**GOOD, "value": "1,234.5", "comment": "备注", "version": 3},
    {**GOOD, "value": Decimal("1.5"), "comment": ""},
    {**GOOD, "value": 1.5},
    {**GOOD, "year": True},
    {**GOOD, "year": "2024"},
    {**GOOD, "value": True},
    {**GOOD, "value": [1]},
    {**GOOD, "indicator": " "},
    {**GOOD, "indicator": "x" * 61},
    {**GOOD, "region": 888801001000},
    {**GOOD, "region": "8888\x00"},
    {**GOOD, "value": "1\x00"},
    {**GOOD, "comment": "长" * 501},
    {**GOOD, "comment": "a\x00"},
    {**GOOD, "comment": 5},
    {**GOOD, "version": -1},
    {**GOOD, "version": True},
    {**GOOD, "extra": 1},
    {key: value for key, value in GOOD.items() if key != "value"},
]


@pytest.mark.parametrize("item", ITEMS)
def test_an_item_is_judged_as_the_full_check_judges_it(item):
    # A mapping that is not a dict takes the full check, field by field.
    assert item_problems(item) == item_problems(MappingProxyType(item))


def test_the_full_check_still_finds_what_is_wrong():
    assert item_problems(GOOD) == {}
    assert set(item_problems({**GOOD, "version": -1})) == {"version"}
    assert set(item_problems({**GOOD, "extra": 1})) == {"_"}
    assert item_problems([GOOD]) == {"_": item_problems([])["_"]}


@pytest.mark.parametrize(
    ("version", "base", "wrong"),
    [
        (None, None, set()),
        (0, ("12", ""), set()),
        (7, (None, "旧备注"), set()),
        (-1, None, {"version"}),
        (True, None, {"version"}),
        (None, ("12",), {"base"}),
        (None, ["12", ""], {"base"}),
    ],
)
def test_a_row_with_a_version_or_a_copy_is_checked_like_any_other(version, base, wrong):
    row = FigureRow("street_lights", "888801001000", 2024, "12", None, version, base)
    assert set(row_problems(row)) == wrong


@pytest.mark.parametrize(
    ("typed", "slow"),
    [
        ("12", "１２"),
        ("12.50", "12.50 "),
        (".5", "．5"),
        ("0", "0％"),
        ("1234.5", "1,234.5"),
    ],
)
def test_a_plainly_typed_figure_reads_as_the_same_figure_typed_any_other_way(typed, slow):
    assert parse_figure(typed) == parse_figure(slow) == Decimal(typed)
    assert parse_figure(typed).as_tuple() == parse_figure(slow.replace(",", "")).as_tuple()


@pytest.mark.parametrize("typed", ["", "-", "1.", "1e3", "-1", "١٢"])
def test_what_is_not_plainly_typed_still_gets_the_full_reading(typed):
    try:
        read = parse_figure(typed)
    except FigureError as error:
        read = error.code
    assert read in {None, "not_a_number", "negative", Decimal(12)}


def test_the_cycle_collector_is_paused_for_an_import_only(towns, catalogue, clerk):
    assert gc.isenabled()
    rows = [FigureRow("street_lights", towns[0].code, 2024, "12")]
    figures_import(rows=rows, user=clerk, source=Source.API)
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # paused by someone else: left as it was
    finally:
        gc.enable()


def test_a_scoped_indicator_is_refused_per_town_within_one_import(
    towns, catalogue, county, other_county, admin_user
):
    lights = catalogue["street_lights"]
    lights.scope = county
    lights.save()
    elsewhere = factories.town(other_county, 1)
    rows = [
        FigureRow("street_lights", elsewhere.code, 2024, "10"),
        FigureRow("street_lights", towns[0].code, 2024, "11"),
        FigureRow("street_lights", elsewhere.code, 2023, "12"),
        FigureRow("street_lights", towns[1].code, 2023, "13"),
    ]
    summary = figures_import(rows=rows, user=admin_user, source=Source.API, dry_run=True)
    assert [(c.index, c.code) for c in summary.conflicts] == [
        (0, "out_of_scope"),
        (2, "out_of_scope"),
    ]


def test_an_indicator_retired_is_refused_per_year_within_one_import(towns, catalogue, admin_user):
    lights = catalogue["street_lights"]
    lights.retired_from = 2024
    lights.save()
    rows = [
        FigureRow("street_lights", towns[0].code, 2024, "10"),
        FigureRow("street_lights", towns[0].code, 2023, "11"),
        FigureRow("street_lights", towns[1].code, 2024, "12"),
    ]
    summary = figures_import(rows=rows, user=admin_user, source=Source.API, dry_run=True)
    assert [(c.index, c.code) for c in summary.conflicts] == [
        (0, "retired_indicator"),
        (2, "retired_indicator"),
    ]


def _indexed_columns(table: str) -> set[tuple[str, ...]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {
        tuple(info["columns"]) for info in found.values() if info["index"] or info["primary_key"]
    }


def test_the_figure_history_keeps_only_the_indexes_its_readers_use(db):
    table = DataValue.history.model._meta.db_table
    # report: history page, stale diff, Excel preview; id: one figure's history in the
    # admin; history_date: the admin's list, newest first. Nothing reads the others.
    assert _indexed_columns(table) == {("history_id",), ("id",), ("report_id",), ("history_date",)}
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    assert not [name for name, info in found.items() if info["foreign_key"]]
