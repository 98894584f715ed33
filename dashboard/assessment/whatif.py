"""What-if: the scheme with the weights and methods a GET form changed, never saved.

The page scores the changed scheme in memory. In a trial the weights need not add
up; every other check still applies (SchemeInvalid, shown on the page).
"""

import tomllib
from decimal import Decimal, InvalidOperation

from indicators.assessment.plain import METHOD_NAMES
from indicators.assessment.spec import LARGEST_DIGITS, WEIGHTED, Scheme, scheme_from_dict

#: Methods the what-if form offers for a weighted item.
TRIAL_METHODS = ("target", "rank", "growth", "threshold", "deduction")


def field_name(kind: str, part: int, item: int) -> str:
    return f"{kind}-{part}-{item}"


def whatif_scheme(source: str, params, indicators: dict) -> tuple[Scheme | None, list[str]]:
    """The scheme with the form's changes, and the changes in words; (None, []) if none."""
    data = tomllib.loads(source)
    changes = []
    for p, part in enumerate(data.get("parts", [])):
        for i, item in enumerate(part.get("items", [])):
            if item.get("method") not in WEIGHTED:
                continue
            weight = params.get(field_name("w", p, i), "").strip()
            method = params.get(field_name("m", p, i), "").strip()
            if weight and weight != str(item.get("weight")):
                changes.append(f"{item.get('name')}：权重 {item.get('weight')} → {weight}")
                item["weight"] = weight
            if method and method != item.get("method"):
                before, after = (METHOD_NAMES.get(m, m) for m in (item.get("method"), method))
                changes.append(f"{item.get('name')}：方法 {before} → {after}")
                item["method"] = method
    if not changes:
        return None, []
    # A trial's part weighs what its items now weigh, so the legend's shares stay true.
    for part in data.get("parts", []):
        part["weight"] = str(
            sum(
                (
                    Decimal(str(i.get("weight", 0)))
                    for i in part.get("items", [])
                    if i.get("method") in WEIGHTED and _is_number(i.get("weight", 0))
                ),
                Decimal(0),
            )
        )
    data["check_total"] = False
    return scheme_from_dict(data, indicators), changes


def trial_fields(scheme: Scheme, params) -> list[dict]:
    """The form's rows: each weighted item with its current (or tried) weight and method."""
    rows = []
    for p, part in enumerate(scheme.parts):
        for i, item in enumerate(part.items):
            if not item.weighted:
                continue
            w, m = field_name("w", p, i), field_name("m", p, i)
            rows.append(
                {
                    "part": part.name,
                    "name": item.name,
                    "w": w,
                    "m": m,
                    "weight": params.get(w) or f"{item.weight:f}",
                    "method": params.get(m) or item.method,
                }
            )
    return rows


def _is_number(value) -> bool:
    """A weight to add up; anything else is left for the scheme's check to name."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return False
    return number.is_finite() and number.adjusted() < LARGEST_DIGITS
