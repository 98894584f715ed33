"""``build_report``: the annual work report of a town or a county for one year.

Reads, whatever the region: the catalogue, the region's (and its county's) saved
template versions, the figures of the year and the year before, the targets, the place
names and the region's facts: six queries (seven for a county, which also counts its
towns), plus the user's profile for the visibility rules.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from indicators.accounts.access import AnyUser, visible_targets, visible_values
from indicators.reads.aggregates import aggregate_values

from ..models import Aggregation, DataValue, Indicator, Level, Region, Status, Target
from .clauses import without_clauses
from .congress import congress_phrase
from .document import FigureRun, Paragraph, PlaceRun, ReportPart, TextRun, WorkReport
from .loader import TEMPLATE_DIR, Part, region_parts
from .phrases import MISSING, about, target_phrase, year_on_year
from .places import read_places
from .sentences import with_own_sentences
from .syntax import FACTS, PLACE_KEY, UNIT_PREFIX, Blank, Group, Lead, Place, Slot, Text

REPORT_LEVELS = (Level.TOWN, Level.COUNTY)


@dataclass(frozen=True)
class Reading:
    """A figure as the report uses it: the value as printed and whether it is approved."""

    value: Decimal
    approved: bool
    towns: int = 0


def _printed(indicator: Indicator, value: Decimal) -> Decimal:
    return value.quantize(indicator.quantum)


def _town_readings(user: AnyUser, town: Region, year: int, indicators: dict[str, Indicator]):
    """(code, year) → the town's figure the user may see, this year and last: one query."""
    values = visible_values(
        user,
        DataValue.objects.filter(
            report__region=town, report__year__in=(year - 1, year), indicator_id__in=indicators
        ),
    )
    rows = values.values_list("indicator_id", "report__year", "value", "report__status")
    return {
        (code, row_year): Reading(_printed(indicators[code], value), status == Status.APPROVED)
        for code, row_year, value, status in rows.order_by()
    }


def _county_readings(user: AnyUser, county: Region, year: int, indicators: dict[str, Indicator]):
    """(code, year) → the county's figure from the towns' figures the user may see.

    The dashboards' own function on the dashboards' own values, so that the report
    prints what the county overview shows.
    """
    rows = aggregate_values(
        visible_values(user, DataValue.objects.all()),
        region=county,
        indicators=list(indicators.values()),
        first_year=year - 1,
        last_year=year,
    )
    return {
        (row.indicator, row.year): Reading(row.value, row.approved == row.towns, row.towns)
        for row in rows
        if row.value is not None
    }


def _targets(user: AnyUser, region: Region, year: int, codes) -> dict[str, Decimal]:
    targets = visible_targets(
        user, Target.objects.filter(region=region, year=year, indicator_id__in=codes)
    )
    return dict(targets.values_list("indicator_id", "value").order_by())


@dataclass(frozen=True)
class _Context:
    region: Region
    year: int
    indicators: dict[str, Indicator]
    readings: dict[tuple[str, int], Reading]
    targets: dict[str, Decimal]
    places: dict[str, str | None]
    total_towns: int  # 0 for a town
    asked: frozenset[str]  # the codes the catalogue asks of the region that year


def _figure(slot: Slot, ctx: _Context) -> FigureRun:
    indicator = ctx.indicators[slot.code]
    now = ctx.readings.get((slot.code, ctx.year))
    before = ctx.readings.get((slot.code, ctx.year - 1))
    value = now.value if now else None
    change, reached = year_on_year(value, before.value if before else None), ""
    if ctx.region.level == Level.COUNTY:
        # A county sum of fewer towns than last year is no fall; one of only some of
        # the towns is no shortfall against the county's target (as on the dashboards).
        if not (now and before and now.towns == before.towns):
            change = ""
        if now and now.towns >= ctx.total_towns:
            reached = target_phrase(value, ctx.targets.get(slot.code), indicator.higher_is_better)
    else:
        reached = target_phrase(value, ctx.targets.get(slot.code), indicator.higher_is_better)
    unit_text, number_text = slot.unit, None
    if value is not None and slot.unit.startswith(UNIT_PREFIX):
        # "余" only after a round figure: 416.65 → "410余万元"; 300 stays "300万元".
        rounded = about(value)
        if rounded is None:
            unit_text = slot.unit.removeprefix(UNIT_PREFIX)
        else:
            number_text = f"{rounded:f}"
    return FigureRun(
        code=slot.code,
        name=indicator.name,
        section=indicator.section_id,
        unit=indicator.unit,
        unit_text=unit_text,
        value=value,
        value_text=indicator.format_value(value) if value is not None else None,
        approved=bool(now and now.approved),
        year_on_year=change,
        target=reached,
        shown=slot.options,
        towns=now.towns if now else 0,
        total_towns=ctx.total_towns,
        number_text=number_text,
    )


