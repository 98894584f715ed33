"""What follows an indicator's new name or unit, so that the annual report still reads
right: the indicator's own report sentence (rewritten in the same change, so that the
version's comparison shows it) and the regions' saved report templates that name it
(each saved again as a new version naming the catalogue version).

The installation's template files are not rewritten: they may name an indicator as
the catalogue file does (indicators/reports/loader.py).
"""

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _

from ..models import CatalogueVersion
from ..reports.editing import Renamed, templates_renamed
from ..reports.syntax import BLANK, UNIT_PREFIX
from .toml_io import Catalogue

MAX_SENTENCE = 2000  # fields.indicator_clean's limit


def sentence_followed(sentence: str, old_unit: str, new_unit: str) -> str:
    """The unit after the XX of the indicator's figure in its sentence rewritten:
    "全年新建高标准农田XXX亩" → "全年新建高标准农田XXX万亩" ("余" kept). A sentence
    that already writes the new unit after an XX, or none of them, stays as it is."""
    if old_unit == new_unit:
        return sentence
    blanks = list(BLANK.finditer(sentence))
    for blank in blanks:
        if sentence[blank.end() :].removeprefix(UNIT_PREFIX).startswith(new_unit):
            return sentence
    for blank in blanks:
        rest = sentence[blank.end() :]
        about = UNIT_PREFIX if rest.startswith(UNIT_PREFIX + old_unit) else ""
        if rest.startswith(about + old_unit):
            end = blank.end() + len(about + old_unit)
            followed = sentence[: blank.end()] + about + new_unit + sentence[end:]
            return followed if len(followed) <= MAX_SENTENCE else sentence
    return sentence


def renames(before: Catalogue, after: Catalogue) -> list[Renamed]:
    """The indicators whose name or unit the change made another (by code)."""
    found = []
    for code, state in after.indicators.items():
        old = before.indicators.get(code)
        if old is not None and (old["name"], old["unit"]) != (state["name"], state["unit"]):
            found.append(Renamed(old["name"], old["unit"], state["name"], state["unit"]))
    return found


def templates_follow(
    version: CatalogueVersion,
    user: User | AnonymousUser,
    before: Catalogue,
    after: Catalogue,
) -> list[dict]:
    """Save again each region's current template version that names a renamed
    indicator, with the reason "指标目录第 N 版：…" and the acting user, in the catalogue
    change's transaction; what the version records of it (one entry per template)."""
    changed = renames(before, after)
    if not changed:
        return []
    reason = _("指标目录第 %(number)s 版：%(reason)s") % {
        "number": version.pk,
        "reason": version.reason,
    }
    saved = templates_renamed(user=user, renamed=changed, reason=reason)
    return [
        {
            "action": "template_rewritten",
            "kind": "report_template",
            "code": f"{template.region_id}/{template.name}",
            "name": template.region.name,
            "template_version": template.pk,
        }
        for template in saved
    ]
