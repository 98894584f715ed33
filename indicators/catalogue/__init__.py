"""The indicator catalogue: a reviewable TOML file in the repo, loaded into the database."""

import copy
import functools
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from ..models import Aggregation, Indicator, Section, ValueType

CATALOGUE_FILE = Path(__file__).with_name("catalogue.toml")

SECTION_FIELDS = ("number", "heading", "short_name", "title_en")


class CatalogueError(ValueError):
    pass


@dataclass
class CatalogueSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    kept_with_values: list[str] = field(default_factory=list)
    # An administrator has changed the catalogue since: the file is no longer its source.
    edited: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@functools.lru_cache(maxsize=4)
def _parsed(text: str) -> dict:
    return tomllib.loads(text)


def toml_file(path: Path) -> dict:
    """The file's TOML, parsed once per content (a copy: callers may change it).
    Every ``load_catalogue`` reads the same file twice, for entries and rules."""
    return copy.deepcopy(_parsed(path.read_text(encoding="utf-8")))


def read_catalogue(path: Path = CATALOGUE_FILE) -> tuple[list[dict], list[dict]]:
    """Sections and indicators as model field dicts, checked for obvious mistakes."""
    data = toml_file(path)
    sections = [
        {
            "code": raw["code"],
            "heading_en": raw.get("heading_en", ""),
            **{n: raw[n] for n in SECTION_FIELDS},
        }
        for raw in data.get("sections", [])
    ]
    section_codes = {section["code"] for section in sections}
    orders: dict[str, int] = {}
    indicators = []
    for raw in data.get("indicators", []):
        code = raw.get("code", "?")
        try:
            if raw["section"] not in section_codes:
                raise CatalogueError(f"{code}: unknown section {raw['section']!r}")
            ValueType(raw["value_type"])
            Aggregation(raw["aggregation"])
            orders[raw["section"]] = orders.get(raw["section"], 0) + 1
            indicators.append(_indicator_row(code, raw, orders[raw["section"]]))
        except KeyError as missing:
            raise CatalogueError(f"{code}: missing field {missing}") from None
        except ValueError as error:
            raise CatalogueError(f"{code}: {error}") from None
    codes = [indicator["code"] for indicator in indicators]
    if len(codes) != len(set(codes)):
        raise CatalogueError("indicator codes must be unique")
    return sections, indicators


def _indicator_row(code: str, raw: dict, order: int) -> dict:
    """An indicator of the file as model fields (a missing required key: KeyError)."""
    return {
        "code": code,
        "section_id": raw["section"],
        "order": order,
        "name": raw["name"],
        "name_en": raw["name_en"],
        "unit": raw["unit"],
        "unit_en": raw.get("unit_en", ""),
        "value_type": raw["value_type"],
        "decimals": raw["decimals"],
        "min_value": Decimal(raw["min"]),
        "max_value": Decimal(raw["max"]),
        "higher_is_better": raw.get("higher_is_better"),
        "aggregation": raw["aggregation"],
        "is_public": raw.get("public", True),
        "source_sentence": raw.get("sentence", ""),
        "scope_id": raw.get("scope"),
        "active_from": raw.get("active_from"),
        "retired_from": raw.get("retired_from"),
    }


def _upsert(model, rows: list[dict], summary: CatalogueSummary) -> None:
    """Create the new rows in one statement and update the changed ones. The new rows
    send no signal: :func:`load_catalogue` moves the catalogue's stamps itself."""
    existing = {obj.pk: obj for obj in model.objects.all()}
    new = [model(**row) for row in rows if row["code"] not in existing]
    model.objects.bulk_create(new)
    summary.created += [obj.pk for obj in new]
    for row in rows:
        obj = existing.get(row["code"])
        if obj is None:
            continue
        changed = [name for name, value in row.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, row[name])
            obj.save(update_fields=changed)
            summary.updated.append(row["code"])
        else:
            summary.unchanged += 1


@transaction.atomic
def load_catalogue(path: Path = CATALOGUE_FILE) -> CatalogueSummary:
    """Create or update sections, indicators and rules from the file; idempotent.

    Whether a section is public is an administrator's setting, not the file's.
    An indicator dropped from the file is deleted only while it has no values
    or targets: figures are never lost to a catalogue edit.

    The file is the catalogue of a new installation: once an administrator has
    changed the catalogue (a version by a person), loading leaves it alone and says
    so (``edited``). A load that changes something records a catalogue version.
    """
    from ..derived.stamps import catalogue_moved
    from .rules import read_rules, rules_load
    from .versions import catalogue_loaded, edited_by_people

    if edited_by_people():
        return CatalogueSummary(edited=True)

    sections, indicators = read_catalogue(path)
    rules = read_rules(path, {indicator["code"] for indicator in indicators})
    summary = CatalogueSummary()
    _upsert(Section, sections, summary)
    _upsert(Indicator, indicators, summary)
    rules_load(rules, summary)  # before the deletions below: a rule protects its indicators

    listed = {indicator["code"] for indicator in indicators}
    for indicator in Indicator.objects.exclude(code__in=listed):
        if indicator.values.exists() or indicator.targets.exists():
            summary.kept_with_values.append(indicator.code)
        else:
            indicator.delete()
            summary.deleted.append(indicator.code)
    if summary.changed:
        catalogue_moved()
        catalogue_loaded()
    return summary
