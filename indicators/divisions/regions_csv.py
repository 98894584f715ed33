"""Loading the region tree from a CSV file: code,name,level,parent_code[,name_en].

The file may be UTF-8 (with or without a BOM) or GBK/GB18030, as Excel saves it on a
Chinese Windows (:func:`decode_csv`). A level is its English value (``town``) or one
of the usual Chinese words (:data:`LEVEL_WORDS`: 镇、乡镇、街道… → ``town``).
"""

import csv
import io
import re
from dataclasses import dataclass

from django.db import transaction

from indicators.derived import stamps
from indicators.models import PREFIX_LENGTH, Level, Region

REQUIRED_COLUMNS = ("code", "name", "level", "parent_code")
COLUMN_LABELS = {"code": "区划代码", "name": "名称", "level": "级别", "parent_code": "上级代码"}
LEVEL_ORDER = list(PREFIX_LENGTH)  # province first, village last
# The Chinese words for a level a division list uses, read as the level.
LEVEL_WORDS = {
    **{word: Level.PROVINCE for word in ("省", "自治区", "直辖市")},
    **{word: Level.PREFECTURE for word in ("市", "地区", "自治州", "盟")},
    **{word: Level.COUNTY for word in ("县", "区", "县级市", "旗")},
    **{word: Level.TOWN for word in ("乡", "镇", "乡镇", "街道", "苏木")},
    **{word: Level.VILLAGE for word in ("村", "社区", "居委会")},
}


def decode_csv(data: bytes) -> str:
    """The text of an uploaded CSV: UTF-8 (a BOM is dropped), else GBK/GB18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:  # pragma: no cover - gb18030 decodes almost anything
        raise RegionFileError(["无法识别文件的编码：请保存为 UTF-8 或 GBK 编码的 CSV。"]) from error


def level_value(word: str) -> str:
    """``town`` for "town", "Town", "镇", "乡镇", "街道"…; the word itself if unknown."""
    word = word.strip()
    if word.lower() in Level.values:
        return word.lower()
    return LEVEL_WORDS.get(word, word)


class RegionFileError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class RegionSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _check_row(line: int, row: dict, known: dict[str, str]) -> str | None:
    code, level, parent = row["code"], row["level"], row["parent_code"]
    for column in ("code", "name", "level"):
        if not row[column]:
            return f"第 {line} 行：{column} 列（{COLUMN_LABELS[column]}）为空。"
    if not re.fullmatch(r"\d{12}", code):
        return f"第 {line} 行：区划代码“{code}”应为 12 位数字。"
    if level not in Level.values:
        return (
            f"第 {line} 行：级别“{level}”无效，应为 {'、'.join(Level.values)} "
            f"或 {'、'.join(LEVEL_WORDS)} 之一。"
        )
    if not parent and level != Level.PROVINCE:
        return f"第 {line} 行：parent_code 列（上级代码）为空：只有省级区划可以没有上级。"
    if parent:
        parent_level = known.get(parent)
        if parent_level is None:
            return f"第 {line} 行：上级代码“{parent}”既不在文件中，也不在数据库中。"
        if LEVEL_ORDER.index(parent_level) >= LEVEL_ORDER.index(level):
            return f"第 {line} 行：上级“{parent}”的级别不高于本级。"
        keep = PREFIX_LENGTH[parent_level]
        if code[:keep] != parent[:keep]:
            return f"第 {line} 行：代码“{code}”不在上级“{parent}”的代码范围内。"
    return None


def read_rows(text: str) -> list[tuple[int, dict]]:
    """The file's rows as (line, {column: stripped text}, the level as its value); a
    missing column, or a row with fewer cells than the header, is refused by name."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise RegionFileError(
            [
                f"第 1 行（表头）缺少列：{'、'.join(missing)}"
                f"（需要 code,name,level,parent_code，可选 name_en）。"
            ]
        )
    rows, short = [], []
    for raw in reader:
        line = reader.line_num
        if not any((value or "").strip() for key, value in raw.items() if key is not None):
            continue  # a blank line
        # A top row may end without the comma of its empty parent_code.
        absent = [name for name in REQUIRED_COLUMNS[:3] if raw.get(name) is None]
        if absent:
            short.append(f"第 {line} 行：缺少 {'、'.join(absent)} 列（这一行的逗号少了）。")
            continue
        row = {key: (raw.get(key) or "").strip() for key in (*REQUIRED_COLUMNS, "name_en")}
        row["level"] = level_value(row["level"])
        rows.append((line, row))
    if short:
        raise RegionFileError(short)
    return rows


def rows_errors(rows: list[tuple[int, dict]]) -> list[str]:
    """Every bad row of the file, by line: codes, names, levels, parents, duplicates."""
    known = dict(Region.objects.values_list("code", "level"))
    known.update({row["code"]: row["level"] for _, row in rows if row["level"] in Level.values})
    errors = [error for line, row in rows if (error := _check_row(line, row, known))]
    seen: dict[str, int] = {}
    for line, row in rows:
        if row["code"] in seen:
            errors.append(f"第 {line} 行：代码“{row['code']}”与第 {seen[row['code']]} 行重复。")
        seen[row["code"]] = line
    return errors


@transaction.atomic
def load_regions(text: str) -> RegionSummary:
    """Create or update regions from CSV text; idempotent.

    Every bad row is reported with its line number, and then nothing from the
    file is written.
    """
    rows = read_rows(text)
    errors = rows_errors(rows)
    if errors:
        raise RegionFileError(errors)

    summary = RegionSummary()
    existing = {region.code: region for region in Region.objects.all()}
    for _, row in sorted(rows, key=lambda item: LEVEL_ORDER.index(item[1]["level"])):
        wanted = {
            "name": row["name"],
            "name_en": row["name_en"],
            "level": row["level"],
            "parent_id": row["parent_code"] or None,
        }
        region = existing.get(row["code"])
        if region is None:
            Region.objects.create(code=row["code"], **wanted)
            summary.created += 1
        elif any(getattr(region, name) != value for name, value in wanted.items()):
            Region.objects.filter(code=row["code"]).update(**wanted)
            # A renamed region shows in the API's lists: their ETags must move.
            for kind in stamps.KINDS:
                stamps.stamp_moved(kind, [stamps.province_of(row["code"])])
            summary.updated += 1
        else:
            summary.unchanged += 1
    return summary
