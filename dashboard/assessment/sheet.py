"""The league table as XLSX, through the dashboards' own writer (title row, units, safe cells)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from ..downloads import table_xlsx
from ..tables import Number, Table
from .tables import league_sheet


def league_table(data: dict, last_ranks: dict[str, int]) -> Table:
    header, rows = league_sheet(data, last_ranks)
    points = len(data["scheme"]["parts"])
    return Table(
        key="assessment",
        title=_("镇综合考核结果"),
        columns=header,
        rows=[
            [cell if not isinstance(cell, Decimal) else Number(cell, decimals=2) for cell in row]
            for row in rows
        ],
        region=data["county"]["name"],
        years=_("%(year)s年度") % {"year": data["year"]},
        sheet=_("考核结果"),
        units=["", "", _("分"), "", "", *[_("分")] * points],
    )


def league_xlsx(data: dict, last_ranks: dict[str, int]) -> bytes:
    return table_xlsx(league_table(data, last_ranks))
