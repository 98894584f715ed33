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


def test_the_pages_of_a_year_name_the_town_as_it_was_then(
    client, admin, catalogue, county, county_towns
):
    """The progress page, the entry page, the report page and its Word file of 2019
    say the 2019 name; those of 2021 the new one. The API keeps the current name."""
    import io

    from docx import Document

    town = county_towns[0]
    region_rename(admin, town, name="青岚镇", year=2021, reason="更名批复")
    region_rename(admin, county, name="青岚县", year=2021, reason="更名")
    client.force_login(admin)

    def page(path: str) -> str:
        response = client.get(path)
        assert response.status_code == 200, path
        return response.content.decode()

    old_progress = page(f"/progress/?county={county.code}&year=2019")
    assert "测试县 2019 年填报进度" in old_progress
    assert "测试1镇" in old_progress and "青岚镇" not in old_progress
    new_progress = page(f"/progress/?county={county.code}&year=2021")
    assert "青岚县 2021 年填报进度" in new_progress and "青岚镇" in new_progress
    assert "测试1镇 2019 年数字填报" in page(f"/entry/{town.code}/2019/")
    assert "青岚镇 2021 年数字填报" in page(f"/entry/{town.code}/2021/")
    assert "测试1镇 2019 年度工作报告" in page(f"/report/{town.code}/2019/")
    assert "青岚镇 2021 年度工作报告" in page(f"/report/{town.code}/2021/")
    word = client.get(f"/report/{town.code}/2019/docx/")
    properties = Document(io.BytesIO(b"".join(word.streaming_content))).core_properties
    assert properties.author == "测试1镇"
    assert properties.title.startswith("测试1镇2019年度工作报告")
