"""The report of a year names the town and its county as they were called that year."""

import pytest

from indicators.divisions import region_rename
from indicators.reports import build_report
from indicators.reports.plain import report_text

pytestmark = pytest.mark.django_db


def test_the_2019_report_shows_the_2019_name_and_the_2021_report_the_new_one(
    admin, catalogue, county, county_towns
):
    town = county_towns[0]
    region_rename(admin, town, name="青岚镇", year=2021, reason="更名批复")
    region_rename(admin, county, name="青岚县", year=2021, reason="撤县设区前更名")
    town.refresh_from_db()
    county.refresh_from_db()

    old = report_text(build_report(admin, town, 2019))
    new = report_text(build_report(admin, town, 2021))

    assert old.startswith("测试1镇2019年度工作报告") and "青岚" not in old
    assert new.startswith("青岚镇2021年度工作报告") and "测试1镇" not in new
    assert report_text(build_report(admin, county, 2019)).startswith("测试县2019年度工作报告")
    assert report_text(build_report(admin, county, 2021)).startswith("青岚县2021年度工作报告")
