"""A merge or a move from the year being entered carries the open figures and targets
to the successor, through the write paths; a split refuses them; submitted and
approved reports still refuse every change."""

from decimal import Decimal

import pytest

from indicators.audit.models import Action, AuditEvent
from indicators.catalogue.years import current_year
from indicators.divisions import (
    NewRegion,
    RegionChangeRefused,
    region_move,
    region_split,
    regions_merge,
    succession_preview,
)
from indicators.models import DataValue, Region, Source, Status, Target
from tests import factories

from .conftest import snapshot

pytestmark = pytest.mark.django_db

YEAR = current_year()  # the open year: figures may be written up to it
NEW = "888801201000"


@pytest.fixture
def indicators(db):
    make = factories.IndicatorFactory
    return {
        "output": make(code="output", aggregation="sum"),
        "mines": make(code="mines", aggregation="max", value_type="integer", decimals=0),
        "days": make(code="days", aggregation="min", value_type="integer", decimals=0),
        "rate": make(code="rate", aggregation="mean", max_value=Decimal(100)),
        "bar": make(code="bar", aggregation="none"),
        "capped": make(code="capped", aggregation="sum", max_value=Decimal(100)),
        "jobs": make(code="jobs", aggregation="sum", value_type="integer", decimals=0),
    }


@pytest.fixture
def entered(indicators, county_towns):
    """The open year's drafts of towns 1 and 2 (town 2 has no ``bar`` nor ``jobs``),
    and their targets."""
    a, b = county_towns[:2]
    factories.seed_figures(
        {
            (a, YEAR): {
                "output": ("10.50", "新矿投产"),
                "mines": 3,
                "days": 300,
                "rate": "40",
                "bar": "1",
                "capped": "60",
                "jobs": 7,
            },
            (b, YEAR): {
                "output": ("4.25", "停产整顿"),
                "mines": 5,
                "days": 200,
                "rate": "60",
                "capped": "70",
            },
        },
        status=Status.DRAFT,
    )
    factories.TargetFactory(indicator=indicators["output"], region=a, year=YEAR, value=12)
    factories.TargetFactory(indicator=indicators["output"], region=b, year=YEAR, value=5)
    factories.TargetFactory(indicator=indicators["rate"], region=a, year=YEAR, value=50)
    return a, b


def figures_of(code: str, year: int = YEAR) -> dict[str, tuple[Decimal, str]]:
    rows = DataValue.objects.filter(report__region_id=code, report__year=year)
    return {
        indicator: (value, comment)
        for indicator, value, comment in rows.values_list("indicator_id", "value", "comment")
    }


def merge(admin, towns, **kwargs):
    return regions_merge(
        admin, towns, target=NewRegion(NEW, "合并镇"), year=YEAR, reason="撤并乡镇", **kwargs
    )


def test_a_merge_combines_the_open_figures_by_aggregation_and_lists_the_rest(admin, entered):
    a, b = entered
    change = merge(admin, [a, b])

    merged = figures_of(NEW)
    assert merged == {
        "output": (Decimal("14.75"), "测试1镇：新矿投产；测试2镇：停产整顿"),
        "mines": (Decimal(5), ""),
        "days": (Decimal(200), ""),
    }
    assert set(
        DataValue.objects.filter(report__region_id=NEW).values_list("source", flat=True)
    ) == {Source.IMPORT}
    reentry = {item.indicator.code: item for item in change.carry.reentry}
    assert set(reentry) == {"rate", "bar", "capped", "jobs"}
    assert "平均" in reentry["rate"].why and "不汇总" in reentry["bar"].why
    assert "测试2镇 没有这个数字" in reentry["jobs"].why
    assert "不能保存" in reentry["capped"].why and "130" in reentry["capped"].why
    assert reentry["rate"].shown_parts == [("测试1镇", "40.00"), ("测试2镇", "60.00")]
    # The sources keep nothing of the open year; the history keeps what they had.
    assert figures_of(a.code) == figures_of(b.code) == {}
    removed = DataValue.history.filter(history_type="-", report__region_id=a.code)
    assert removed.count() == 7
    # Targets: the sum carried, the mean removed and listed.
    assert list(
        Target.objects.filter(year=YEAR).values_list("region_id", "indicator_id", "value")
    ) == [(NEW, "output", Decimal(17))]
    assert [item.indicator.code for item in change.carry.targets_removed] == ["rate"]
    event = AuditEvent.objects.get(action=Action.REGIONS_CHANGED)
    assert event.details["figures_carried"] == 3
    assert event.details["figures_to_reenter"] == 4
    assert event.details["figures_removed"] == 12
    assert event.details["targets_removed"] == 1


