from decimal import Decimal

import factory
from django.contrib.auth.models import User

from indicators.figures import FigureRow, ImportSummary, figures_import
from indicators.models import (
    DataValue,
    Indicator,
    Level,
    Profile,
    Region,
    Report,
    Role,
    Section,
    Source,
    Target,
)


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


class DataValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataValue

    report = factory.SubFactory(ReportFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    value = Decimal("1")
    source = Source.FORM


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
        user.is_superuser = user.is_staff = True
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
    """Figures through the one write path; a test that arranges them fails on any conflict."""
    rows = figure_rows(region, year, figures, version=version)
    summary = figures_import(rows=rows, user=user, source=source, submit=submit)
    assert not summary.conflicts, summary.conflicts
    return summary


def refusal_codes(region: Region, year: int, figures: dict, *, user: User, **kwargs) -> list[str]:
    """The conflict codes a write of these figures gets (it then writes nothing)."""
    rows = figure_rows(region, year, figures, version=kwargs.pop("version", None))
    summary = figures_import(rows=rows, user=user, source=Source.FORM, **kwargs)
    return [conflict.code for conflict in summary.conflicts]
