"""A result as plain JSON-ready data: what is published, served and exported.

Every page, download and the API read this one shape, so they cannot disagree.
Points are strings with two decimals, never floats.
"""

from .engine import Result
from .methods import plain
from .spec import Scheme

METHOD_NAMES = {
    "target": "目标完成率",
    "growth": "同比增长分档",
    "rank": "镇间排名",
    "threshold": "达标",
    "deduction": "扣分",
    "bonus": "加分",
    "veto": "一票否决",
}


def scheme_summary(scheme: Scheme) -> str:
    """The scheme in one paragraph, for the notice and the page."""
    parts = "、".join(f"{part.name}{plain(part.weight)}分" for part in scheme.parts)
    grades = "、".join(f"{grade.name}（{plain(grade.min)}分以上）" for grade in scheme.grades)
    methods = "、".join(
        dict.fromkeys(
            METHOD_NAMES[item.method] for item in scheme.items if item.method in METHOD_NAMES
        )
    )
    text = f"考核分{parts}，共 {len(scheme.items)} 项，计分方法有{methods}。等次为{grades}"
    if scheme.quota_grade:
        text += f"，“{scheme.quota_grade}”不超过参评镇的 {plain(scheme.quota_share)}%"
    vetoes = [item.reason or item.name for item in scheme.items if item.method == "veto"]
    if vetoes:
        text += f"；{'、'.join(vetoes)}的，实行一票否决，评为“{scheme.veto_grade}”"
    missing = "记 0 分" if scheme.missing == "zero" else "不计分，其权重按比例分给同部分其他项"
    return text + f"。只采用已审核的数字，缺数或未审核的项{missing}。"


def result_json(result: Result, *, county: dict, version: int) -> dict:
    scheme = result.scheme
    return {
        "county": county,
        "year": result.year,
        "scheme": {
            "title": scheme.title,
            "version": version,
            "summary": scheme_summary(scheme),
            "parts": [{"name": p.name, "weight": plain(p.weight)} for p in scheme.parts],
            "grades": [{"grade": g.name, "min": plain(g.min)} for g in scheme.grades],
        },
        "towns": [
            {
                "code": town.town.code,
                "name": town.town.name,
                "rank": town.rank,
                "total": f"{town.total:.2f}",
                "grade": town.grade,
                "grade_note": town.grade_note,
                "vetoed": town.vetoed,
                "vetoes": town.vetoes,
                "gaps": town.gaps,
                "parts": {name: f"{value:.2f}" for name, value in town.parts.items()},
                "items": [
                    {
                        "part": row.part,
                        "name": row.item.name,
                        "indicator": row.item.indicator,
                        "method": row.item.method,
                        "weight": plain(row.item.weight),
                        "points": f"{row.points:.2f}",
                        "status": row.score.status,
                        "text": row.score.text,
                        "inputs": row.score.inputs,
                    }
                    for row in town.items
                ],
            }
            for town in result.towns
        ],
    }