def test_a_preview_changes_nothing_and_a_stale_one_is_not_confirmed(admin, entered):
    a, b = entered
    figures_before = sorted(
        DataValue.objects.values_list("report__region_id", "indicator_id", "value")
    )
    before = snapshot()
    preview = succession_preview(
        regions_merge, admin, [a, b], target=NewRegion(NEW, "合并镇"), year=YEAR, reason="撤并"
    )
    assert [item.indicator.code for item in preview.carried] == ["output", "mines", "days"]
    assert snapshot() == before
    assert sorted(DataValue.objects.values_list("report__region_id", "indicator_id", "value")) == (
        figures_before
    )
    factories.save_figures(b, YEAR, {"output": "5"}, user=admin)
    with pytest.raises(RegionChangeRefused) as refused:
        merge(admin, [a, b], expected=preview.digest)
    assert "预览之后" in refused.value.errors[0]
    assert snapshot() == before
    merge(
        admin,
        [a, b],
        expected=succession_preview(
            regions_merge, admin, [a, b], target=NewRegion(NEW, "合并镇"), year=YEAR, reason="撤并"
        ).digest,
    )
    assert figures_of(NEW)["output"][0] == Decimal("15.50")


def test_a_town_taking_another_in_counts_its_own_figures(admin, entered):
    a, b = entered
    regions_merge(admin, [a, b], target=a, year=YEAR, reason="并入")
    kept = figures_of(a.code)
    assert kept["output"] == (Decimal("14.75"), "测试1镇：新矿投产；测试2镇：停产整顿")
    assert kept["rate"] == (Decimal(40), "")  # a mean stays a's own, listed to re-enter
    assert figures_of(b.code) == {}


def test_a_submitted_or_approved_report_still_refuses_the_merge(admin, entered):
    a, b = entered
    factories.seed_figures({(b, YEAR): {"output": "4.25"}}, status=Status.SUBMITTED)
    before = snapshot()
    with pytest.raises(RegionChangeRefused) as refused:
        merge(admin, [a, b])
    assert any(
        b.code in error and f"{YEAR} 年（已提交" in error and "退回" in error
        for error in refused.value.errors
    )
    assert snapshot() == before


def test_a_refusal_of_the_write_path_refuses_the_merge_and_writes_nothing(
    admin, entered, county_towns
):
    a, b = entered
    d = county_towns[2]
    factories.seed_figures({(d, YEAR): {"output": "1"}}, status=Status.SUBMITTED)
    before = snapshot()
    figures_before = sorted(
        DataValue.objects.values_list("report__region_id", "indicator_id", "value")
    )
    with pytest.raises(RegionChangeRefused) as refused:
        regions_merge(admin, [a, b], target=d, year=YEAR, reason="并入")
    assert refused.value.errors[0] == "数字未能随区划调整转入，没有调整："
    assert "已提交审核" in refused.value.errors[1]
    assert snapshot() == before
    assert sorted(DataValue.objects.values_list("report__region_id", "indicator_id", "value")) == (
        figures_before
    )


def test_a_move_takes_the_open_figures_and_targets_along_unchanged(admin, entered, other_county):
    a, _b = entered
    before = figures_of(a.code)
    change = region_move(
        admin, a, parent=other_county, code="888802150000", year=YEAR, reason="划转"
    )
    assert figures_of("888802150000") == before
    assert figures_of(a.code) == {}
    assert change.carry.reentry == []
    assert set(
        Target.objects.filter(region_id="888802150000").values_list("indicator_id", "value")
    ) == {
        ("output", Decimal(12)),
        ("rate", Decimal(50)),
    }


def test_a_split_refuses_open_figures_and_removes_the_targets(admin, entered, county_towns):
    a, _b = entered
    news = [NewRegion("888801201000", "东镇"), NewRegion("888801202000", "西镇")]
    before = snapshot()
    with pytest.raises(RegionChangeRefused) as refused:
        region_split(admin, a, targets=news, year=YEAR, reason="拆分")
    assert "份额" in refused.value.errors[0] and "重新填报" in refused.value.errors[0]
    assert snapshot() == before
    c = county_towns[2]
    factories.TargetFactory(
        indicator=Target.objects.first().indicator, region=c, year=YEAR, value=3
    )
    change = region_split(admin, c, targets=news, year=YEAR, reason="拆分")
    assert [item.indicator.code for item in change.carry.targets_removed] == ["output"]
    assert not Target.objects.filter(region=c, year=YEAR).exists()
    assert Region.objects.get(code=c.code).retired_from == YEAR
