"""The catalogue's plausibility rules (``[[rules]]`` in catalogue.toml), read and loaded.

A rule names indicators by code; each must be an indicator of the same file. Each
rule is checked as an edit on the catalogue pages is (:func:`.fields.rule_clean`);
its ``order`` is its place in the file. A rule dropped from the file is deleted:
rules hold no figures.
"""

from pathlib import Path

from django.utils.translation import gettext as _

from ..models import CatalogueRule
from . import CATALOGUE_FILE, CatalogueError, CatalogueSummary, _upsert, toml_file
from .fields import rule_clean
from .refused import CatalogueRefused


def rules_from(data: dict, indicator_codes: set[str]) -> list[dict]:
    """The ``[[rules]]`` of a parsed catalogue as model field dicts, checked against
    the catalogue's indicator codes; a mistake raises :class:`CatalogueError`."""
    rules = []
    for order, raw in enumerate(data.get("rules", []), start=1):
        try:
            rules.append(rule_clean({**raw, "order": order}, indicators=indicator_codes))
        except CatalogueRefused as refusal:
            raise CatalogueError(
                _("第 %(n)s 条规则（%(code)s）：%(message)s")
                % {"n": order, "code": raw.get("code", "?"), "message": refusal.message}
            ) from None
    codes = [rule["code"] for rule in rules]
    if len(codes) != len(set(codes)):
        raise CatalogueError(_("规则代码不能重复。"))
    return rules


def read_rules(path: Path = CATALOGUE_FILE, indicator_codes: set[str] | None = None) -> list[dict]:
    """:func:`rules_from` the file; by default checked against the file's own indicators."""
    data = toml_file(path)
    if indicator_codes is None:
        indicator_codes = {raw.get("code") for raw in data.get("indicators", [])}
    return rules_from(data, indicator_codes)


def rules_load(rules: list[dict], summary: CatalogueSummary) -> None:
    """Make the stored rules those of the file: create, update in place, delete the rest."""
    _upsert(CatalogueRule, rules, summary)
    dropped = CatalogueRule.objects.exclude(code__in=[rule["code"] for rule in rules])
    summary.deleted += list(dropped.values_list("code", flat=True))
    dropped.delete()
