import pytest

from indicators.audit.models import Action, AuditEvent
from indicators.divisions import (
    NewRegion,
    RegionChangeRefused,
    name_in,
    names_in,
    names_in_years,
    region_create,
    region_move,
    region_rename,
    region_retire,
    region_split,
    regions_merge,
    stranded_accounts,
)
from indicators.models import ChangeKind, DataStamp, Region, RegionChange, Role, Status
from tests import factories

from .conftest import snapshot

pytestmark = pytest.mark.django_db


def refused(call, *args, **kwargs) -> list[str]:
    before = snapshot()
    with pytest.raises(RegionChangeRefused) as raised:
        call(*args, **kwargs)
    assert snapshot() == before, "a refused change wrote something"
    return raised.value.errors


def test_a_rename_keeps_the_old_name_for_the_years_before(admin, county_towns):
    town = county_towns[0]
    change = region_rename(admin, town, name="新青山镇", year=2021, reason="民政部批复更名")
    town.refresh_from_db()
    assert town.name == "新青山镇"
    assert name_in(town, 2019) == "测试1镇"
    assert name_in(town, 2020) == "测试1镇"
    assert name_in(town, 2021) == "新青山镇"
    assert (change.kind, change.year, change.sources, change.targets) == (
        ChangeKind.RENAME,
        2021,
        [town.code],
        [town.code],
    )
    event = AuditEvent.objects.get(action=Action.REGIONS_CHANGED)
    assert event.details["reason"] == "民政部批复更名"
    assert event.username == "region-admin"


def test_two_renames_give_each_year_its_own_name(admin, county_towns):
    town = county_towns[0]
    region_rename(admin, town, name="乙镇", year=2018, reason="一次")
    region_rename(admin, town.code, name="丙镇", year=2022, reason="两次")
    town.refresh_from_db()
    assert [name_in(town, year) for year in (2017, 2018, 2021, 2022, 2030)] == [
        "测试1镇",
        "乙镇",
        "乙镇",
        "丙镇",
        "丙镇",
    ]
    assert names_in(county_towns[:2], 2017) == {
        county_towns[0].code: "测试1镇",
        county_towns[1].code: "测试2镇",
    }
    both = names_in_years([town], [2017, 2019])
    assert both == {(town.code, 2017): "测试1镇", (town.code, 2019): "乙镇"}


def test_a_rename_out_of_order_or_without_reason_is_refused(admin, county_towns):
    town = county_towns[0]
    region_rename(admin, town, name="乙镇", year=2020, reason="一次")
    errors = refused(region_rename, admin, town, name="丙镇", year=2019, reason="更早")
    assert "使用至 2019 年" in errors[0] and "更名年份应晚于 2020 年" in errors[0]
    assert refused(region_rename, admin, town, name="丙镇", year=2024, reason="  ") == [
        "请填写调整原因。"
    ]
    assert (
        "2000 至 2100" in refused(region_rename, admin, town, name="丙镇", year=1999, reason="x")[0]
    )
    assert refused(region_rename, admin, town, name="乙镇", year=2024, reason="x") == [
        "新名称与现名称相同。"
    ]


def test_only_the_administrator_changes_regions(county_towns, county):
    official = factories.user_with_role(Role.COUNTY, county, "official")
    errors = refused(region_rename, official, county_towns[0], name="乙镇", year=2024, reason="x")
    assert errors == ["只有管理员可以调整行政区划。"]


def test_a_merge_ends_the_sources_and_starts_the_target(admin, county, county_towns):
    a, b = county_towns[:2]
    stamps_before = DataStamp.objects.filter(province="88").values_list("version", flat=True)
    stamps_before = sorted(stamps_before)
    change = regions_merge(
        admin,
        [a, b],
        target=NewRegion("888801201000", "合并镇"),
        year=2026,
        reason="撤并乡镇",
    )
    a.refresh_from_db()
    b.refresh_from_db()
    new = Region.objects.get(code="888801201000")
    assert (a.retired_from, b.retired_from) == (2026, 2026)
    assert (new.active_from, new.parent_id, new.level) == (2026, county.code, "town")
    assert a.exists_in(2025) and not a.exists_in(2026)
    assert list(Region.objects.within(county).towns().existing_in(2026)) == [
        *county_towns[2:],
        new,
    ]
    assert (change.sources, change.targets) == ([a.code, b.code], [new.code])
    assert sorted(DataStamp.objects.filter(province="88").values_list("version", flat=True)) > (
        stamps_before
    )


def test_a_town_may_take_another_in(admin, county_towns):
    a, b = county_towns[:2]
    regions_merge(admin, [a, b], target=a, year=2024, reason="并入")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.retired_from, b.retired_from) == (None, 2024)


