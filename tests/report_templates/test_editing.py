"""Saving a region's own report template: resolution, checks, rights, versions, diff."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from indicators.audit.models import Action, AuditEvent
from indicators.models import ReportTemplateVersion, Role
from indicators.reports import build_report
from indicators.reports.editing import (
    EditError,
    template_diff,
    template_restore,
    template_save,
    template_source,
    template_versions,
)
from indicators.reports.loader import COUNTY, FILE, OWN, TEMPLATE_DIR, resolve
from indicators.reports.syntax import TemplateError
from tests import factories

CLOSING = "99_closing"
SHIPPED = (TEMPLATE_DIR / f"{CLOSING}.txt").read_text(encoding="utf-8")
COUNTY_WORDS = "下一步，全{级}将在{上级}委、{上级}政府的领导下，乘势而上，再创佳绩。\n"
TOWN_WORDS = "下一步，{镇}将紧紧依靠全{级}人民，久久为功，建设美丽家园。\n"


def closing_text(report) -> str:
    [part] = [part for part in report.parts if part.kind == "closing"]
    return "".join(run.text for paragraph in part.paragraphs for run in paragraph.runs)


def source_of(region, name=CLOSING):
    return {source.name: source for source in resolve(region)}[name]


def test_a_part_reads_from_the_town_then_its_county_then_the_file(
    catalogue, county, towns, reviewer, county_official
):
    town, neighbour = towns[0], towns[1]
    assert (source_of(town).origin, source_of(town).text) == (FILE, SHIPPED)

    template_save(county_official, county, CLOSING, COUNTY_WORDS, "县里统一说法")
    assert (source_of(town).origin, source_of(town).text) == (COUNTY, COUNTY_WORDS)
    assert source_of(county).origin == OWN

    template_save(reviewer, town, CLOSING, TOWN_WORDS, "本镇自己的说法")
    assert (source_of(town).origin, source_of(town).text) == (OWN, TOWN_WORDS)
    # Another town still follows the county; the county keeps its own.
    assert source_of(neighbour).origin == COUNTY
    assert source_of(county).text == COUNTY_WORDS
    # Other parts stay the installation's files.
    assert source_of(town, "05_party").origin == FILE


def test_the_report_prints_the_newest_version_on_the_next_build(
    catalogue, county, towns, reviewer, county_official
):
    town = towns[0]
    assert "不忘初心，奋勇向前" in closing_text(build_report(AnonymousUser(), town, 2025))

    template_save(county_official, county, CLOSING, COUNTY_WORDS, "县里统一说法")
    assert closing_text(build_report(AnonymousUser(), town, 2025)) == (
        "下一步，全镇将在县委、县政府的领导下，乘势而上，再创佳绩。"
    )
    assert closing_text(build_report(AnonymousUser(), county, 2025)) == (
        "下一步，全县将在市委、市政府的领导下，乘势而上，再创佳绩。"
    )

    template_save(reviewer, town, CLOSING, TOWN_WORDS, "本镇自己的说法")
    assert closing_text(build_report(AnonymousUser(), town, 2025)) == (
        "下一步，测试1镇将紧紧依靠全镇人民，久久为功，建设美丽家园。"
    )


def test_a_save_is_a_new_version_with_its_reason_and_an_audit_event(catalogue, towns, reviewer):
    version = template_save(reviewer, towns[0], CLOSING, TOWN_WORDS + "\r\n\r\n", " 改写结尾 ")
    assert (version.region, version.name, version.user, version.username) == (
        towns[0],
        CLOSING,
        reviewer,
        "reviewer",
    )
    assert version.text == TOWN_WORDS  # one kind of line end, no trailing blank lines
    assert version.reason == "改写结尾"
    event = AuditEvent.objects.get(action=Action.ADMIN_ACTION)
    assert event.user == reviewer
    assert event.object_id == str(version.pk)
    assert event.details == {
        "kind": "report_template",
        "region": towns[0].code,
        "name": CLOSING,
        "reason": "改写结尾",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "完成原煤产量【原煤总产量】万吨。\n",
            "99_closing.txt 第 1 行：指标目录中没有“原煤总产量”",
        ),
        (
            "第一段。\n\n原煤产量【原煤产量】吨。\n",
            "99_closing.txt 第 3 行：【原煤产量】后面要紧跟它的单位“万吨”",
        ),
        ("全{乡}人民。\n", "99_closing.txt 第 1 行：不认识的地名“{乡}”"),
        ("〔实施“{党建品牌}”行动，\n", "99_closing.txt 第 1 行：“〔”没有对应的“〕”"),
        ("# 只有说明\n", "99_closing.txt 第 1 行：模板没有正文"),
    ],
)
def test_a_template_the_report_could_not_read_is_refused_and_nothing_is_saved(
    catalogue, towns, reviewer, text, message
):
    with pytest.raises(TemplateError) as refused:
        template_save(reviewer, towns[0], CLOSING, text, "试一试")
    assert str(refused.value).startswith(message)
    assert not ReportTemplateVersion.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.ADMIN_ACTION).exists()
    assert source_of(towns[0]).origin == FILE


def test_a_figure_of_another_section_is_refused_in_a_section_part(catalogue, towns, reviewer):
    with pytest.raises(TemplateError, match="属于“党的建设”部分，不属于本部分"):
        template_save(reviewer, towns[0], "01_industry", "开展作风督查【作风督查】次。", "试")
    assert not ReportTemplateVersion.objects.exists()


@pytest.mark.parametrize(
    ("name", "text", "reason", "message"),
    [
        (CLOSING, TOWN_WORDS, "  ", "请填写修改原因"),
        (CLOSING, SHIPPED, "没有改", "模板没有改动"),
        ("98_epilogue", TOWN_WORDS, "新部分", "报告中没有“98_epilogue”这一部分"),
    ],
)
def test_a_save_without_reason_change_or_part_is_refused(
    catalogue, towns, reviewer, name, text, reason, message
):
    with pytest.raises(EditError, match=message):
        template_save(reviewer, towns[0], name, text, reason)
    assert not ReportTemplateVersion.objects.exists()


@pytest.mark.parametrize(
    ("role", "where", "region", "allowed"),
    [
        (Role.REVIEWER, "town", "town", True),
        (Role.CLERK, "town", "town", False),  # clerks enter figures, not wording
        (Role.REVIEWER, "neighbour", "town", False),
        (Role.REVIEWER, "town", "county", False),
        (Role.COUNTY, "county", "county", True),
        (Role.COUNTY, "county", "town", False),  # a town's own wording is the town's
        (Role.ADMIN, None, "town", True),
    ],
)
def test_who_may_save_a_template(catalogue, county, towns, role, where, region, allowed):
    places = {"town": towns[0], "neighbour": towns[1], "county": county, None: None}
    user = factories.user_with_role(role, places[where])
    if allowed:
        template_save(user, places[region], CLOSING, TOWN_WORDS, "改写")
        assert ReportTemplateVersion.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            template_save(user, places[region], CLOSING, TOWN_WORDS, "改写")
        assert not ReportTemplateVersion.objects.exists()


def test_restoring_saves_the_old_text_again_as_the_newest_version(catalogue, towns, reviewer):
    town = towns[0]
    first = template_save(reviewer, town, CLOSING, TOWN_WORDS, "第一稿")
    second = template_save(reviewer, town, CLOSING, COUNTY_WORDS, "第二稿")
    restored = template_restore(reviewer, first, "还是第一稿好")
    assert list(template_versions(town, CLOSING)) == [restored, second, first]
    assert restored.text == first.text
    assert restored.reason == "还是第一稿好"
    assert template_source(town, CLOSING).version == restored
    event = AuditEvent.objects.filter(action=Action.ADMIN_ACTION).order_by("-id").first()
    assert event.details["restored"] == first.pk
    # Restoring what prints already changes nothing.
    with pytest.raises(EditError, match="模板没有改动"):
        template_restore(reviewer, restored, "再来一次")


def test_restoring_checks_the_rights_of_the_versions_region(catalogue, county, towns, reviewer):
    official = factories.user_with_role(Role.COUNTY, county)
    version = template_save(official, county, CLOSING, COUNTY_WORDS, "县里统一说法")
    template_save(official, county, CLOSING, TOWN_WORDS, "再改")
    with pytest.raises(PermissionDenied):
        template_restore(reviewer, version, "town reviewer restoring the county's")
    assert ReportTemplateVersion.objects.count() == 2


def test_the_diff_pairs_changed_lines_side_by_side_with_context():
    old = "\n".join(f"第{n}行" for n in range(1, 13))
    new = old.replace("第6行", "第六行").replace("第9行\n", "")
    rows = template_diff(old, new, context=1)
    assert [(row.kind, row.old_number, row.old, row.new_number, row.new) for row in rows] == [
        ("skipped", None, "", None, ""),
        ("equal", 5, "第5行", 5, "第5行"),
        ("changed", 6, "第6行", 6, "第六行"),
        ("equal", 7, "第7行", 7, "第7行"),
        ("equal", 8, "第8行", 8, "第8行"),
        ("removed", 9, "第9行", None, ""),
        ("equal", 10, "第10行", 9, "第10行"),
        ("skipped", None, "", None, ""),
    ]
    assert template_diff(old, old) == []


def test_a_saved_version_the_catalogue_has_outgrown_prints_the_default(catalogue, towns, reviewer):
    version = template_save(reviewer, towns[0], CLOSING, TOWN_WORDS, "本镇自己的说法")
    # As if an indicator had been renamed in the catalogue since the save.
    ReportTemplateVersion.objects.filter(pk=version.pk).update(text="共计【旧指标名称】万吨。\n")
    assert "不忘初心，奋勇向前" in closing_text(build_report(AnonymousUser(), towns[0], 2025))
    # A draft with the same mistake (the editor's preview) fails with its line.
    with pytest.raises(TemplateError, match="第 1 行：指标目录中没有“旧指标名称”"):
        build_report(AnonymousUser(), towns[0], 2025, drafts={CLOSING: "共计【旧指标名称】万吨。"})
