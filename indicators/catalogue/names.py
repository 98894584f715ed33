"""Indicator names are unique: the annual report's templates find an indicator by its
Chinese name (indicators/reports/loader.py), so a second indicator of one name would
leave a template's figure ambiguous.

The check runs on the catalogue after each change (``changes.versioned``), whatever
made it: the pages, the API or an import (whose text is checked line by line first,
``toml_io.catalogue_parse``). Two indicators that shared a name before a change (an
installation from before the rule) do not stop other changes.
"""

from django.db.models import Count
from django.utils.translation import gettext as _

from ..models import Indicator
from . import CATALOGUE_FILE, read_catalogue
from .refused import CatalogueRefused
from .toml_io import Catalogue


def name_refused(name: str, other: str) -> CatalogueRefused:
    return CatalogueRefused(
        "duplicate_name",
        _(
            "已有名称为“%(name)s”的指标（代码 %(code)s）。指标名称不能重复："
            "报告模板按名称找到指标，请换一个名称。"
        )
        % {"name": name, "code": other},
        field="name",
    )


def file_names_check(before: Catalogue) -> None:
    """A name the installation's template files give an indicator stays that
    indicator's after it is renamed: those files still find it by that name. Only a
    name this change gave is refused."""
    try:
        _sections, rows = read_catalogue(CATALOGUE_FILE)
    except (OSError, ValueError):  # an unreadable file binds no template by name
        return
    filed = {row["name"]: row["code"] for row in rows}
    taken = Indicator.objects.filter(name__in=filed).values_list("code", "name")
    for code, name in taken:
        owner = filed[name]
        given = before.indicators.get(code, {}).get("name") != name
        if owner != code and given and Indicator.objects.filter(code=owner).exists():
            raise CatalogueRefused(
                "duplicate_name",
                _(
                    "“%(name)s”是指标 %(code)s 在默认报告模板中的名称，模板仍按这个名称"
                    "找到它；请换一个名称。"
                )
                % {"name": name, "code": owner},
                field="name",
            )


def names_check(before: Catalogue) -> None:
    """Refuse a name the change gave to an indicator while another one has it, or
    that the template files use for another one."""
    shared = (
        Indicator.objects.values("name")
        .annotate(n=Count("code"))
        .filter(n__gt=1)
        .values_list("name", flat=True)
    )
    for name in shared.order_by("name"):
        codes = sorted(Indicator.objects.filter(name=name).values_list("code", flat=True))
        had = [code for code in codes if before.indicators.get(code, {}).get("name") == name]
        if len(had) < len(codes):
            raise name_refused(name, had[0] if had else codes[0])
    file_names_check(before)
