"""The scheme editor: a saved scheme into forms, the posted forms back into a scheme.

The posted forms become the table a TOML file parses into; the scheme's own check
(``scheme_from_dict``) reads it, and each of its problems goes back to the field that
its path names (``Problem.at``). A scheme that passes is written as TOML and saved by
the same service as an upload, so that both paths check, refuse and version alike.
"""

import math
import re
import tomllib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from indicators.assessment.spec import Problem, Scheme, SchemeInvalid, scheme_from_dict

from .editor_forms import PARAMETERS, GradeFormSet, ItemFormSet, PartFormSet, SchemeForm

BAND_SEPARATORS = re.compile(r"[,，;；、\n]+")
BAND_PAIR = re.compile(r"^([^=＝]+)[=＝]([^=＝]+)$")
PREFIXES = {"grades": "g", "parts": "p", "items": "i"}


@dataclass
class Editor:
    scheme: SchemeForm
    grades: GradeFormSet
    parts: PartFormSet
    items: ItemFormSet
    errors: list[str] = field(default_factory=list)  # every problem, with where it is
    action: str = "save"  # or add_part, add_item: only more rows, nothing checked

    def layout(self) -> list[tuple]:
        """(index, part form, its item forms) in the order the ORDER fields say."""
        items: dict[int, list] = {}
        for form in sorted(self.items.forms, key=_place):
            items.setdefault(_int(form["part"].value()), []).append(form)
        return [
            (index, form, items.get(index, []))
            for index, form in sorted(enumerate(self.parts.forms), key=lambda pair: _place(pair[1]))
        ]


def _int(value, default=-1) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _place(form) -> tuple:
    order = _int(form["ORDER"].value(), default=-1)
    return (order if order >= 0 else math.inf, _int(form.prefix.rsplit("-", 1)[-1]))


def _shown(value) -> str:
    """A TOML value as a form shows it."""
    if value is None:
        return ""
    return str(value)


def bands_text(bands) -> str:
    return ", ".join(
        f"{_shown(band.get('min'))}={_shown(band.get('share'))}"
        for band in bands or []
        if isinstance(band, dict)
    )


def initial_of(data: dict) -> dict:
    """The forms' initial values from a scheme's TOML table."""
    grading = data.get("grading") if isinstance(data.get("grading"), dict) else {}
    quota = grading.get("quota") if isinstance(grading.get("quota"), dict) else {}
    scheme = {
        "title": data.get("title", ""),
        "check_total": data.get("check_total", True) is not False,
        "total": _shown(data.get("total", 100)),
        "missing": data.get("missing", "zero"),
        "ties": data.get("ties", "shared"),
        "notes": data.get("notes", ""),
        "veto_grade": grading.get("veto_grade", "不合格"),
        "quota_grade": quota.get("grade", ""),
        "quota_share": _shown(quota.get("share")),
    }
    grades = [
        {"grade": band.get("grade", ""), "min": _shown(band.get("min"))}
        for band in grading.get("bands", []) or []
        if isinstance(band, dict)
    ]
    parts, items = [], []
    for index, part in enumerate(p for p in data.get("parts", []) or [] if isinstance(p, dict)):
        parts.append({"name": part.get("name", ""), "weight": _shown(part.get("weight"))})
        for item in part.get("items", []) or []:
            if not isinstance(item, dict):
                continue
            row = {"part": index, "name": item.get("name", ""), "indicator": item.get("indicator")}
            row["method"] = item.get("method", "")
            for key in PARAMETERS:
                row[key] = _shown(item.get(key))
            row["bands"] = bands_text(item.get("bands"))
            row["lower_is_better"] = bool(item.get("lower_is_better", False))
            items.append(row)
    return {"scheme": scheme, "grades": grades, "parts": parts, "items": items}


