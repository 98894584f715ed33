"""The write service's statements do not grow with the town-years an import touches."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.figures import FigureRow, figures_import
from indicators.models import DataValue, Level, Region, Source

HISTORY = DataValue.history.model


@pytest.fixture
def many_towns(county):
    return Region.objects.bulk_create(
        Region(
            code=f"{county.code[:6]}{n:03d}000", name=f"批量{n}镇", level=Level.TOWN, parent=county
        )
        for n in range(100, 340)
    )


def _rows(places, catalogue, value, comment=None) -> list[FigureRow]:
    return [
        FigureRow(code, town.code, year, value, comment)
        for town, year in places
        for code in catalogue
    ]


def _statements(rows, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        summary = figures_import(rows=rows, user=user, source=Source.API)
    assert not summary.conflicts, summary.conflicts[:3]
    return len(queries)


def test_creating_updating_and_removing_cost_the_same_statements_for_2_or_240_town_years(
    many_towns, catalogue, admin_user
):
    few = [(town, 2020) for town in many_towns[:2]]  # 82 figures
    many = [(town, 2021) for town in many_towns]  # 9,840 figures
    counts = {}
    for label, value, comment in (
        ("created", "3", "备注"),
        ("updated", "4", None),
        ("removed", None, ""),
    ):
        counts[label] = (
            _statements(_rows(few, catalogue, value, comment), admin_user),
            _statements(_rows(many, catalogue, value, comment), admin_user),
        )
    assert all(small == large for small, large in counts.values()), counts
    # 26 on PostgreSQL with the plausibility rules read as data (one query).
    assert all(large <= 26 for _small, large in counts.values()), counts
    assert not DataValue.objects.exists()


def test_every_written_figure_has_one_history_record_of_its_own_write(
    many_towns, catalogue, admin_user
):
    places = [(town, 2022) for town in many_towns[:50]]
    figures_import(rows=_rows(places, catalogue, "5", "初报"), user=admin_user, source=Source.API)
    figures_import(rows=_rows(places[:10], catalogue, "6"), user=admin_user, source=Source.IMPORT)
    removed = [FigureRow("street_lights", many_towns[0].code, 2022, None, "撤回")]
    figures_import(rows=removed, user=admin_user, source=Source.FORM)

    records = HISTORY.objects.filter(report__region__in=many_towns[:50])
    created = len(places) * len(catalogue)
    assert records.filter(history_type="+").count() == created
    assert records.filter(history_type="~").count() == 10 * len(catalogue)
    gone = records.get(history_type="-")
    assert (gone.value, gone.comment, gone.source, gone.version) == (Decimal(6), "撤回", "form", 3)
    assert gone.history_user == admin_user
    changed = records.filter(history_type="~", indicator_id="street_lights").first()
    assert (changed.value, changed.comment, changed.version) == (Decimal(6), "初报", 2)
    assert set(records.values_list("history_user", flat=True)) == {admin_user.pk}
    stored = DataValue.objects.filter(report__region=many_towns[1]).get(indicator="street_lights")
    assert stored.history.count() == 2


def test_a_comment_with_tabs_newlines_and_backslashes_is_stored_as_written(
    many_towns, catalogue, admin_user
):
    comment = "第一行\t制表\n第二行 \\ 反斜杠\r\n"
    row = FigureRow("street_lights", many_towns[0].code, 2023, "7", comment)
    figures_import(rows=[row], user=admin_user, source=Source.API)
    assert DataValue.objects.get().comment == comment
    assert HISTORY.objects.get().comment == comment
