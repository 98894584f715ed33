"""Writes of the assessment (a scheme version, a publication) and the standing of a year.

Figures are only read, through ``inputs.scoring_inputs``; nothing here writes one.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from indicators.audit.events import audit_record
from indicators.audit.models import Action
from indicators.models import Region

from .engine import Result, assess
from .inputs import catalogue_indicators, scoring_inputs
from .models import Publication, SchemeVersion
from .plain import result_json
from .spec import Scheme, SchemeInvalid
from .tomlio import scheme_load


class PublishRefused(Exception):
    pass


def scheme_check(
    *, source: str, year: int, county: Region | None = None, indicators: dict | None = None
) -> Scheme:
    """The scheme in ``source``, checked against the indicators that count in ``county``;
    SchemeInvalid with every problem otherwise."""
    scheme = scheme_load(source, catalogue_indicators(county) if indicators is None else indicators)
    if scheme.year != year:
        raise SchemeInvalid(
            [_("方案年度为 %(found)s，应为 %(year)s。") % {"found": scheme.year, "year": year}]
        )
    return scheme


@transaction.atomic
def scheme_save(*, county: Region, year: int, source: str, user, reason: str = "") -> SchemeVersion:
    """Save ``source`` as the next version of the county's scheme for ``year``; the
    reason for the change goes to the audit trail.

    A bad scheme raises SchemeInvalid and nothing is saved. The form editor and the
    TOML upload both end here, so they check and refuse alike.
    """
    scheme_check(source=source, year=year, county=county)
    # Lock the county's row so that two saves at once get versions 1 and 2, not 1 twice.
    Region.objects.select_for_update().filter(pk=county.pk).first()
    latest = SchemeVersion.objects.latest_of(county, year)
    saved = SchemeVersion.objects.create(
        county=county,
        year=year,
        version=(latest.version + 1) if latest else 1,
        source=source,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    audit_record(
        action=Action.SCHEME_SAVED,
        user=user,
        obj=saved,
        details={
            "county": county.code,
            "year": year,
            "version": saved.version,
            "reason": reason.strip()[:500],
        },
    )
    return saved


def county_label(county: Region) -> dict:
    return {"code": county.code, "name": county.name}


def assessment_compute(
    county: Region, year: int, scheme: Scheme, indicators: dict | None = None
) -> Result:
    """Score the county's towns under ``scheme`` (saved or not) on today's approved
    figures; ``indicators`` as the scheme was checked against, if at hand."""
    if indicators is None:
        indicators = catalogue_indicators(county)
    return assess(scheme, scoring_inputs(county, year, scheme, indicators))


@dataclass
class Difference:
    town: str
    what: str
    published: str
    now: str


@dataclass
class Standing:
    """What a county's assessment for a year looks like now."""

    county: Region
    year: int
    version: SchemeVersion | None
    scheme: Scheme | None = None
    publication: Publication | None = None
    live: dict | None = None  # scored now, under the published (else the latest) scheme
    newer: int | None = None  # a version saved after the published one: not used this year
    invalid: list[str] = field(default_factory=list)  # a saved scheme the catalogue outgrew
    differences: list[Difference] = field(default_factory=list)

    @property
    def shown(self) -> dict | None:
        """The published result when there is one, frozen; otherwise today's."""
        return self.publication.result if self.publication else self.live


def _differences(published: dict, live: dict) -> list[Difference]:
    now = {town["code"]: town for town in live["towns"]}
    found = []
    for town in published["towns"]:
        current = now.get(town["code"])
        if current is None:
            continue
        for key, label in (("total", _("总分")), ("rank", _("名次")), ("grade", _("等次"))):
            if town[key] != current[key]:
                found.append(Difference(town["name"], label, str(town[key]), str(current[key])))
        for before, after in zip(town["items"], current["items"], strict=False):
            if before["points"] != after["points"] or before["inputs"] != after["inputs"]:
                found.append(
                    Difference(town["name"], before["name"], before["text"], after["text"])
                )
    return found


def assessment_standing(county: Region, year: int) -> Standing:
    """The scheme, the publication if any, today's result and what differs between them."""
    publication = Publication.objects.latest_of(county, year)
    version = publication.scheme if publication else SchemeVersion.objects.latest_of(county, year)
    standing = Standing(county, year, version, publication=publication)
    if version is None:
        return standing
    indicators = catalogue_indicators(county)
    try:
        standing.scheme = scheme_check(source=version.source, year=year, indicators=indicators)
    except SchemeInvalid as invalid:
        # Saved when it was valid; an indicator has since left the catalogue or retired.
        standing.invalid = invalid.messages
        return standing
    live = assessment_compute(county, year, standing.scheme, indicators)
    standing.live = result_json(live, county=county_label(county), version=version.version)
    if publication is not None:
        standing.differences = _differences(publication.result, standing.live)
        latest = SchemeVersion.objects.latest_of(county, year)
        if latest.version > version.version:
            standing.newer = latest.version
    return standing


@transaction.atomic
def assessment_publish(*, county: Region, year: int, user, note: str = "") -> Publication:
    """Publish today's result under the latest scheme; after that, only corrections.

    A correction republishes under the same (frozen) scheme when figures changed
    since; it needs a note saying why.
    """
    Region.objects.select_for_update().filter(pk=county.pk).first()
    standing = assessment_standing(county, year)
    if standing.version is None:
        raise PublishRefused(_("还没有考核方案，不能发布。"))
    if standing.live is None:
        raise PublishRefused(
            _("考核方案已不能使用：%(why)s") % {"why": "；".join(standing.invalid)}
        )
    previous = standing.publication
    if previous is not None:
        if not standing.differences:
            raise PublishRefused(_("结果已发布，且与现在的数字一致，无需更正。"))
        if not note.strip():
            raise PublishRefused(_("发布更正需要写明更正原因。"))
    publication = Publication.objects.create(
        scheme=standing.version,
        number=(previous.number + 1) if previous else 1,
        result=standing.live,
        note=note.strip()[:500],
        published_by=user if getattr(user, "is_authenticated", False) else None,
    )
    audit_record(
        action=Action.ASSESSMENT_PUBLISHED,
        user=user,
        obj=publication,
        details={
            "county": county.code,
            "year": year,
            "number": publication.number,
            "scheme_version": standing.version.version,
            "note": publication.note,
        },
    )
    return publication


def last_year_ranks(county: Region, year: int) -> dict[str, int]:
    """town → its rank in last year's published result; empty when none was published."""
    previous = Publication.objects.latest_of(county, year - 1)
    if previous is None:
        return {}
    return {town["code"]: town["rank"] for town in previous.result["towns"]}