def blank_scheme(title: str) -> dict:
    """A new scheme's table: one part to fill in, the usual four grades."""
    return {
        "title": title,
        "total": 100,
        "grading": {
            "veto_grade": "不合格",
            "bands": [
                {"grade": "优秀", "min": 90},
                {"grade": "良好", "min": 80},
                {"grade": "合格", "min": 60},
                {"grade": "不合格", "min": 0},
            ],
        },
        "parts": [{"name": "", "weight": 100, "items": [{"method": "target"}]}],
    }


def editor_for(source: str | None, *, title: str, choices) -> Editor:
    """The forms of the saved scheme (or of a blank one)."""
    data = tomllib.loads(source) if source else blank_scheme(title)
    initial = initial_of(data)
    return Editor(
        scheme=SchemeForm(initial=initial["scheme"]),
        grades=GradeFormSet(initial=initial["grades"], prefix="g"),
        parts=PartFormSet(initial=initial["parts"], prefix="p"),
        items=ItemFormSet(
            initial=initial["items"],
            prefix="i",
            form_kwargs={"indicator_choices": choices},
        ),
    )


def editor_posted(post, *, choices) -> Editor:
    """The posted forms; with "add part" or "add item" one more row, nothing checked."""
    data = post.copy()
    action = "save"
    if "add_part" in data:
        action = "add_part"
        _grow(data, "p")
    elif "add_item" in data:
        action = "add_item"
        number = _grow(data, "i")
        if number is not None:
            data[f"i-{number}-part"] = data["add_item"]
            data[f"i-{number}-method"] = "target"
    return Editor(
        scheme=SchemeForm(data),
        grades=GradeFormSet(data, prefix="g"),
        parts=PartFormSet(data, prefix="p"),
        items=ItemFormSet(data, prefix="i", form_kwargs={"indicator_choices": choices}),
        action=action,
    )


def _grow(data, prefix: str) -> int | None:
    """One more form in the formset ``prefix``: the number of the new one."""
    key = f"{prefix}-TOTAL_FORMS"
    total = _int(data.get(key))
    if total < 0:
        return None  # the management form is broken: the formset says so
    data[key] = str(total + 1)
    return total


def editor_scheme(editor: Editor, *, year: int, indicators: dict) -> Scheme | None:
    """The scheme the forms describe, or None with every problem at its field."""
    forms_valid = [
        editor.scheme.is_valid(),
        editor.grades.is_valid(),
        editor.parts.is_valid(),
        editor.items.is_valid(),
    ]
    if not all(forms_valid):
        editor.errors.append(_("请按提示修改标出的项。"))
        if not editor.parts.is_valid() or not editor.items.is_valid():
            return None  # no order to read the parts and items in
    table, places = _table(editor, year)
    try:
        scheme = scheme_from_dict(table, indicators)
    except SchemeInvalid as invalid:
        for problem in invalid.problems:
            _put(editor, problem, places)
        return None
    return scheme if not editor.errors else None


