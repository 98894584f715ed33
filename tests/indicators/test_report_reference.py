"""The reference's own templates give the reference report back: the engine (bindings,
phrases, blanks, XX) loses or adds no word.

``report_reference.txt`` is shared/reference/000_c3681d48d721f466.txt, the real 2021
report of a town with its figures and names blanked as X, XX or XXX.
``reference_templates/`` is that report as templates, with the reference town's own
names; the shipped templates (indicators/reports/templates/) speak for any town and
are checked in test_report_wording.py.
"""

import difflib
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from indicators.models import Indicator, Level, Region
from indicators.reports import build_report
from indicators.reports.plain import report_text

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).with_name("report_reference.txt")
TEMPLATES = Path(__file__).with_name("reference_templates")

# The only words the templates change on purpose: two typing slips and a missing comma.
CORRECTIONS = {
    "全镇完成完成原煤产量": "全镇完成原煤产量",
    "产业发展格局，，累计": "产业发展格局，累计",
    "服务水平所有行政村": "服务水平，所有行政村",
}
# Villages the reference names come from the region data ({村1}…{村4}): a town
# without villages prints XX there.
VILLAGES = {
    "海章村委会上色则村道路": "XX道路",
    "现鸡田中药材": "现XX中药材",
    "、茂兰太吉农业": "、XX太吉农业",
    "、新街蔬菜": "、XX蔬菜",
}
BLANK = re.compile(r"[Xx]+")


def normalised(text: str, replacements: dict[str, str] = {}) -> str:  # noqa: B006
    """One line, each blank (X, XX, XXX, xx) as XX: the reference's blanks vary in length."""
    text = "".join(line.strip() for line in text.splitlines())
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return BLANK.sub("XX", text)


@pytest.fixture
def blank_town(catalogue):
    """The reference's own town: XX镇 in xx县 of xx省, with no figures and no villages."""
    province = Region.objects.create(code="770000000000", name="xx省", level=Level.PROVINCE)
    county = Region.objects.create(
        code="770101000000", name="xx县", level=Level.COUNTY, parent=province
    )
    return Region.objects.create(code="770101100000", name="XX镇", level=Level.TOWN, parent=county)


def test_a_town_without_figures_reads_word_for_word_like_the_reference(blank_town):
    report = build_report(AnonymousUser(), blank_town, 2021, directory=TEMPLATES)
    reference = REFERENCE.read_text(encoding="utf-8")
    expected = normalised(reference, CORRECTIONS | VILLAGES)
    actual = normalised(report_text(report, title=False))
    if actual != expected:
        diff = difflib.ndiff(expected.split("。"), actual.split("。"))
        changed = "\n".join(line for line in diff if line[:1] in "+-?")
        pytest.fail(f"The report drifted from the reference's wording:\n{changed}")


def test_the_headings_are_the_references(blank_town):
    report = build_report(AnonymousUser(), blank_town, 2021, directory=TEMPLATES)
    reference = REFERENCE.read_text(encoding="utf-8").splitlines()
    headings = [line.strip() for line in reference if re.match(r"^[一二三四五]、", line)]
    assert [part.numbered_heading for part in report.parts if part.heading] == headings
    assert [part.kind for part in report.parts] == ["preamble", *["section"] * 5, "closing"]


def test_every_missing_figure_prints_xx_and_is_listed(blank_town):
    report = build_report(AnonymousUser(), blank_town, 2021, directory=TEMPLATES)
    assert all(run.text.startswith("XX") for run in report.figures)
    assert len(report.missing) == 37


def test_each_indicators_sentence_of_the_reference_is_in_the_report(blank_town):
    text = normalised(
        report_text(build_report(AnonymousUser(), blank_town, 2021, directory=TEMPLATES))
    )
    for indicator in Indicator.objects.all():
        sentence = indicator.source_sentence
        for old, new in (CORRECTIONS | VILLAGES).items():
            sentence = sentence.replace(old, new)
        assert normalised(sentence) in text, indicator.code
