import pytest

from indicators.divisions.regions_csv import RegionFileError, load_regions
from indicators.models import Region

pytestmark = pytest.mark.django_db

GOOD = """code,name,level,parent_code
520000000000,贵州省,province,
520300000000,遵义市,prefecture,520000000000
520322000000,桐梓县,county,520300000000
520322100000,娄山关街道,town,520322000000
520322101000,松坎镇,town,520322000000
"""


def test_a_region_file_loads_the_tree():
    summary = load_regions(GOOD)
    assert summary.created == 5
    assert Region.objects.get(code="520322101000").parent_id == "520322000000"


def test_loading_the_same_file_twice_changes_nothing():
    load_regions(GOOD)
    summary = load_regions(GOOD)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 5)


def test_a_renamed_region_is_updated_in_place():
    load_regions(GOOD)
    summary = load_regions(GOOD.replace("松坎镇", "松坎镇（新）"))
    assert summary.updated == 1
    assert Region.objects.get(code="520322101000").name == "松坎镇（新）"


def test_bad_rows_are_reported_by_line_and_nothing_is_written():
    bad = GOOD + "5203221020,短码镇,town,520322000000\n52032210300X,,village,520322000000\n"
    bad += "520322104000,夜郎镇,hamlet,520322000000\n520322105000,孤镇,town,999999000000\n"
    with pytest.raises(RegionFileError) as raised:
        load_regions(bad)
    errors = raised.value.errors
    assert errors[0].startswith("第 7 行") and "12 位数字" in errors[0]
    assert errors[1].startswith("第 8 行")
    assert errors[2].startswith("第 9 行") and "级别" in errors[2]
    assert errors[3].startswith("第 10 行") and "上级代码" in errors[3]
    assert Region.objects.count() == 0


def test_a_code_outside_its_parents_range_is_refused():
    bad = GOOD + "520400101000,错位镇,town,520322000000\n"
    with pytest.raises(RegionFileError) as raised:
        load_regions(bad)
    assert "代码范围" in raised.value.errors[0]


def test_missing_columns_are_named():
    with pytest.raises(RegionFileError) as raised:
        load_regions("code,name\n520000000000,贵州省\n")
    assert "level" in raised.value.errors[0] and "parent_code" in raised.value.errors[0]


def test_a_subtree_is_a_code_range():
    load_regions(GOOD + "520323000000,绥阳县,county,520300000000\n")
    county = Region.objects.get(code="520322000000")
    assert list(Region.objects.within(county).values_list("code", flat=True)) == [
        "520322000000",
        "520322100000",
        "520322101000",
    ]
    assert Region.objects.within(Region.objects.get(code="520000000000")).count() == 6


def test_the_load_regions_command_reports_errors_without_writing(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "regions.csv"
    path.write_text(GOOD + "bad,坏行,town,520322000000\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第 7 行"):
        call_command("load_regions", str(path))
    assert Region.objects.count() == 0
