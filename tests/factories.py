from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from unittest import mock

import factory
from django.contrib.auth.models import User
from django.db import transaction

from indicators.figures import MAX_IMPORT_ROWS, FigureRow, ImportSummary, figures_import
from indicators.figures.service import reports_move
from indicators.models import (
    DECIMAL_PLACES,
    FIRST_YEAR,
    LAST_YEAR,
    DataValue,
    Indicator,
    Level,
    Profile,
    Region,
    Report,
    Role,
    Section,
    Source,
    Status,
    Target,
)
from indicators.workflow.transitions import figures_submit


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = "888801000000"
    name = "测试县"
    level = Level.COUNTY


def county(code: str = "888801000000", name: str = "测试县") -> Region:
    return RegionFactory(code=code, name=name, level=Level.COUNTY)


def town(parent: Region, number: int, name: str | None = None) -> Region:
    """The number-th town of a county: its code is the county's six digits, then 100 + number."""
    return RegionFactory(
        code=f"{parent.code[:6]}{100 + number:03d}000",
        name=name or f"测试{number}镇",
        level=Level.TOWN,
        parent=parent,
    )


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"section{n}")
    number = factory.Sequence(lambda n: 100 + n)
    heading = factory.LazyAttribute(lambda o: f"{o.code} 标题")
    short_name = factory.LazyAttribute(lambda o: o.code)
    title_en = factory.LazyAttribute(lambda o: o.code)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"indicator_{n}")
    section = factory.SubFactory(SectionFactory)
    order = factory.Sequence(lambda n: n)
    name = factory.LazyAttribute(lambda o: f"指标{o.code}")
    name_en = factory.LazyAttribute(lambda o: o.code)
    unit = "万吨"
    value_type = "decimal"
    decimals = 2
    min_value = Decimal(0)
    max_value = Decimal(10000)
    higher_is_better = True
    aggregation = "sum"


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report
        django_get_or_create = ["region", "year"]

    year = 2024


SEED_USERNAME = "factory-seed"


def seed_user() -> User:
    """The administrator test data is written as (rights everywhere, no superuser)."""
    user, created = User.objects.get_or_create(username=SEED_USERNAME)
    if created:
        Profile.objects.create(user=user, role=Role.ADMIN)
    return user


@contextmanager
def written_at(moment: datetime | None) -> Iterator[None]:
    """Writes inside happen at ``moment`` (figures' and reports' ``updated_at``)."""
    if moment is None:
        yield
        return
    with mock.patch("indicators.figures.store.timezone.now", return_value=moment):
        yield


def seed_figures(
    figures: Mapping,
    *,
    status: str | None = None,
    source: str = Source.SEED,
    at: datetime | None = None,
) -> dict[tuple[str, int], Report]:
    """Test data through the one write path: ``{(town, year): {code: value or (value,
    comment)}}`` written by :func:`figures_import` as an administrator, then each
    report moved by the write service to ``status`` (None: the status it had before).

    A report under review or approved is moved back to a draft first, as a county
    official would reopen it. Stamps, summaries and the audit trail follow as for any
    write. Returns the reports by (town code, year).

    Test data may hold what today's checks refuse, as a database restored from older
    rules does (a bound tightened, decimals lowered, a year written in a later
    calendar): the write runs under :func:`_as_once_allowed`.
    """
    user = seed_user()
    places = {
        (getattr(town, "code", town), int(year)): items for (town, year), items in figures.items()
    }
    with transaction.atomic(), written_at(at):
        before = {
            (report.region_id, report.year): report
            for report in Report.objects.select_for_update().filter(
                region_id__in={town for town, _year in places},
                year__in={year for _town, year in places},
            )
            if (report.region_id, report.year) in places
        }
        statuses = {place: report.status for place, report in before.items()}
        locked = [report for report in before.values() if not report.is_editable]
        reports_move(reports=locked, user=user, to_status=Status.DRAFT, many=True)
        rows = [
            FigureRow(getattr(code, "code", code), town, year, *_figure(figure), None)
            for (town, year), items in places.items()
            for code, figure in items.items()
        ]
        with _as_once_allowed({row.indicator for row in rows}):
            for start in range(0, len(rows), MAX_IMPORT_ROWS):
                chunk = rows[start : start + MAX_IMPORT_ROWS]
                summary = figures_import(rows=chunk, user=user, source=source)
                assert not summary.conflicts, summary.conflicts[:3]
        reports = {
            (report.region_id, report.year): report
            for report in Report.objects.filter(
                region_id__in={town for town, _year in places},
                year__in={year for _town, year in places},
            )
            if (report.region_id, report.year) in places
        }
        wanted: dict[str, list[Report]] = {}
        for place, report in reports.items():
            target = status or statuses.get(place, Status.DRAFT)
            if report.status != target:
                wanted.setdefault(target, []).append(report)
        for target, moving in wanted.items():
            reports_move(reports=moving, user=user, to_status=target, many=True)
    return reports


