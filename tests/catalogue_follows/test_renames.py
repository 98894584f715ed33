"""The annual report follows an indicator's new name and unit: the installation's template
files still bind (by the catalogue file's name and unit) and print the unit the figures
are stored in; the regions' saved templates are saved again with the figure renamed;
the indicator's own sentence writes its new unit."""

import io
from decimal import Decimal

import pytest
from docx import Document

from indicators.catalogue.editing import CatalogueRefused, indicator_add, indicator_change
from indicators.catalogue.follow import sentence_followed
from indicators.models import CatalogueVersion, Indicator, ReportTemplateVersion
from indicators.reports import build_report
from indicators.reports.document import FigureRun
from indicators.reports.editing import Renamed, figures_renamed, template_save
from indicators.reports.loader import default_texts
from indicators.reports.plain import report_text
from tests.factories import save_figures

pytestmark = pytest.mark.django_db

ROAD = (
    "road_investment"  # 道路硬化投入, 万元, in 02_urbanisation.txt as 【道路硬化投入，目标】余万元
)
PART = "02_urbanisation"


def figures(report, code: str) -> list[FigureRun]:
    return [run for run in report.figures if run.code == code]


@pytest.fixture
def road_figures(towns, clerk, admin_user):
    """Town 1: 12345 万元 in 2025 and 10000 万元 in 2024; town 2: 5000 万元 in 2025 (drafts)."""
    save_figures(towns[0], 2025, {ROAD: "12345"}, user=clerk)
    save_figures(towns[0], 2024, {ROAD: "10000"}, user=clerk)
    save_figures(towns[1], 2025, {ROAD: "5000"}, user=admin_user)


@pytest.fixture
def town_template(towns, reviewer, catalogue):
    """Town 1's own version of the urbanisation part: the file's, with a line of its own."""
    text = default_texts(towns[0].level)[PART] + "\n本镇道路投入【道路硬化投入】万元。\n"
    return template_save(reviewer, towns[0], PART, text, "加一句")


def rename_and_convert(admin_user) -> CatalogueVersion:
    return indicator_change(
        user=admin_user,
        code=ROAD,
        fields={"name": "道路投资", "unit": "亿元", "decimals": 4},
        conversion=Decimal("0.0001"),
        reason="统一用亿元",
    )


def test_renamed_and_converted_the_town_report_reads_the_new_unit_everywhere(
    catalogue, towns, county, admin_user, road_figures, town_template
):
    version = rename_and_convert(admin_user)

    report = build_report(admin_user, towns[0], 2025)
    runs = figures(report, ROAD)
    # The file's figure (kept by the saved version) and the town's own line, both 亿元.
    assert [(run.value, run.unit_text) for run in runs] == [
        (Decimal("1.2345"), "余亿元"),
        (Decimal("1.2345"), "亿元"),
    ]
    text = report_text(report)
    assert "投入1余亿元" in text and "本镇道路投入1.2345亿元。" in text
    assert "万元。" not in text.split("本镇道路投入")[1][:20]

    saved = ReportTemplateVersion.objects.filter(region=towns[0], name=PART).order_by("-id")
    latest = saved.first()
    assert latest.pk != town_template.pk
    assert latest.reason == f"指标目录第 {version.pk} 版：统一用亿元"
    assert latest.user == admin_user
    assert "【道路投资，目标】余亿元" in latest.text
    assert "本镇道路投入【道路投资】亿元。" in latest.text
    body = [line for line in latest.text.splitlines() if not line.startswith("#")]
    assert not any("【道路硬化投入" in line for line in body)  # the notes keep their example
    assert any(change["action"] == "template_rewritten" for change in version.changes)


