import pytest

from indicators.audit.models import Action, AuditEvent
from indicators.divisions import RegionChangeRefused, codes_apply, codes_diff, name_in
from indicators.divisions.regions_csv import load_regions
from indicators.models import ChangeKind, Region, RegionChange, Role, Status
from tests import factories

from .conftest import snapshot

pytestmark = pytest.mark.django_db

EDITION_2020 = """code,name,level,parent_code
520000000000,贵州省,province,
520300000000,遵义市,prefecture,520000000000
520322000000,桐梓县,county,520300000000
520322100000,娄山关街道,town,520322000000
520322101000,松坎镇,town,520322000000
520322102000,高桥镇,town,520322000000
"""

# The 2024 edition: 高桥镇 gone, 松坎镇 renamed, 新站镇 new.
EDITION_2024 = """code,name,level,parent_code
520000000000,贵州省,province,
520300000000,遵义市,prefecture,520000000000
520322000000,桐梓县,county,520300000000
520322100000,娄山关街道,town,520322000000
520322101000,松坎街道,town,520322000000
520322103000,新站镇,town,520322000000
"""


@pytest.fixture
def loaded(db):
    load_regions(EDITION_2020)


def test_the_diff_lists_new_renamed_and_missing_codes_and_writes_nothing(loaded):
    before = snapshot()
    diff = codes_diff(EDITION_2024)
    assert snapshot() == before
    assert diff.errors == []
    assert [row.code for row in diff.new] == ["520322103000"]
    assert [(item.region.code, item.region.name, item.name) for item in diff.renamed] == [
        ("520322101000", "松坎镇", "松坎街道")
    ]
    assert [region.code for region in diff.missing] == ["520322102000"]
    assert diff.unchanged == 4
    assert diff.scope == ["520000000000"]


def test_applying_the_diff_renames_with_history_starts_and_retires(loaded, admin):
    town = Region.objects.get(code="520322102000")
    factories.seed_figures(
        {(town.code, 2022): {factories.IndicatorFactory().code: 7}}, status=Status.APPROVED
    )
    codes_apply(admin, EDITION_2024, 2024, "2024 年版统计用区划代码")
    retired = Region.objects.get(code="520322102000")
    assert retired.retired_from == 2024  # kept, with its 2022 figures
    assert retired.reports.get(year=2022).values.count() == 1
    assert Region.objects.get(code="520322103000").active_from == 2024
    renamed = Region.objects.get(code="520322101000")
    assert (name_in(renamed, 2023), name_in(renamed, 2024)) == ("松坎镇", "松坎街道")
    kinds = sorted(RegionChange.objects.values_list("kind", flat=True))
    assert kinds == sorted([ChangeKind.CREATE, ChangeKind.RENAME, ChangeKind.RETIRE])
    event = AuditEvent.objects.get(action=Action.REGIONS_CHANGED)
    assert event.details["retired"] == ["520322102000"]
    assert event.details["reason"] == "2024 年版统计用区划代码"
    # The same edition again: nothing left to change.
    assert not codes_diff(EDITION_2024).changed


def test_bad_rows_are_reported_by_line_and_nothing_changes(loaded, admin):
    bad = EDITION_2024 + "52032210400,短码镇,town,520322000000\n520322105000,,town,520322000000\n"
    bad += "520322103000,重复镇,town,520322000000\n"
    diff = codes_diff(bad)
    assert [error.split("：")[0] for error in diff.errors] == ["第 8 行", "第 9 行", "第 10 行"]
    before = snapshot()
    with pytest.raises(RegionChangeRefused):
        codes_apply(admin, bad, 2024, "x")
    assert snapshot() == before
    assert "缺少列：level、parent_code" in codes_diff("code,name\n1,2\n").errors[0]


def test_a_missing_code_with_figures_from_the_year_on_is_not_retired(loaded, admin):
    town = Region.objects.get(code="520322102000")
    factories.seed_figures({(town.code, 2024): {factories.IndicatorFactory().code: 7}})
    before = snapshot()
    with pytest.raises(RegionChangeRefused) as raised:
        codes_apply(admin, EDITION_2024, 2024, "x")
    assert "高桥镇" in raised.value.errors[0] and "2024 年（1 个数字）" in raised.value.errors[0]
    assert snapshot() == before
    codes_apply(admin, EDITION_2024, 2025, "x")
    assert Region.objects.get(code=town.code).retired_from == 2025


