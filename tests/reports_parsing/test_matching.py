"""Finding figures by the catalogue's sentences: every figure of the reference's own
wording, ≥ 90 % when people write it differently, and never a wrong one."""

from decimal import Decimal

import pytest

from indicators.reports.parsing import report_parse
from indicators.reports.parsing.service import file_specs

from .corpus import expected, read

SPECS = file_specs()
VARIANTS = ["reference.txt", "chinese.txt", "fullwidth.txt", "wan_yi.txt", "about.txt"]


def found(name: str) -> dict[str, Decimal]:
    parsed = report_parse(name=name, data=read(name), specs=SPECS)
    return {figure.indicator: figure.value for figure in parsed.figures}


@pytest.mark.parametrize("name", [*VARIANTS, "gbk.txt", "reference.docx"])
def test_every_figure_of_a_report_in_the_catalogues_wording_is_found_exactly(name):
    assert found(name) == expected(name)


def test_a_reworded_report_gives_nine_figures_in_ten_and_none_wrong():
    want, got = expected("reworded.txt"), found("reworded.txt")
    wrong = {code: value for code, value in got.items() if want.get(code) != value}
    assert wrong == {}
    assert len(got) >= 0.9 * len(want)


def test_a_figure_left_as_xx_is_never_proposed():
    assert found("partial.txt") == expected("partial.txt")


@pytest.mark.parametrize(
    "text",
    [
        "全面贯彻落实党的十九大和十九届二中、三中、四中、五中全会精神。",
        "探索“1＋N”镇村联动模式，推进城乡融合。",
        "信访热线0851-12345678全天畅通，2021年12月31日前办结全部积案。",
        "镇第四届人民代表大会第五次会议确定的年度目标任务。",
        "严格落实过渡期内“四个不摘”要求，守住“两不愁三保障”底线。",
    ],
)
def test_numbers_in_sentences_that_are_no_figure_are_never_assigned(text):
    assert report_parse(text=text, specs=SPECS).figures == []


def test_a_figure_in_another_scale_is_converted_into_the_indicators_unit():
    parsed = report_parse(text="累计投入财政涉农整合资金1.2亿元。", specs=SPECS)
    assert [(f.indicator, f.value, f.unit) for f in parsed.figures] == [
        ("agri_integrated_funds", Decimal("12000.00"), "万元")
    ]


def test_a_figure_that_would_need_rounding_into_the_unit_is_not_proposed():
    parsed = report_parse(text="累计投入财政涉农整合资金123456元。", specs=SPECS)
    assert parsed.figures == []
    assert "agri_integrated_funds" in parsed.not_found


def test_two_different_figures_for_one_indicator_are_not_guessed_between():
    text = "建成集镇公厕3座。建成集镇公厕5座。"
    parsed = report_parse(text=text, specs=SPECS)
    assert "public_toilets" in parsed.not_found


def test_the_figure_is_marked_in_its_sentence():
    parsed = report_parse(text="重点工作如下。安装路灯四百五十盏，方便群众出行。", specs=SPECS)
    (figure,) = parsed.figures
    assert figure.sentence == "安装路灯四百五十盏，方便群众出行。"
    assert figure.sentence[figure.start : figure.end] == "四百五十盏"
    assert figure.value == 450


def test_the_year_is_read_from_the_text():
    assert report_parse(name="r.txt", data=read("reference.txt"), specs=SPECS).year == 2021
