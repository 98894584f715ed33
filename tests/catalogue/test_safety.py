"""Nothing entered is lost or silently changed: unit conversions through the one write
path with history, approved reports untouched, narrower bounds confirmed, scopes."""

from decimal import Decimal

import pytest

from indicators.catalogue import editing
from indicators.catalogue.editing import CatalogueRefused
from indicators.figures import FigureRow
from indicators.figures.targets import targets_import
from indicators.models import DataValue, Indicator, Region, Source, Status, Target
from tests import factories
from tests.factories import seed_figures

from .conftest import FARMLAND, snapshot

pytestmark = pytest.mark.django_db


def refused(call, **kwargs) -> CatalogueRefused:
    before = snapshot()
    with pytest.raises(CatalogueRefused) as caught:
        call(**kwargs)
    assert snapshot() == before
    return caught.value


def figure(town, year, code="road_investment") -> DataValue:
    return DataValue.objects.get(report__region=town, report__year=year, indicator_id=code)


@pytest.fixture
def invested(catalogue, towns, admin_user):
    """Road investment in 万元: two draft years, and a target of the county."""
    seed_figures({(towns[0], 2024): {"road_investment": "12345"}})
    seed_figures({(towns[0], 2025): {"road_investment": "20000"}})
    summary = targets_import(
        rows=[FigureRow("road_investment", towns[0].parent_id, 2026, "30000")], user=admin_user
    )
    assert not summary.conflicts
    return towns[0]


def test_a_unit_change_on_figures_needs_a_conversion(invested, admin_user):
    refusal = refused(
        editing.indicator_change,
        user=admin_user,
        code="road_investment",
        fields={"unit": "亿元"},
        reason="改用亿元",
    )
    assert (refusal.code, refusal.field) == ("unit_needs_conversion", "conversion")
    assert "换算系数" in refusal.message


def test_wan_yuan_to_yi_yuan_converts_every_figure_and_keeps_its_history(invested, admin_user):
    version = editing.indicator_change(
        user=admin_user,
        code="road_investment",
        fields={"unit": "亿元", "unit_en": "100M yuan", "decimals": 4},
        reason="改用亿元",
        conversion=Decimal("0.0001"),
    )
    road = Indicator.objects.get(code="road_investment")
    assert (road.unit, road.decimals, road.min_value, road.max_value) == ("亿元", 4, 0, 100)
    assert figure(invested, 2024).value == Decimal("1.2345")
    assert figure(invested, 2025).value == Decimal("2")
    latest = figure(invested, 2024)
    assert latest.source == Source.CONVERSION
    history = list(latest.history.order_by("history_date").values_list("value", flat=True))
    assert history[0] == Decimal("12345") and history[-1] == Decimal("1.2345")
    assert Target.objects.get(indicator_id="road_investment").value == Decimal("3")
    converted = next(c for c in version.changes if c["action"] == "converted")
    assert (converted["factor"], converted["figures"], converted["targets"]) == ("0.0001", 2, 1)


def test_a_converted_figure_keeps_its_comment_as_the_explanation_of_its_jump(
    catalogue, towns, admin_user
):
    seed_figures({(towns[0], 2024): {"road_investment": "10000"}})
    seed_figures({(towns[0], 2025): {"road_investment": ("20000", "新修通村公路")}})
    assert not figure(towns[0], 2025).comment_outdated
    editing.indicator_change(
        user=admin_user,
        code="road_investment",
        fields={"unit": "亿元", "decimals": 4},
        reason="改用亿元",
        conversion=Decimal("0.0001"),
    )
    converted = figure(towns[0], 2025)
    assert (converted.value, converted.comment) == (Decimal("2"), "新修通村公路")
    assert not converted.comment_outdated  # the +100 % still explained: submit is not held


def test_a_conversion_that_would_lose_digits_is_refused(invested, towns, admin_user):
    # 20000.5 万元 is 2.00005 亿元: five decimals, more than the four stored.
    seed_figures({(towns[1], 2025): {"road_investment": "20000.5"}})
    refusal = refused(
        editing.indicator_change,
        user=admin_user,
        code="road_investment",
        fields={"unit": "亿元", "decimals": 4},
        reason="改用亿元",
        conversion="0.0001",
    )
    assert (refusal.code, refusal.field) == ("conversion_decimals", "decimals")
    assert "5 位小数" in refusal.message


def test_a_conversion_asks_for_the_decimals_it_needs(catalogue, towns, admin_user):
    seed_figures({(towns[0], 2024): {"road_investment": "12345"}})
    refusal = refused(
        editing.indicator_change,
        user=admin_user,
        code="road_investment",
        fields={"unit": "亿元"},
        reason="改用亿元",
        conversion="0.0001",
    )
    assert refusal.code == "conversion_decimals"
    assert "请把小数位数改为 4" in refusal.message