@contextmanager
def _as_once_allowed(codes: set[str]) -> Iterator[None]:
    """The checks of figures as they might once have been: these indicators with any
    figure up to the column's limits, every year the schema holds."""
    indicators = Indicator.objects.filter(code__in=codes)
    kept = list(indicators.values_list("code", "value_type", "decimals", "min_value", "max_value"))
    indicators.update(
        value_type="decimal", decimals=DECIMAL_PLACES, min_value=0, max_value=Decimal(LARGEST)
    )
    try:
        with mock.patch(
            "indicators.figures.refusals.figure_years",
            return_value=range(FIRST_YEAR, LAST_YEAR + 1),
        ):
            yield
    finally:
        for code, kind, decimals, low, high in kept:
            Indicator.objects.filter(code=code).update(
                value_type=kind, decimals=decimals, min_value=low, max_value=high
            )


LARGEST = "99999999999.9999"  # the figure column's largest (15 digits, 4 places)


def _figure(figure) -> tuple:
    value, comment = figure if isinstance(figure, tuple) else (figure, None)
    return (str(value) if isinstance(value, int | float) else value), comment


class DataValueFactory(factory.django.DjangoModelFactory):
    """One figure, written through the write service (:func:`seed_figures`)."""

    class Meta:
        model = DataValue

    report = factory.SubFactory(ReportFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    value = Decimal("1")
    comment = ""
    source = Source.FORM

    @classmethod
    def _create(cls, model_class, *, report, indicator, value, comment, source, **kwargs):
        assert not kwargs, f"DataValueFactory sets only figures: {sorted(kwargs)}"
        seed_figures(
            {(report.region_id, report.year): {indicator.code: (value, comment or None)}},
            source=source,
        )
        return DataValue.objects.get(
            report__region_id=report.region_id, report__year=report.year, indicator=indicator
        )


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    year = 2024
    value = Decimal("1")


def user_with_role(role: str, region: Region | None, username: str | None = None) -> User:
    user = User.objects.create_user(
        username=username or f"{role}-{region.code if region else 'all'}"
    )
    Profile.objects.create(user=user, role=role, region=region)
    if role == Role.ADMIN:
        user.is_staff = True  # the admin site, with the 管理员's rights; no superuser
        user.save()
    return user


def figure_rows(region: Region, year: int, figures: dict, *, version: int | None = None):
    """Rows for ``{code: value}`` or ``{code: (value, comment)}``."""
    rows = []
    for code, figure in figures.items():
        value, comment = figure if isinstance(figure, tuple) else (figure, None)
        rows.append(FigureRow(code, region.code, year, value, comment, version))
    return rows


def save_figures(
    region: Region,
    year: int,
    figures: dict,
    *,
    user: User,
    source: str = Source.FORM,
    version: int | None = None,
    submit: bool = False,
) -> ImportSummary:
    """Figures through the one write path (and the workflow's save-and-submit with
    ``submit``); a test that arranges them fails on any conflict."""
    rows = figure_rows(region, year, figures, version=version)
    write = figures_submit if submit else figures_import
    summary = write(rows=rows, user=user, source=source)
    assert not summary.conflicts, summary.conflicts
    return summary


def refusal_codes(region: Region, year: int, figures: dict, *, user: User, **kwargs) -> list[str]:
    """The conflict codes a write of these figures gets (it then writes nothing)."""
    rows = figure_rows(region, year, figures, version=kwargs.pop("version", None))
    summary = figures_import(rows=rows, user=user, source=Source.FORM, **kwargs)
    return [conflict.code for conflict in summary.conflicts]


def reports_set_status(reports, status: str) -> None:
    """Move reports to ``status`` as the workflow's write does (its checks aside): the
    transition, the version, the stamps and the summaries, so that the dashboards'
    summaries stay true. A test never updates a status behind the write's back."""
    with transaction.atomic():
        locked = list(reports.select_for_update().order_by("pk"))
        moving = [report for report in locked if report.status != status]
        reports_move(reports=moving, user=seed_user(), to_status=status, many=True)