def test_the_county_report_and_other_years_still_read_from_the_file(
    catalogue, towns, county, admin_user, road_figures, town_template
):
    rename_and_convert(admin_user)
    county_report = build_report(admin_user, county, 2025)
    (run,) = figures(county_report, ROAD)
    assert (run.value, run.unit, run.unit_text) == (Decimal("1.7345"), "亿元", "余亿元")
    assert "投入1余亿元" in report_text(county_report)
    earlier = build_report(admin_user, towns[0], 2024)
    assert [run.value for run in figures(earlier, ROAD)] == [Decimal("1.0000")] * 2
    assert "投入1.0000亿元。" in report_text(earlier)  # a round figure: no 余
    missing = build_report(admin_user, towns[2], 2025)  # no figure: XX, in the new unit
    assert "投入XX余亿元" in report_text(missing)


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_every_report_page_and_word_file_renders_after_the_change(
    client, catalogue, towns, county, admin_user, road_figures, town_template, year
):
    rename_and_convert(admin_user)
    client.force_login(admin_user)
    for region in (towns[0], towns[1], county):
        page = client.get(f"/report/{region.code}/{year}/")
        assert page.status_code == 200, (region.code, year)
        assert "亿元" in page.content.decode()
        word = client.get(f"/report/{region.code}/{year}/docx/")
        assert word.status_code == 200
        document = Document(io.BytesIO(b"".join(word.streaming_content)))
        body = "".join(paragraph.text for paragraph in document.paragraphs)
        assert "亿元" in body and "道路硬化投入" not in body


def test_the_template_editor_and_its_preview_render_after_the_change(
    client, catalogue, towns, admin_user, road_figures, town_template
):
    rename_and_convert(admin_user)
    client.force_login(admin_user)
    edit = f"/report/{towns[0].code}/templates/{PART}/"
    page = client.get(edit)
    assert page.status_code == 200
    assert "【道路投资，目标】余亿元" in page.content.decode()
    assert client.get(f"/report/{towns[0].code}/templates/").status_code == 200
    text = ReportTemplateVersion.objects.filter(region=towns[0], name=PART).first().text
    preview = client.post(f"{edit}preview/", {"text": text, "year": 2025})
    assert preview.status_code == 200
    assert "1.2345" in preview.content.decode()
    # The file's old name still reads in a draft: the default templates were written for it.
    default = default_texts(towns[0].level)[PART]
    old = client.post(f"{edit}preview/", {"text": default, "year": 2025})
    assert old.status_code == 200
    figure = old.content.decode().split('data-indicator="road_investment"')[1]
    assert figure.startswith(">1</span>余亿元。")


def test_a_rename_alone_keeps_the_unit_and_rewrites_saved_versions(
    catalogue, towns, county, admin_user, reviewer, town_template
):
    indicator_change(user=admin_user, code=ROAD, fields={"name": "道路投资"}, reason="改名")
    latest = ReportTemplateVersion.objects.filter(region=towns[0]).order_by("-id").first()
    assert "本镇道路投入【道路投资】万元。" in latest.text
    report = report_text(build_report(admin_user, towns[0], 2025))
    assert "本镇道路投入XX万元。" in report


def test_a_saved_version_of_the_county_follows_too_and_once(
    catalogue, towns, county, admin_user, county_official
):
    text = default_texts(county.level)[PART]
    template_save(county_official, county, PART, text + "\n全县【道路硬化投入】余万元。\n", "县的")
    rename_and_convert_without_figures = indicator_change(
        user=admin_user, code=ROAD, fields={"unit": "亿元"}, reason="改单位"
    )
    versions = ReportTemplateVersion.objects.filter(region=county, name=PART).order_by("id")
    assert versions.count() == 2
    assert "全县【道路硬化投入】余亿元。" in versions.last().text
    assert versions.last().reason.startswith(
        f"指标目录第 {rename_and_convert_without_figures.pk} 版："
    )
    # A change of another field leaves the templates alone.
    indicator_change(user=admin_user, code=ROAD, fields={"name_en": "Roads"}, reason="英文")
    assert ReportTemplateVersion.objects.filter(region=county, name=PART).count() == 2