def test_an_approved_report_is_never_altered_by_a_conversion(catalogue, towns, admin_user):
    seed_figures({(towns[0], 2023): {"road_investment": "10000"}}, status=Status.APPROVED)
    seed_figures({(towns[1], 2024): {"road_investment": "20000"}}, status=Status.SUBMITTED)
    seed_figures({(towns[2], 2024): {"road_investment": "30000"}})
    refusal = refused(
        editing.indicator_change,
        user=admin_user,
        code="road_investment",
        fields={"unit": "亿元", "decimals": 4},
        reason="改用亿元",
        conversion="0.0001",
    )
    assert refusal.code == "conversion_locked"
    assert "2 份已提交或已审核的报表" in refusal.message
    assert "新建一个使用新单位的指标" in refusal.message
    assert {(d["region"], d["year"]) for d in refusal.details} == {
        (towns[0].code, 2023),
        (towns[1].code, 2024),
    }
    assert figure(towns[0], 2023).value == Decimal("10000")


def test_the_aggregation_of_approved_figures_is_fixed_and_of_drafts_free(
    catalogue, towns, admin_user
):
    seed_figures({(towns[0], 2023): {"road_investment": "10000"}}, status=Status.APPROVED)
    refusal = refused(
        editing.indicator_change,
        user=admin_user,
        code="road_investment",
        fields={"aggregation": "mean"},
        reason="改为平均",
    )
    assert (refusal.code, refusal.field) == ("aggregation_fixed", "aggregation")
    assert "已审定的合计" in refusal.message
    seed_figures({(towns[1], 2024): {"jobs_created": "120"}})  # a draft only
    editing.indicator_change(
        user=admin_user, code="jobs_created", fields={"aggregation": "max"}, reason="取最大"
    )
    assert Indicator.objects.get(code="jobs_created").aggregation == "max"


def test_a_conversion_factor_must_be_a_positive_number(invested, admin_user):
    for factor in ("0", "-1", "abc", "NaN"):
        refusal = refused(
            editing.indicator_change,
            user=admin_user,
            code="road_investment",
            fields={"unit": "亿元", "decimals": 4},
            reason="改用亿元",
            conversion=factor,
        )
        assert (refusal.code, refusal.field) == ("bad_value", "conversion")


def test_narrower_bounds_list_the_figures_outside_and_never_change_them(invested, admin_user):
    assert editing.figures_outside("road_investment", Decimal(0), Decimal(15000)) == [
        {"region": invested.code, "region_name": invested.name, "year": 2025, "value": "20000.00"}
    ]
    refusal = refused(
        editing.indicator_change,
        user=admin_user,
        code="road_investment",
        fields={"max_value": "15000"},
        reason="收窄",
    )
    assert (refusal.code, refusal.field) == ("bounds_exclude_figures", "max_value")
    assert refusal.details == [
        {"region": invested.code, "region_name": invested.name, "year": 2025, "value": "20000.00"}
    ]
    version = editing.indicator_change(
        user=admin_user,
        code="road_investment",
        fields={"max_value": "15000"},
        reason="收窄",
        confirm_outside=True,
    )
    assert Indicator.objects.get(code="road_investment").max_value == 15000
    assert figure(invested, 2025).value == Decimal("20000")
    assert {"action": "outside_confirmed", "figures": 1}.items() <= version.changes[-1].items()


def test_a_wider_bound_needs_no_confirmation(invested, admin_user):
    editing.indicator_change(
        user=admin_user, code="road_investment", fields={"max_value": "2000000"}, reason="放宽"
    )
    assert Indicator.objects.get(code="road_investment").max_value == 2000000


def test_a_scope_may_not_leave_figures_outside(invested, admin_user, other_county):
    refusal = refused(
        editing.indicator_change,
        user=admin_user,
        code="road_investment",
        fields={"scope": other_county.code},
        reason="只给邻县",
    )
    assert (refusal.code, refusal.field) == ("scope_excludes_figures", "scope")
    editing.indicator_change(
        user=admin_user,
        code="road_investment",
        fields={"scope": invested.parent_id},
        reason="本县指标",
    )
    assert Indicator.objects.get(code="road_investment").scope_id == invested.parent_id


def test_a_county_administrator_keeps_to_the_county(catalogue, county, other_county):
    local = factories.user_with_role("admin", county, "county-admin")
    version = editing.indicator_add(user=local, fields=FARMLAND, reason="本县指标")
    assert Indicator.objects.get(code="farmland_built").scope_id == county.code
    assert version.username == "county-admin"
    for call, kwargs in (
        (editing.indicator_add, {"fields": {**FARMLAND, "code": "f2", "scope": None}}),
        (editing.indicator_add, {"fields": {**FARMLAND, "code": "f3", "scope": other_county.code}}),
        (editing.indicator_change, {"code": "raw_coal_output", "fields": {"name": "原煤"}}),
        (editing.indicator_change, {"code": "farmland_built", "fields": {"scope": None}}),
        (editing.section_change, {"code": "party", "fields": {"is_public": False}}),
    ):
        assert refused(call, user=local, reason="试", **kwargs).code == "forbidden"
    editing.indicator_change(
        user=local, code="farmland_built", fields={"name": "高标准农田"}, reason="改名"
    )
    assert Region.objects.get(code=county.code).own_indicators.get().name == "高标准农田"