def _table(editor: Editor, year: int) -> tuple[dict, dict]:
    """The TOML table of the forms, and the forms at each of its paths."""
    fields = editor.scheme.cleaned_data if editor.scheme.is_bound else {}
    table = {
        "title": fields.get("title", ""),
        "year": year,
        "missing": fields.get("missing") or "zero",
        "ties": fields.get("ties") or "shared",
    }
    if fields.get("notes"):
        table["notes"] = fields["notes"]
    if not fields.get("check_total"):
        table["check_total"] = False
    elif fields.get("total"):
        table["total"] = fields["total"]
    places: dict[tuple, object] = {("scheme",): editor.scheme}
    grading: dict = {"bands": []}
    if fields.get("veto_grade"):
        grading["veto_grade"] = fields["veto_grade"]
    if fields.get("quota_grade") or fields.get("quota_share"):
        grading["quota"] = {
            key: fields[name]
            for key, name in (("grade", "quota_grade"), ("share", "quota_share"))
            if fields.get(name)
        }
        if not fields.get("quota_grade"):
            _error(editor, editor.scheme, "quota_grade", _("请填写受比例限制的等次，如“优秀”。"))
    for form in editor.grades.forms:
        row = getattr(form, "cleaned_data", {})
        if row.get("DELETE") or not (row.get("grade") or row.get("min")):
            continue
        places[("grading", "bands", len(grading["bands"]))] = form
        grading["bands"].append({key: row[key] for key in ("grade", "min") if row.get(key)})
    table["grading"] = grading
    table["parts"] = []
    items = editor.items.ordered_forms
    for index, part_form in _live_parts(editor):
        at = ("parts", len(table["parts"]))
        places[at] = part_form
        row = part_form.cleaned_data
        part = {key: row[key] for key in ("name", "weight") if row.get(key)}
        part["items"] = []
        for item_form in (f for f in items if f.cleaned_data.get("part") == index):
            places[(*at, "items", len(part["items"]))] = item_form
            part["items"].append(_item_table(editor, item_form))
        table["parts"].append(part)
    return table, places


def _live_parts(editor: Editor) -> list[tuple[int, object]]:
    """(index in the formset, form) of the parts kept, in their order."""
    return [(editor.parts.forms.index(form), form) for form in editor.parts.ordered_forms]


def _item_table(editor: Editor, form) -> dict:
    """An item's table: only the parameters its method reads (the others may hold what
    was typed before the method changed)."""
    row = form.cleaned_data
    method = row.get("method", "")
    item = {key: row[key] for key in ("name", "indicator", "method") if row.get(key)}
    for key, methods in PARAMETERS.items():
        if method not in methods or not row.get(key):
            continue
        if key == "bands":
            item["bands"] = _bands(editor, form, row["bands"])
        elif key == "lower_is_better":
            item[key] = True
        else:
            item[key] = row[key]
    return item


def _bands(editor: Editor, form, text: str) -> list[dict]:
    bands = []
    for number, entry in enumerate(BAND_SEPARATORS.split(text.strip()), start=1):
        pair = BAND_PAIR.match(entry.strip())
        if pair is None:
            _error(
                editor,
                form,
                "bands",
                _("第 %(n)s 档“%(entry)s”应写成“增长率下限=得权重的百分比”，如 8=100。")
                % {"n": number, "entry": entry.strip()},
            )
            continue
        bands.append({"min": pair.group(1).strip(), "share": pair.group(2).strip()})
    return bands


def _error(editor: Editor, form, name: str | None, message: str) -> None:
    form.add_error(name, message)
    editor.errors.append(message)


def _put(editor: Editor, problem: Problem, places: dict) -> None:
    """The problem at the field its path names; at the top if none does."""
    form, name = _field_of(problem.at, places)
    if form is None:
        editor.errors.append(problem.message)
        return
    if name is not None and name in form.errors:
        return  # the editor already said what is wrong there
    form.add_error(name, problem.text)
    editor.errors.append(problem.message)


SCHEME_KEYS = {
    ("title",): "title",
    ("total",): "total",
    ("missing",): "missing",
    ("ties",): "ties",
    ("grading", "veto_grade"): "veto_grade",
    ("grading", "quota", "grade"): "quota_grade",
    ("grading", "quota", "share"): "quota_share",
}


def _field_of(at: tuple, places: dict) -> tuple[object, str | None]:
    if at in SCHEME_KEYS:
        return places[("scheme",)], SCHEME_KEYS[at]
    # ("parts", p, "items", i, key), ("grading", "bands", g, key), ("parts", p, key):
    # the longest path that names a form, then the key after it.
    for length in (4, 3, 2):
        form = places.get(at[:length]) if len(at) >= length else None
        if form is None:
            continue
        name = at[length] if len(at) > length else None
        if isinstance(name, str) and name in form.fields:
            return form, name
        return form, None
    return None, None