def test_figures_renamed_keeps_phrases_about_and_notes_and_swaps_at_once():
    text = (
        "# 例：【甲】万元\n"
        "投入【甲，同比，目标】余万元，建成【乙】亩，另有【甲】亩。\n"
        "【乙】亩与【甲】万元\n"
    )
    renamed = [Renamed("甲", "万元", "乙", "亿元"), Renamed("乙", "亩", "甲", "亩")]
    assert figures_renamed(text, renamed) == (
        "# 例：【甲】万元\n"
        "投入【乙，同比，目标】余亿元，建成【甲】亩，另有【甲】亩。\n"
        "【甲】亩与【乙】亿元\n"
    )


@pytest.mark.parametrize(
    ("sentence", "old", "new", "followed"),
    [
        ("全年新建高标准农田XXX亩", "亩", "万亩", "全年新建高标准农田XXX万亩"),
        ("投入XX余万元完成道路硬化", "万元", "亿元", "投入XX余亿元完成道路硬化"),
        ("开展培训XX余场次XXX余人次", "人次", "万人次", "开展培训XX余场次XXX余万人次"),
        ("建成高标准农田XX万亩", "亩", "万亩", "建成高标准农田XX万亩"),  # already right
        ("全年建成高标准农田", "亩", "万亩", "全年建成高标准农田"),  # no XX
    ],
)
def test_the_sentence_follows_the_unit(sentence, old, new, followed):
    assert sentence_followed(sentence, old, new) == followed


def test_a_unit_change_rewrites_the_sentence_and_the_report_prints_the_unit_once(
    catalogue, towns, clerk, admin_user, farmland
):
    save_figures(towns[0], 2026, {"high_standard_farmland": "1300"}, user=clerk)
    farmland.source_sentence = "全年新建高标准农田XXX亩"
    farmland.save()
    version = indicator_change(
        user=admin_user,
        code="high_standard_farmland",
        fields={"unit": "万亩", "decimals": 2},
        conversion=Decimal("0.0001"),
        reason="改万亩",
    )
    assert Indicator.objects.get(code="high_standard_farmland").source_sentence == (
        "全年新建高标准农田XXX万亩"
    )
    (change,) = [c for c in version.changes if c["action"] == "changed"]
    assert {"field": "source_sentence", "label": "报告原文"}.items() <= next(
        f for f in change["fields"] if f["field"] == "source_sentence"
    ).items()
    text = report_text(build_report(clerk, towns[0], 2026))
    assert "全年新建高标准农田0.13万亩。" in text
    assert "万亩亩" not in text


def test_a_renamed_indicators_file_name_is_not_given_to_a_new_one(catalogue, towns, admin_user):
    """The template files still call the renamed indicator 道路硬化投入: a new indicator
    of that name would make their figure ambiguous, so it is refused."""
    indicator_change(user=admin_user, code=ROAD, fields={"name": "道路投资"}, reason="改名")
    with pytest.raises(CatalogueRefused, match="默认报告模板中的名称"):
        indicator_add(
            user=admin_user,
            fields={
                "code": "road_other",
                "section": "urbanisation",
                "name": "道路硬化投入",
                "unit": "公里",
                "value_type": "decimal",
                "decimals": 1,
                "max_value": "1000",
                "aggregation": "sum",
            },
            reason="新指标",
        )
    report = build_report(admin_user, towns[0], 2025)
    assert [run.unit_text for run in figures(report, ROAD)] == ["余万元"]


def test_the_catalogue_version_page_lists_the_templates_rewritten(
    client, catalogue, towns, admin_user, town_template
):
    version = indicator_change(
        user=admin_user, code=ROAD, fields={"name": "道路投资"}, reason="改名"
    )
    client.force_login(admin_user)
    page = client.get(f"/catalogue/versions/{version.pk}/").content.decode()
    assert f"随之改写报告模板 测试1镇（{towns[0].code}/{PART}）" in page
