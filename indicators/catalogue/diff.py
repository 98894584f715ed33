"""What differs between two catalogues: sections, indicators and rules added, removed
or changed, field by field, in Chinese for people and by field name for programs."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.support.decimals import plain

from ..models import Aggregation, Region, RuleKind, ValueType
from .fields import INDICATOR_FIELDS, RULE_FIELDS, SECTION_FIELDS, label
from .toml_io import Catalogue

KINDS = (("section", "sections", SECTION_FIELDS), ("indicator", "indicators", INDICATOR_FIELDS))
KINDS += (("rule", "rules", RULE_FIELDS),)
OPTIONAL = ("fields", "note")  # left out of a version's changes when empty
CHOICES = {"value_type": ValueType, "aggregation": Aggregation, "kind": RuleKind}


@dataclass
class DiffEntry:
    kind: str  # "section" | "indicator" | "rule"
    code: str
    name: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (label, before, after)
    keys: list[str] = field(default_factory=list)  # the model's field name of each of ``fields``
    note: str = ""  # what else happens, e.g. "已有数字，保留并停用"

    def as_json(self) -> dict:
        """JSON, each field's name beside its label; the fields and note empty or not."""
        fields = [
            {"field": key, "label": text, "before": before, "after": after}
            for key, (text, before, after) in zip(self.keys, self.fields, strict=True)
        ]
        return {
            "kind": self.kind,
            "code": self.code,
            "name": self.name,
            "fields": fields,
            "note": self.note,
        }


@dataclass
class CatalogueDiff:
    added: list[DiffEntry] = field(default_factory=list)
    removed: list[DiffEntry] = field(default_factory=list)
    changed: list[DiffEntry] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def as_body(self) -> dict[str, list[dict]]:
        """For the API: each action's entries as JSON (:meth:`DiffEntry.as_json`)."""
        return {
            action: [entry.as_json() for entry in entries]
            for action, entries in (
                ("added", self.added),
                ("removed", self.removed),
                ("changed", self.changed),
            )
        }

    def as_changes(self) -> list[dict]:
        """For ``CatalogueVersion.changes``: one list, each entry with its action and
        without empty fields or note."""
        return [
            {"action": action, **{k: v for k, v in item.items() if v or k not in OPTIONAL}}
            for action, items in self.as_body().items()
            for item in items
        ]


def _name(kind: str, state: dict) -> str:
    return (
        state["short_name"] if kind == "section" else state["title" if kind == "rule" else "name"]
    )


class _Shown:
    """Values as people read them; region names looked up once."""

    def __init__(self, scopes: set[str]):
        self.regions = dict(Region.objects.filter(code__in=scopes).values_list("code", "name"))

    def __call__(self, key: str, value) -> str:
        if value is None:
            return "—"
        if isinstance(value, bool):
            return _("是") if value else _("否")
        if isinstance(value, Decimal):
            return plain(value)
        if key in CHOICES:
            return str(CHOICES[key](value).label) if value in CHOICES[key].values else str(value)
        if key == "scope_id":
            name = self.regions.get(value)
            return f"{name}（{value}）" if name else str(value)
        return str(value)


class _Moved:
    """Whether an entry changed its place among the entries both sides have, in its
    section (indicators) or in the list (rules): one removed or added before it moves
    its number, not its place."""

    def __init__(self, before: dict[str, dict], after: dict[str, dict]):
        common = before.keys() & after.keys()
        self.before, self.after = _ranks(before, common), _ranks(after, common)

    def __call__(self, kind: str, code: str) -> bool:
        return self.before[code] != self.after[code]


def _ranks(states: dict[str, dict], common) -> dict[str, tuple]:
    groups: dict[str, list[str]] = {}
    for code in sorted(common, key=lambda code: (states[code].get("order") or 0, code)):
        groups.setdefault(states[code].get("section_id", ""), []).append(code)
    return {
        code: (group, rank) for group, codes in groups.items() for rank, code in enumerate(codes)
    }


def catalogue_diff(old: Catalogue, new: Catalogue, notes: dict | None = None) -> CatalogueDiff:
    """``notes``: (kind, code) → a note for that entry (what an import does besides)."""
    notes = notes or {}
    scopes = {
        state["scope_id"]
        for catalogue in (old, new)
        for state in catalogue.indicators.values()
        if state["scope_id"]
    }
    shown = _Shown(scopes)
    diff = CatalogueDiff()
    for kind, attribute, names in KINDS:
        before, after = getattr(old, attribute), getattr(new, attribute)
        moved = _Moved(before, after)
        for code, state in after.items():
            note = str(notes.get((kind, code), ""))
            if code not in before:
                diff.added.append(DiffEntry(kind, code, _name(kind, state), note=note))
                continue
            keys = [
                name
                for name in names
                if before[code].get(name) != state.get(name)
                and (name != "order" or moved(kind, code))
            ]
            if keys:
                fields = [
                    (
                        label(kind, key),
                        shown(key, before[code].get(key)),
                        shown(key, state.get(key)),
                    )
                    for key in keys
                ]
                diff.changed.append(DiffEntry(kind, code, _name(kind, state), fields, keys, note))
        for code, state in before.items():
            if code not in after:
                note = str(notes.get((kind, code), ""))
                diff.removed.append(DiffEntry(kind, code, _name(kind, state), note=note))
    return diff
