"""Loading the region tree from a CSV file: code,name,level,parent_code[,name_en]."""

import csv
import io
import re
from dataclasses import dataclass

from django.db import transaction

from . import stamps
from .models import PREFIX_LENGTH, Level, Region

REQUIRED_COLUMNS = ("code", "name", "level", "parent_code")
LEVEL_ORDER = list(PREFIX_LENGTH)  # province first, village last


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
    if not re.fullmatch(r"\d{12}", code):
        return f"第 {line} 行：区划代码“{code}”应为 12 位数字。"
    if not row["name"]:
        return f"第 {line} 行：名称不能为空。"
    if level not in Level.values:
        return f"第 {line} 行：级别“{level}”无效，应为 {'、'.join(Level.values)} 之一。"
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
    """The file's rows as (line, {column: stripped text}); a missing column is refused."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [name for name in REQUIRED_COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise RegionFileError([f"缺少列：{', '.join(missing)}（需要 code,name,level,parent_code）"])
    return [
        (line, {key: (raw.get(key) or "").strip() for key in (*REQUIRED_COLUMNS, "name_en")})
        for line, raw in enumerate(reader, start=2)
    ]


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
