"""Excel and CSV upload: every malformed file gets its own Chinese message and writes nothing."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import DataValue, ImportBatch, Job, Report, Status
from tests.factories import save_figures

CORPUS = Path(__file__).resolve().parent.parent / "excel_corpus"


def upload(client, name: str, content: bytes | None = None):
    content = (CORPUS / name).read_bytes() if content is None else content
    return client.post("/upload/", {"file": SimpleUploadedFile(name, content)}, follow=True)


@pytest.fixture
def signed_in(client, clerk, catalogue):
    client.force_login(clerk)
    return client


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not_excel.xlsx", "无法识别这个文件"),
        ("word_renamed.xlsx", "这是 Word 或 PowerPoint 文件"),
        ("some_zip.xlsx", "这个压缩文件不是 Excel 工作簿"),
        ("truncated.xlsx", "文件已损坏"),
        ("encrypted.xlsx", "设置了打开密码"),
        ("legacy.xls", "旧版 Excel（.xls）"),
        ("empty.xlsx", "文件是空的"),
        ("blank_workbook.xlsx", "文件里没有任何内容"),
        ("missing_columns.xlsx", "找不到表头中的这些列：区划代码、年度"),
        ("merged_cells.xlsx", "合并单元格（D2:D3）"),
        ("zip_bomb.xlsx", "解压后过大"),
        ("binary.csv", "不是文本格式的 CSV"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_its_own_message(
    signed_in, towns, name, message
):
    response = upload(signed_in, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert not DataValue.objects.exists()


def test_a_file_over_the_size_limit_is_refused(signed_in, towns, settings):
    settings.EXCEL_UPLOAD_MAX_BYTES = 6000
    response = upload(signed_in, "too_large.xlsx")
    assert response.status_code in (400, 413)
    assert "文件太大" in response.content.decode()
    assert not DataValue.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("date_in_number.xlsx", "D2 是日期或时间"),
        ("formula_without_value.xlsx", "D2 是公式，但文件里没有它的计算结果"),
        ("formula_error.xlsx", "公式计算出错（#DIV/0!）"),
        ("text_in_number.xlsx", "“一百二十”不是数字"),
        ("negative.xlsx", "不能为负数"),
        ("unknown_region.xlsx", "未知的区划代码：888801999000"),
        ("unknown_indicator.xlsx", "未知的指标代码：street_light"),
        ("duplicate.xlsx", "出现了不止一次"),
        ("other_town.xlsx", "您无权修改"),
        ("future_year.xlsx", "年度应在 2000～"),
        ("bad_year.csv", "应为整数年度"),
    ],
)
def test_a_bad_row_is_marked_in_the_preview_and_nothing_can_be_confirmed(
    signed_in, towns, name, message
):
    response = upload(signed_in, name)
    html = response.content.decode()
    assert response.status_code == 200
    errors = html.split('data-kind="error"')[1].split("</section>")[0]
    assert message in errors
    assert "确认导入" not in html
    batch = ImportBatch.objects.get()
    confirmed = signed_in.post(f"/upload/{batch.pk}/confirm/", follow=True)
    assert confirmed.status_code == 200
    assert not DataValue.objects.exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("formula_cached.xlsx", {"street_lights": Decimal(120)}),
        (
            "messy_but_valid.xlsx",
            {
                "street_lights": Decimal(120),
                "public_toilets": Decimal(3),
                "raw_coal_output": Decimal("1234.5"),
            },
        ),
        ("gbk.csv", {"street_lights": Decimal(120)}),
    ],
)
def test_untidy_but_valid_files_preview_and_import(signed_in, towns, name, expected):
    preview = upload(signed_in, name)
    assert "确认导入" in preview.content.decode()
    assert not DataValue.objects.exists()  # the preview writes nothing

    batch = ImportBatch.objects.get()
    done = signed_in.post(f"/upload/{batch.pk}/confirm/", follow=True)

    assert "导入：新增" in done.content.decode()
    stored = dict(DataValue.objects.values_list("indicator_id", "value"))
    assert stored == expected
    assert set(DataValue.history.values_list("source", flat=True)) == {"import"}


def test_a_formula_is_never_taken_as_zero(signed_in, towns):
    upload(signed_in, "formula_without_value.xlsx")
    assert not DataValue.objects.filter(value=0).exists()


def test_confirming_after_someone_saved_since_the_preview_writes_nothing(
    signed_in, towns, reviewer
):
    upload(signed_in, "gbk.csv")
    batch = ImportBatch.objects.get()
    save_figures(towns[0], 2024, {"public_toilets": 2}, user=reviewer)

    response = signed_in.post(f"/upload/{batch.pk}/confirm/", follow=True)

    assert "没有导入" in response.content.decode()
    assert not DataValue.objects.filter(indicator_id="street_lights").exists()
    # The page now shows the check against the current figures: confirming again works.
    signed_in.post(f"/upload/{batch.pk}/confirm/")
    assert DataValue.objects.get(indicator_id="street_lights").value == 120


def test_a_batch_is_imported_once(signed_in, towns):
    upload(signed_in, "gbk.csv")
    batch = ImportBatch.objects.get()
    signed_in.post(f"/upload/{batch.pk}/confirm/")
    again = signed_in.post(f"/upload/{batch.pk}/confirm/", follow=True)
    assert "已经导入过了" in again.content.decode()
    assert DataValue.history.count() == 1


def test_another_users_batch_is_not_found(signed_in, client, towns, reviewer):
    upload(signed_in, "gbk.csv")
    batch = ImportBatch.objects.get()
    client.force_login(reviewer)
    assert client.get(f"/upload/{batch.pk}/").status_code == 404
    assert client.post(f"/upload/{batch.pk}/confirm/").status_code == 404


def test_a_locked_report_is_an_error_row(signed_in, towns):
    Report.objects.create(region=towns[0], year=2024, status=Status.APPROVED)
    html = upload(signed_in, "gbk.csv").content.decode()
    assert "已审核锁定" in html.split('data-kind="error"')[1]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/upload/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_upload_page_answers_in_a_fixed_number_of_queries(
    signed_in, towns, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert signed_in.get("/upload/").status_code == 200


def test_a_file_just_over_the_limit_is_refused_with_its_own_size(signed_in, towns):
    response = upload(signed_in, "big.csv", b"x" * (5 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "文件太大（5.1 MB），上限为 5 MB" in response.content.decode()
    assert not Job.objects.exists() and not ImportBatch.objects.exists()
    assert not DataValue.objects.exists()


def test_a_file_far_over_the_limit_is_refused_before_it_is_read(signed_in, towns):
    response = upload(signed_in, "big.csv", b"x" * (6 * 1024 * 1024))
    assert response.status_code == 413
    assert "文件太大（6 MB），上限为 5 MB" in response.content.decode()
    assert not Job.objects.exists() and not DataValue.objects.exists()


def test_an_upload_is_read_and_checked_by_a_job_that_leads_to_the_preview(signed_in, towns):
    response = signed_in.post(
        "/upload/", {"file": SimpleUploadedFile("a.csv", (CORPUS / "gbk.csv").read_bytes())}
    )
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert signed_in.get(response["Location"])["Location"] == f"/upload/{job.batch_id}/"


def test_the_preview_page_reads_the_kept_check_in_a_fixed_number_of_queries(
    signed_in, towns, django_assert_max_num_queries
):
    upload(signed_in, "messy_but_valid.xlsx")
    batch = ImportBatch.objects.get()
    with django_assert_max_num_queries(6):
        html = signed_in.get(f"/upload/{batch.pk}/").content.decode()
    assert 'data-count="created">3<' in html


def test_checking_again_sees_a_figure_saved_since(signed_in, towns, reviewer):
    upload(signed_in, "gbk.csv")
    batch = ImportBatch.objects.get()
    save_figures(towns[0], 2024, {"street_lights": (120, "路灯改造")}, user=reviewer)

    html = signed_in.post(f"/upload/{batch.pk}/check/", follow=True).content.decode()

    assert 'data-count="unchanged">1<' in html and "没有需要导入的改动" in html
