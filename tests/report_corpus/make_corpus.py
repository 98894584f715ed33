"""Writes the past-report corpus next to this file. Run it again after changing it:

    .venv/bin/python tests/report_corpus/make_corpus.py

``reference_blank.txt`` is the reference report (shared/reference/), figures blanked
as XX. Each variant fills it with the figures of ``FIGURES`` written another way,
and ``<variant>.toml`` beside it lists what a reader must find: indicator → value,
as the text states it (50余个 is 50). The files are committed, so tests and
bench/bench_report_parse.py read the same bytes a clerk would upload.
"""

import io
import re
import tomllib
import zipfile
from decimal import Decimal
from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE.parents[1] / "indicators" / "catalogue" / "catalogue.toml"

# One town's figures for 2021, in the indicators' own units.
FIGURES = {
    "coal_mines_consolidated": "12",
    "coal_design_capacity": "540",
    "raw_coal_output": "386.5",
    "washed_coal_output": "120.25",
    "coal_output_value": "32.6",
    "closed_mine_conversion_investment": "1.8",
    "agri_integrated_funds": "2350",
    "industry_projects": "26",
    "jobs_created": "1200",
    "income_gain_per_capita": "3500",
    "land_acquired": "320",
    "road_investment": "85",
    "facility_investment": "1260",
    "markets_built": "2",
    "incineration_stations": "1",
    "public_toilets": "3",
    "garbage_trucks": "4",
    "garbage_bins": "60",
    "street_lights": "450",
    "river_governance_investment": "560",
    "water_source_investment": "1.2",
    "education_investment": "980",
    "schools_upgraded": "8",
    "hazard_inspections": "6",
    "years_without_accidents": "15",
    "petitions_handled": "320",
    "problems_resolved": "45",
    "study_sessions": "60",
    "study_participants": "3800",
    "practical_matters": "210",
    "weak_orgs_rectified": "3",
    "standard_branches": "9",
    "villages_collective_economy": "14",
    "collective_economy_bar": "10",
    "conduct_inspections": "24",
    "disciplinary_cases": "7",
    "persons_disciplined": "9",
}

DIGITS = "零一二三四五六七八九"


def chinese(number: int) -> str:
    """12 → 十二, 450 → 四百五十, 2 → 两 (as counted things are said), below 10,000."""
    if number == 2:
        return "两"
    parts, zero = [], False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit % 10
        if digit:
            if zero:
                parts.append("零")
            parts.append(DIGITS[digit] + name)
            zero = False
        elif parts:
            zero = True
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def fullwidth(text: str) -> str:
    return text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))


def thousands(value: str) -> str:
    whole, _, decimals = value.partition(".")
    grouped = f"{int(whole):,}"
    return grouped + ("." + decimals if decimals else "")


def placeholders(text: str, catalogue) -> dict[str, tuple[int, int]]:
    """Where each indicator's XX is in the reference: by its catalogue sentence."""
    found = {}
    for indicator in catalogue:
        sentence, unit = indicator["sentence"], indicator["unit"]
        at = text.find(sentence)
        for match in re.finditer(r"X+", sentence):
            if re.match(rf"余?{re.escape(unit)}", sentence[match.end() :]) and at != -1:
                found[indicator["code"]] = (at + match.start(), at + match.end())
                break
    return found


def marked(text: str, spots) -> str:
    """The reference with each indicator's XX as ⟦code⟧."""
    for code, (start, end) in sorted(spots.items(), key=lambda item: -item[1][0]):
        text = text[:start] + f"⟦{code}⟧" + text[end:]
    return text


def fill(text: str, written: dict[str, str]) -> str:
    return re.sub(r"⟦(\w+)⟧", lambda match: written.get(match[1], "XX"), text)


# The rewordings people make: (as the reference says it, as the variant says it).
REWORDED = [
    (
        "全面完成辖区内⟦coal_mines_consolidated⟧座煤矿的整治重组工作",
        "完成了辖区⟦coal_mines_consolidated⟧座煤矿整治重组",
    ),
    ("全镇煤矿设计产能达", "全镇煤矿设计产能达到"),
    ("全镇完成完成原煤产量", "全镇完成原煤产量"),
    ("实现煤炭工业总产值", "煤炭工业总产值达"),
    ("累计投入财政涉农整合资金", "共投入财政涉农整合资金"),
    ("带动⟦jobs_created⟧余人就业", "带动就业⟦jobs_created⟧余人"),
    ("人均增收⟦income_gain_per_capita⟧余元", "群众人均增收⟦income_gain_per_capita⟧余元"),
    ("建成集镇公厕⟦public_toilets⟧座", "新建集镇公厕⟦public_toilets⟧座"),
    ("安装路灯⟦street_lights⟧盏", "安装太阳能路灯⟦street_lights⟧盏"),
    (
        "投资⟦river_governance_investment⟧余万元完成茂兰小河综合治理",
        "投资⟦river_governance_investment⟧余万元实施茂兰小河综合治理",
    ),
    (
        "今年以来共开展⟦hazard_inspections⟧次隐患大排查整治工作",
        "全年共开展隐患大排查整治⟦hazard_inspections⟧次",
    ),
    ("化解突出问题⟦problems_resolved⟧余件", "化解各类突出问题⟦problems_resolved⟧余件"),
    ("建成规范化达标党支部⟦standard_branches⟧个", "建成规范化党支部⟦standard_branches⟧个"),
    ("共开展作风督查⟦conduct_inspections⟧次", "开展作风督查⟦conduct_inspections⟧次"),
    # Numbers in sentences that are no figure: a reader must leave them alone.
    (
        "信访秩序持续向好。",
        "信访秩序持续向好，信访热线0851-12345678全天畅通，2021年12月31日前办结全部积案。",
    ),
]


