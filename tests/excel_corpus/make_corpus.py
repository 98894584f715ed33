"""Writes the malformed-upload corpus next to this file. Run it again after changing it:

    .venv/bin/python tests/excel_corpus/make_corpus.py

The files are committed, so tests read the same bytes a clerk would upload. Codes
match the test fixtures: towns 888801101000–888801103000 of county 888801000000.
"""

import datetime
import io
import re
import zipfile
from pathlib import Path

import msoffcrypto
from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
TOWN, OTHER_TOWN = "888801101000", "888801102000"
HEADER = ["区划代码", "年度", "指标代码", "数值", "备注"]


def workbook(rows, header=HEADER, *, build=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "数据"
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    if build:
        build(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good_rows():
    return [[TOWN, 2024, "street_lights", 120, ""], [TOWN, 2024, "public_toilets", 3, ""]]


def encrypted() -> bytes:
    plain = io.BytesIO(workbook(good_rows()))
    out = io.BytesIO()
    msoffcrypto.OfficeFile(plain).encrypt("1234", out)
    return out.getvalue()


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def zip_bomb() -> bytes:
    # 150 MB of zeros deflate to about 150 KB: small to upload, huge to open.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"\0" * (1024 * 1024)
            for _ in range(150):
                sheet.write(block)
    return out.getvalue()


def merged(sheet):
    sheet.merge_cells("D2:D3")


def padded_comment(sheet):
    for row in range(2, 400):
        sheet.cell(row=row, column=5, value="说明" * 40)


def with_cached_value(data: bytes, cell: str, value: str) -> bytes:
    """openpyxl writes formulas without results; Excel stores the last result in <v>."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                start = text.index(f'<c r="{cell}"')
                end = text.index("</c>", start)
                cell_xml = re.sub(r"<v\s*/>|<v>.*?</v>", "", text[start:end])
                text = text[:start] + cell_xml + f"<v>{value}</v>" + text[end:]
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


def messy(sheet):
    sheet.append([])
    sheet.append(["注：数据来源为镇统计站，2025 年 1 月填报。"])


FILES = {
    "not_excel.xlsx": b"This is a plain text file that someone renamed to .xlsx\n",
    "word_renamed.xlsx": zipped(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    ),
    "some_zip.xlsx": zipped({"readme.txt": b"not a workbook"}),
    "truncated.xlsx": workbook(good_rows())[:600],
    "encrypted.xlsx": encrypted(),
    "legacy.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2040,
    "empty.xlsx": b"",
    "blank_workbook.xlsx": workbook([], header=None),
    "missing_columns.xlsx": workbook([["street_lights", 120]], header=["指标代码", "数值"]),
    "merged_cells.xlsx": workbook(good_rows(), build=merged),
    "date_in_number.xlsx": workbook([[TOWN, 2024, "street_lights", datetime.datetime(2024, 3, 5)]]),
    "formula_without_value.xlsx": workbook([[TOWN, 2024, "street_lights", "=SUM(100,20)"]]),
    "formula_error.xlsx": workbook([[TOWN, 2024, "street_lights", "#DIV/0!"]]),
    "text_in_number.xlsx": workbook([[TOWN, 2024, "street_lights", "一百二十"]]),
    "negative.xlsx": workbook([[TOWN, 2024, "street_lights", -5]]),
    "unknown_region.xlsx": workbook([["888801999000", 2024, "street_lights", 120]]),
    "unknown_indicator.xlsx": workbook([[TOWN, 2024, "street_light", 120]]),
    "duplicate.xlsx": workbook(
        [[TOWN, 2024, "street_lights", 120], [TOWN, 2024, "street_lights", 121]]
    ),
    "other_town.xlsx": workbook([[OTHER_TOWN, 2024, "street_lights", 120]]),
    "future_year.xlsx": workbook([[TOWN, 2100, "street_lights", 120]]),
    "bad_year.csv": (
        "区划代码,年度,指标代码,数值\n888801101000,二〇二四,street_lights,120\n"
    ).encode(),
    "binary.csv": b"\x00\x01\x02PK garbage" * 20,
    "too_large.xlsx": workbook(good_rows(), build=padded_comment),
    "zip_bomb.xlsx": zip_bomb(),
    # Valid, if untidy, as offices send them: each imports.
    "formula_cached.xlsx": with_cached_value(
        workbook([[TOWN, 2024, "street_lights", "=SUM(100,20)"]]), "D2", "120"
    ),
    "messy_but_valid.xlsx": workbook(
        [
            [],
            [int(TOWN), 2024.0, "public_toilets", "３", "新建 1 座"],
            [],
            [TOWN, "2024", "raw_coal_output", "1,234.5", None],
            [TOWN, 2024, "street_lights", 120.0, ""],
        ],
        header=["备注说明", "区划代码", "年度", "指标代码", "数值（本年）", "备注"][1:],
        build=messy,
    ),
    "gbk.csv": (
        "区划代码,年度,指标代码,数值,备注\r\n888801101000,2024,street_lights,120,路灯改造\r\n"
    ).encode("gbk"),
}

if __name__ == "__main__":
    for name, content in FILES.items():
        (HERE / name).write_bytes(content)
    print(f"{len(FILES)} files written to {HERE}")