def test_a_merge_over_years_with_figures_lists_them_and_changes_nothing(
    admin, county_towns, past_figures
):
    a, b = county_towns[:2]
    errors = refused(
        regions_merge,
        admin,
        [a, b],
        target=NewRegion("888801201000", "合并镇"),
        year=2024,
        reason="撤并",
    )
    assert any(
        a.code in error and "2024 年（" in error and "2025 年（" in error for error in errors
    )
    assert any(b.code in error for error in errors)


def test_a_merge_of_an_already_retired_town_is_refused(admin, county_towns):
    a, c = county_towns[0], county_towns[2]
    region_retire(admin, c, year=2020, reason="撤销")
    errors = refused(regions_merge, admin, [a, c], target=a, year=2022, reason="x")
    assert "已于 2020 年撤销" in errors[0]


def test_a_merge_target_outside_the_county_or_taken_is_refused(admin, county_towns, other_county):
    a, b = county_towns[:2]
    outside = refused(
        regions_merge,
        admin,
        [a, b],
        target=NewRegion("888802201000", "外县镇"),
        year=2026,
        reason="x",
    )
    assert "代码范围" in outside[0]
    taken = county_towns[2]
    region_retire(admin, taken, year=2020, reason="撤销")
    duplicate = refused(
        regions_merge, admin, [a, b], target=NewRegion(taken.code, "重名"), year=2026, reason="x"
    )
    assert "已经存在" in duplicate[0]
    not_a_town = refused(
        regions_merge, admin, [a, b], target=NewRegion("888801000001", "村"), year=2026, reason="x"
    )
    assert "不是镇级代码" in not_a_town[0]
    across = refused(
        regions_merge, admin, [a, factories.town(other_county, 1)], target=a, year=2026, reason="x"
    )
    assert "同一上级" in across[0]


def test_a_split_ends_one_town_and_starts_two(admin, county_towns):
    a = county_towns[0]
    change = region_split(
        admin,
        a,
        targets=[NewRegion("888801201000", "东镇"), NewRegion("888801202000", "西镇")],
        year=2026,
        reason="拆分",
    )
    assert change.targets == ["888801201000", "888801202000"]
    assert Region.objects.get(code=a.code).retired_from == 2026
    assert Region.objects.filter(active_from=2026).count() == 2


def test_a_split_into_one_or_into_the_same_code_twice_is_refused(admin, county_towns):
    a = county_towns[0]
    one = refused(
        region_split, admin, a, targets=[NewRegion("888801201000", "东镇")], year=2026, reason="x"
    )
    assert one == ["拆分后至少要有两个新区划。"]
    twice = refused(
        region_split,
        admin,
        a,
        targets=[NewRegion("888801201000", "东镇"), NewRegion("888801201000", "西镇")],
        year=2026,
        reason="x",
    )
    assert "已经存在" in twice[0]


def test_a_move_gives_the_town_a_code_in_its_new_county(
    admin, county_towns, other_county, past_figures
):
    a = county_towns[0]
    change = region_move(
        admin, a, parent=other_county, code="888802150000", year=2026, reason="区划调整"
    )
    moved = Region.objects.get(code="888802150000")
    assert (moved.name, moved.parent_id, moved.active_from) == ("测试1镇", other_county.code, 2026)
    assert Region.objects.get(code=a.code).retired_from == 2026
    assert (change.kind, change.sources, change.targets) == (
        ChangeKind.MOVE,
        [a.code],
        [moved.code],
    )


def test_a_move_to_a_code_of_the_old_county_or_the_same_county_is_refused(
    admin, county, county_towns, other_county
):
    a = county_towns[0]
    wrong = refused(
        region_move, admin, a, parent=other_county, code="888801150000", year=2026, reason="x"
    )
    assert "代码范围" in wrong[0]
    same = refused(region_move, admin, a, parent=county, code="888801150000", year=2026, reason="x")
    assert "已经属于" in same[0]


def test_create_and_retire(admin, county, county_towns):
    region_create(
        admin, parent=county, new=NewRegion("888801210000", "新设镇"), year=2023, reason="新设"
    )
    new = Region.objects.get(code="888801210000")
    assert (new.level, new.active_from) == ("town", 2023)
    region_retire(admin, new, year=2025, reason="撤销")
    assert Region.objects.get(code=new.code).retired_from == 2025
    assert list(RegionChange.objects.values_list("kind", flat=True)) == [
        ChangeKind.RETIRE,
        ChangeKind.CREATE,
    ]
    again = refused(region_retire, admin, new, year=2026, reason="x")
    assert "已于 2025 年撤销" in again[0]
    too_early = refused(region_rename, admin, new, name="乙镇", year=2023, reason="x")
    assert "2023 年才设立" in too_early[0]


