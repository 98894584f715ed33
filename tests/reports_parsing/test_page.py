"""The past-reports page: upload, preview with each sentence, confirm through the one write path."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import DataValue, PastReport, Report, Source, Status
from tests import factories

from .corpus import expected, read


@pytest.fixture
def longtan(county):
    return factories.town(county, 5, name="龙潭镇")


@pytest.fixture
def meiling(county):
    return factories.town(county, 6, name="煤岭镇")


@pytest.fixture
def signed_in(client, admin_user, catalogue):
    client.force_login(admin_user)
    return client


def upload(client, name, content, **fields):
    data = {"file": SimpleUploadedFile(name, content), **fields}
    return client.post("/past-reports/", data, follow=True)


def test_a_report_is_previewed_with_each_figure_marked_in_its_sentence(signed_in, longtan):
    response = upload(signed_in, "r.docx", read("reference.docx"), town=longtan.code, year=2021)
    page = response.content.decode()
    assert response.status_code == 200
    assert "安装路灯<mark>450盏</mark>" in page
    assert page.count("<mark>") == len(expected("reference.docx"))
    assert not DataValue.objects.exists()


def test_confirming_writes_the_figures_with_the_source_past_report_and_keeps_sentences(
    signed_in, longtan
):
    response = upload(signed_in, "r.txt", read("chinese.txt"), town=longtan.code, year=2021)
    bundle = PastReport.objects.get().bundle
    response = signed_in.post(f"/past-reports/{bundle}/confirm/", follow=True)
    assert "已导入" in response.content.decode()
    values = DataValue.objects.filter(report__region=longtan, report__year=2021)
    assert {v.indicator_id: v.value for v in values} == expected("chinese.txt")
    assert {h.source for h in DataValue.history.all()} == {Source.PAST_REPORT}
    record = PastReport.objects.get()
    assert record.state == PastReport.State.WRITTEN
    lights = next(f for f in record.figures if f["indicator"] == "street_lights")
    assert lights["sentence"][lights["start"] : lights["end"]] == "四百五十盏"


def test_a_county_zip_lists_each_files_town_year_and_result(signed_in, longtan, meiling):
    response = upload(signed_in, "county.zip", read("county.zip"))
    page = response.content.decode()
    files = {r.file_name: r for r in PastReport.objects.all()}
    assert files["龙潭镇2021年工作报告.txt"].region == longtan
    assert files["煤岭镇_2020.docx"].year == 2020
    assert len(files["煤岭镇_2020.docx"].figures) == len(expected("fullwidth.txt"))
    assert "无法识别这个文件" in files["说明.pdf"].problem
    assert "说明.pdf" in page and "煤岭镇_2020.docx" in page


def test_a_zip_is_written_all_at_once(signed_in, longtan, meiling):
    upload(signed_in, "county.zip", read("county.zip"))
    bundle = PastReport.objects.first().bundle
    signed_in.post(f"/past-reports/{bundle}/confirm/")
    assert set(Report.objects.values_list("region", "year")) == {
        (longtan.code, 2021),
        (meiling.code, 2020),
    }


def test_a_figure_of_a_locked_report_is_shown_refused_and_not_written(signed_in, longtan):
    Report.objects.create(region=longtan, year=2021, status=Status.APPROVED)
    upload(signed_in, "r.txt", read("reference.txt"), town=longtan.code, year=2021)
    record = PastReport.objects.get()
    assert set(record.refusals) == set(expected("reference.txt"))
    response = signed_in.post(f"/past-reports/{record.bundle}/confirm/", follow=True)
    assert "没有可以导入的数字" in response.content.decode()
    assert not DataValue.objects.exists()


def test_a_file_that_cannot_be_read_comes_back_to_the_form_with_why(signed_in, longtan):
    response = upload(signed_in, "r.docx", read("zip_bomb.docx"), town=longtan.code, year=2021)
    assert response.status_code == 400
    assert "解压后过大" in response.content.decode()
    assert not PastReport.objects.exists()


def test_someone_elses_upload_is_not_found(signed_in, client, longtan, clerk):
    upload(signed_in, "r.txt", read("reference.txt"), town=longtan.code, year=2021)
    bundle = PastReport.objects.get().bundle
    client.force_login(clerk)
    assert client.get(f"/past-reports/{bundle}/").status_code == 404
    assert client.post(f"/past-reports/{bundle}/confirm/").status_code == 404


def test_a_clerk_may_choose_only_their_own_town(client, clerk, towns, catalogue):
    client.force_login(clerk)
    response = upload(client, "r.txt", read("reference.txt"), town=towns[1].code, year=2021)
    assert response.status_code == 400
    assert not PastReport.objects.exists()


def test_the_upload_page_asks_for_a_file(signed_in, longtan):
    response = signed_in.get("/past-reports/")
    assert response.status_code == 200
    assert "导入历年报告" in response.content.decode()


def test_a_year_chosen_unlike_the_texts_own_is_warned_about(signed_in, longtan):
    response = upload(signed_in, "r.txt", read("reference.txt"), town=longtan.code, year=2015)
    assert "正文中写的是 2021 年，将按 2015 年导入" in response.content.decode()