def written_as(variant: str, code: str, value: str, integer: bool) -> tuple[str, str]:
    """(as the variant writes the figure, the value a reader must find)."""
    number = Decimal(value)
    if variant == "chinese" and integer and number < 10_000:
        return chinese(int(number)), value
    if variant == "fullwidth":
        return fullwidth(thousands(value)), value
    if variant == "wan_yi":
        # Money and tonnes in another scale; counts of thousands in 万.
        converted = {
            "coal_output_value": ("326000", "万"),  # 32.6 亿元 as 万元
            "closed_mine_conversion_investment": ("18000", "万"),
            "water_source_investment": ("12000", "万"),
            "agri_integrated_funds": ("0.235", "亿"),  # 2350 万元 as 亿元
            "facility_investment": ("0.126", "亿"),
            "study_participants": ("0.38", "万"),  # 3800 人次 as 0.38万人次
            "jobs_created": ("0.12", "万"),
        }
        if code in converted:
            return "".join(converted[code]), value
        return value, value
    if variant == "about":
        if integer and number >= 20:
            rounded = (number // 10) * 10
            return f"{rounded}", f"{rounded}"
        return value, value
    return value, value


def unit_swap(text: str, variant: str) -> str:
    """In the 万/亿 variant, the unit after a converted figure loses its own scale."""
    if variant != "wan_yi":
        return text
    for code, old, new in (
        ("coal_output_value", "⟦coal_output_value⟧亿元", "⟦coal_output_value⟧元"),
        (
            "closed_mine_conversion_investment",
            "⟦closed_mine_conversion_investment⟧亿元",
            "⟦closed_mine_conversion_investment⟧元",
        ),
        ("water_source_investment", "⟦water_source_investment⟧亿元", "⟦water_source_investment⟧元"),
        ("agri_integrated_funds", "⟦agri_integrated_funds⟧万元", "⟦agri_integrated_funds⟧元"),
        ("facility_investment", "⟦facility_investment⟧万元", "⟦facility_investment⟧元"),
    ):
        assert old in text, code
        text = text.replace(old, new)
    return text


VARIANTS = {
    "reference": "the reference's own wording, every figure filled",
    "chinese": "counts in Chinese numerals (三座, 两个, 四百五十盏)",
    "fullwidth": "full-width digits and thousands separators (１，２００)",
    "wan_yi": "figures in another scale: 1.2亿元 as 12000万元, 3800 as 0.38万",
    "about": "rounded figures with 余 (50余个 for 52)",
    "reworded": "sentences reworded in places, numbers in other sentences",
    "partial": "half the figures left as XX: they are never proposed",
}


def variant_text(variant: str, base: str, catalogue) -> tuple[str, dict[str, str]]:
    integers = {i["code"] for i in catalogue if i["value_type"] == "integer"}
    text = unit_swap(base, variant)
    if variant == "reworded":
        for old, new in REWORDED:
            assert old in text, old
            text = text.replace(old, new)
    written, expected = {}, {}
    codes = list(FIGURES)
    for index, code in enumerate(codes):
        if variant == "partial" and index % 2:
            continue  # left as XX
        shown, value = written_as(variant, code, FIGURES[code], code in integers)
        written[code], expected[code] = shown, value
    return fill(text, written), expected


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def toml(expected: dict[str, str], note: str) -> str:
    lines = [f"# {note}", "[figures]"]
    lines += [f'{code} = "{value}"' for code, value in expected.items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    catalogue = tomllib.loads(CATALOGUE.read_text())["indicators"]
    reference = (HERE / "reference_blank.txt").read_text()
    spots = placeholders(reference, catalogue)
    assert set(spots) == set(FIGURES), set(FIGURES) ^ set(spots)
    base = marked(reference, spots)
    for variant, note in VARIANTS.items():
        text, expected = variant_text(variant, base, catalogue)
        (HERE / f"{variant}.txt").write_text(text, encoding="utf-8")
        (HERE / f"{variant}.toml").write_text(toml(expected, note))
    # The same reports as a clerk's files: GBK text and Word.
    text, expected = variant_text("chinese", base, catalogue)
    (HERE / "gbk.txt").write_bytes(text.encode("gbk"))
    (HERE / "gbk.toml").write_text(toml(expected, "the Chinese-numeral report saved as GBK"))
    text, expected = variant_text("reference", base, catalogue)
    (HERE / "reference.docx").write_bytes(docx_bytes(text))
    (HERE / "reference.docx.toml").write_text(toml(expected, "the reference report as Word"))
    # A county's zip: towns and years in the file names (demo towns of seed_demo).
    members = {
        "龙潭镇2021年工作报告.txt": variant_text("reference", base, catalogue)[0].encode(),
        "煤岭镇_2020.docx": docx_bytes(variant_text("fullwidth", base, catalogue)[0]),
        "说明.pdf": b"%PDF-1.4 not a report",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    (HERE / "county.zip").write_bytes(out.getvalue())
    # Hostile and broken files.
    (HERE / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (HERE / "word_renamed.docx").write_bytes(b"just some text, not a Word document")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (150 * 1024 * 1024))
    (HERE / "zip_bomb.docx").write_bytes(out.getvalue())


if __name__ == "__main__":
    main()