def _applicable(run: FigureRun, ctx: _Context) -> bool:
    """A county has no figure of an indicator its towns' figures do not add up to; no
    region one of an indicator retired by the year, or meant for other regions."""
    if run.code not in ctx.asked:
        return False
    if ctx.region.level != Level.COUNTY:
        return True
    return ctx.indicators[run.code].aggregation != Aggregation.NONE


def _holds(runs: list, ctx: _Context) -> bool:
    """Whether an alternative of 〔〕 reads true here: its facts given, its figures apply,
    none of its ``零则略`` figures zero (a missing figure still prints XX)."""
    for run in runs:
        if isinstance(run, PlaceRun) and run.key in FACTS and run.name is None:
            return False
        if isinstance(run, FigureRun):
            if not _applicable(run, ctx):
                return False
            if "omit_zero" in run.shown and run.value is not None and run.value == 0:
                return False
    return True


def _runs(tokens, ctx: _Context) -> list:
    runs: list = []
    for token in tokens:
        if not isinstance(token, Group):
            runs.append(_run(token, ctx))
            continue
        options = (_runs(option, ctx) for option in token.options)
        runs += next((option for option in options if _holds(option, ctx)), [])
    return runs


def _lead(text: str, ctx: _Context) -> str:
    return PLACE_KEY.sub(lambda match: ctx.places.get(match.group(1)) or MISSING, text)


def _run(token, ctx: _Context):
    if isinstance(token, Text):
        return TextRun(token.text)
    if isinstance(token, Lead):
        return TextRun(_lead(token.text, ctx), "lead")
    if isinstance(token, Blank):
        return TextRun(token.text, "blank")
    if isinstance(token, Place):
        if token.key == "年度":
            return TextRun(str(ctx.year))
        if token.key == "全会精神":
            return TextRun(congress_phrase(ctx.year))
        return PlaceRun(token.key, ctx.places.get(token.key))
    return _figure(token, ctx)


def _plain(tokens, ctx: _Context) -> str:
    """A heading or title as text (``bind`` keeps figures out of them)."""
    return "".join(_run(token, ctx).text for token in tokens)


def _parts(parts: list[Part], ctx: _Context) -> tuple[str, tuple[ReportPart, ...]]:
    title, built, number = "", [], 0
    for part in parts:
        template = part.template
        heading = _plain(template.heading, ctx)
        if part.kind == "section":
            number += 1
        elif part.kind == "preamble":
            title, heading = heading, ""
        paragraphs = tuple(
            Paragraph(tuple(runs))
            for runs in (
                without_clauses(_runs(tokens, ctx), lambda run: run.code not in ctx.asked)
                for tokens in template.paragraphs
            )
            # A paragraph whose every clause dropped goes, with its run-in heading.
            if any(not (isinstance(run, TextRun) and run.style == "lead") for run in runs)
        )
        built.append(
            ReportPart(
                kind=part.kind,
                code=part.code,
                number=number if part.kind == "section" else 0,
                heading=heading,
                paragraphs=paragraphs,
            )
        )
    return title, tuple(built)


def build_report(
    user: AnyUser,
    region: Region,
    year: int,
    *,
    directory: Path = TEMPLATE_DIR,
    drafts: Mapping[str, str] | None = None,
) -> WorkReport:
    """The report of a town or county for ``year``, from the figures ``user`` may see.

    A figure the user may not see prints XX exactly like a missing one, so that the
    report says nothing about figures that are hidden from them.
    """
    if region.level not in REPORT_LEVELS:
        raise ValueError(f"no work report for a region of level {region.level}")
    indicators = list(Indicator.objects.in_report_order().select_related("scope"))
    # Templates may name any indicator; the report prints what the catalogue asks of the
    # region that year, and the sentence of what no template mentions yet.
    asked = [indicator for indicator in indicators if indicator.applies_to(region, year)]
    parts = with_own_sentences(region_parts(region, indicators, directory, drafts), asked)
    used = {slot.code for part in parts for slot in part.template.slots}
    by_code = {indicator.code: indicator for indicator in indicators if indicator.code in used}
    total_towns = 0
    if region.level == Level.COUNTY:
        readings = _county_readings(user, region, year, by_code)
        total_towns = Region.objects.within(region).towns().existing_in(year).count()
    else:
        readings = _town_readings(user, region, year, by_code)
    ctx = _Context(
        region=region,
        year=year,
        indicators=by_code,
        readings=readings,
        targets=_targets(user, region, year, used),
        places=read_places(region, year),
        total_towns=total_towns,
        asked=frozenset(indicator.code for indicator in asked),
    )
    title, built = _parts(parts, ctx)
    return WorkReport(
        region=region,
        year=year,
        title=title,
        parts=built,
        total_towns=total_towns,
        place=ctx.places["镇"] or region.name,
    )