def test_a_county_file_retires_nothing_outside_its_county(loaded, admin):
    county_only = "\n".join(
        line
        for line in EDITION_2024.splitlines()
        if not line.startswith(("5200", "5203,", "520300"))
    )
    diff = codes_diff(county_only + "\n")
    assert diff.scope == ["520322000000"]
    assert [region.code for region in diff.missing] == ["520322102000"]
    factories.county("520399000000", "别县")
    assert "520399000000" not in [region.code for region in codes_diff(county_only).missing]


def test_a_retired_code_cannot_come_back(loaded, admin):
    codes_apply(admin, EDITION_2024, 2024, "x")
    diff = codes_diff(EDITION_2020)
    assert any("520322102000" in error and "已于 2024 年撤销" in error for error in diff.errors)


def test_a_gbk_file_with_chinese_levels_reads_as_the_utf8_one(loaded):
    from indicators.divisions.regions_csv import decode_csv

    chinese = (
        EDITION_2024.replace(",province,", ",省,")
        .replace(",prefecture,", ",地区,")
        .replace(",county,", ",县,")
        .replace("街道,town,", "街道,街道,")
        .replace(",town,", ",乡镇,")
    )
    assert ",乡镇," in chinese and ",街道," in chinese
    for data in (
        chinese.encode("gbk"),
        chinese.encode("gb18030"),
        chinese.encode("utf-8"),
        "\ufeff".encode() + chinese.encode("utf-8"),
    ):
        diff = codes_diff(decode_csv(data))
        assert diff.errors == []
        assert [row.code for row in diff.new] == ["520322103000"]
        assert [row.level for row in diff.new] == ["town"]
        assert diff.unchanged == 4


def test_a_missing_column_or_empty_cell_is_named_with_its_line(loaded):
    no_level = codes_diff("code,name,parent_code\n520000000000,贵州省,\n")
    assert no_level.errors == [
        "第 1 行（表头）缺少列：level（需要 code,name,level,parent_code，可选 name_en）。"
    ]
    empty_parent = codes_diff(EDITION_2024.replace("松坎街道,town,520322000000", "松坎街道,town,"))
    assert empty_parent.errors == [
        "第 6 行：parent_code 列（上级代码）为空：只有省级区划可以没有上级。"
    ]
    empty_name = codes_diff(EDITION_2024.replace("新站镇", ""))
    assert empty_name.errors == ["第 7 行：name 列（名称）为空。"]
    short = codes_diff(EDITION_2024 + "520322104000,短行镇\n")
    assert short.errors == ["第 8 行：缺少 level 列（这一行的逗号少了）。"]
    unknown = codes_diff(EDITION_2024.replace("新站镇,town", "新站镇,小镇"))
    assert unknown.errors[0].startswith("第 7 行：级别“小镇”无效")


def test_a_code_whose_parent_changed_says_which_parent(loaded):
    moved = EDITION_2024.replace(
        "520322101000,松坎街道,town,520322000000", "520322101000,松坎街道,town,520300000000"
    )
    diff = codes_diff(moved)
    assert diff.errors[0].startswith("第 6 行")
    diff = codes_diff(
        EDITION_2020 + "520322900000,测试,town,520322000000\n"
    )  # unchanged file + a new town: fine
    assert diff.errors == []
    relabelled = codes_diff(EDITION_2020.replace("高桥镇,town", "高桥镇,village"))
    assert relabelled.errors == [
        "第 7 行：代码“520322102000”（高桥镇）在系统中是镇级，文件中为村级。"
    ]


def test_a_regional_administrator_cannot_apply_an_edition_beyond_their_area(loaded):
    county = Region.objects.get(code="520322000000")
    regional = factories.user_with_role(Role.ADMIN, county, "county-admin")
    neighbour = EDITION_2024 + "520323000000,绥阳县,county,520300000000\n"
    before = snapshot()
    with pytest.raises(RegionChangeRefused) as raised:
        codes_apply(regional, neighbour, 2024, "新版区划代码")
    assert "520323000000" in raised.value.errors[0] and snapshot() == before
    codes_apply(regional, EDITION_2024, 2024, "新版区划代码")
    assert Region.objects.get(code="520322101000").name == "松坎街道"


def test_a_new_county_and_its_new_town_start_from_one_edition(loaded, admin):
    edition = (
        EDITION_2020
        + "520323000000,绥阳县,county,520300000000\n"
        + "520323101000,洋川镇,town,520323000000\n"
    )
    codes_apply(admin, edition, 2024, "新增绥阳县")
    town = Region.objects.get(code="520323101000")
    assert (town.parent_id, town.active_from) == ("520323000000", 2024)