def test_retiring_a_county_with_towns_is_refused(admin, county, county_towns):
    errors = refused(region_retire, admin, county, year=2026, reason="x")
    assert "下辖 4 个区划" in errors[0]


def test_accounts_of_a_retired_town_are_kept_and_listed(admin, county_towns):
    clerk = factories.user_with_role(Role.CLERK, county_towns[0], "clerk-a")
    regions_merge(admin, county_towns[:2], target=county_towns[1], year=2026, reason="并入")
    clerk.refresh_from_db()
    assert clerk.profile.region_id == county_towns[0].code
    assert [profile.user.username for profile in stranded_accounts()] == ["clerk-a"]


def test_a_change_is_refused_while_the_report_of_a_later_year_is_open(admin, county_towns):
    a = county_towns[0]
    factories.ReportFactory(region=a, year=2027, status=Status.DRAFT)
    errors = refused(region_retire, admin, a, year=2026, reason="x")
    assert "2027 年（0 个数字）" in errors[0]


def test_a_merge_before_an_earlier_recorded_merge_of_the_same_town_is_refused(admin, county_towns):
    baiyun, yunyuan, qinghe = county_towns[:3]
    region_rename(admin, baiyun, name="白云镇", year=2020, reason="更名")
    region_rename(admin, yunyuan, name="云源镇", year=2020, reason="更名")
    regions_merge(admin, [baiyun, yunyuan], target=yunyuan, year=2026, reason="并入")
    errors = refused(
        regions_merge,
        admin,
        [baiyun, qinghe],
        target=NewRegion("888801201000", "双河镇"),
        year=2025,
        reason="撤并",
    )
    assert errors == [
        f"白云镇（{baiyun.code}）已于 2026 年并入云源镇（{yunyuan.code}），不能再从 2025 年起合并。"
    ]
    assert not Region.objects.filter(code="888801201000").exists()


def test_a_town_named_in_a_later_change_cannot_end_earlier(admin, county_towns):
    a, b, c, d = county_towns
    regions_merge(admin, [a, b], target=a, year=2026, reason="并入")
    region_rename(admin, c, name="新名镇", year=2027, reason="更名")
    taking_in = refused(
        regions_merge,
        admin,
        [a, d],
        target=NewRegion("888801201000", "合并镇"),
        year=2025,
        reason="x",
    )
    assert taking_in == [
        f"测试1镇（{a.code}）在 2026 年已有区划变更（2026 年合并），"
        "不能再从 2025 年起合并：变更须按年份先后进行。"
    ]
    renamed_later = refused(region_retire, admin, c, year=2025, reason="x")
    assert "在 2027 年已有区划变更（2027 年更名）" in renamed_later[0]
    assert "不能再从 2025 年起撤销" in renamed_later[0]
    split = refused(
        region_split,
        admin,
        b,
        targets=[NewRegion("888801201000", "东镇"), NewRegion("888801202000", "西镇")],
        year=2024,
        reason="x",
    )
    assert split[0].startswith(f"测试2镇（{b.code}）已于 2026 年并入测试1镇（{a.code}）")
    assert split[0].endswith("不能再从 2024 年起拆分。")


def test_a_merge_into_a_town_that_starts_later_or_ends_later_is_refused(
    admin, county, county_towns
):
    a, b, c = county_towns[:3]
    region_create(
        admin, parent=county, new=NewRegion("888801210000", "新设镇"), year=2026, reason="新设"
    )
    not_yet = refused(regions_merge, admin, [a], target="888801210000", year=2025, reason="x")
    assert not_yet == ["新设镇（888801210000）2026 年才设立，在 2025 年还不存在。"]
    regions_merge(admin, [b, c], target=c, year=2027, reason="并入")
    ends_later = refused(regions_merge, admin, [a], target=b, year=2025, reason="x")
    assert ends_later == [
        f"合并目标测试2镇（{b.code}）已于 2027 年并入测试3镇（{c.code}），不能再并入其他区划。"
    ]


def test_a_regional_administrator_changes_only_the_regions_of_their_own_area(
    county, county_towns, other_county
):
    neighbour = factories.town(other_county, 1)
    regional = factories.user_with_role(Role.ADMIN, county, "county-admin")
    errors = refused(region_rename, regional, neighbour, name="外县新镇", year=2021, reason="改名")
    assert errors == [f"您只能调整测试县范围内的区划，{neighbour.code}不在其中。"]
    region_rename(regional, county_towns[0], name="本县新镇", year=2021, reason="改名")
    assert Region.objects.get(code=county_towns[0].code).name == "本县新镇"
