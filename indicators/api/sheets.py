"""XLSX answers of the data lists: a long sheet (one row per figure), a wide one (one
row per region and year, one column per indicator), and a sheet that says what was
exported. Mixed into :class:`indicators.api.lists.DataListMixin`."""

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import status
from rest_framework.exceptions import APIException

from ..models import Indicator, Region, Status
from . import renderers
from .renderers import Figure, XlsxBook, xlsx_response


class SheetListMixin:
    """The view supplies the long sheet's header and rows and the wide rows' keys."""

    xlsx_title = ""
    xlsx_widths: Sequence[float] = ()

    def xlsx_header(self) -> Sequence[str]:
        raise NotImplementedError

    def xlsx_row(self, item) -> Sequence:
        raise NotImplementedError

    def xlsx_wide_header(self) -> Sequence[str]:
        return [_("区划代码"), _("区划"), _("年度")]

    def xlsx_wide_key(self, item) -> tuple:
        """The leading cells of the item's wide row; equal for a region and year."""
        raise NotImplementedError

    def xlsx_response(self, queryset, count: int):
        # The indicators that have a row in the answer, in report order: the wide columns.
        indicators = list(
            Indicator.objects.filter(pk__in=queryset.order_by().values("indicator_id")).order_by(
                "section__number", "order"
            )
        )
        notes = self.xlsx_notes(count)

        def write(book: XlsxBook) -> None:
            long = book.sheet(str(self.xlsx_title), self.xlsx_header(), self.xlsx_widths)
            leading = self.xlsx_wide_header()
            wide = book.sheet(
                _("宽表"),
                [*leading, *(f"{i.name}（{i.unit}）" for i in indicators)],
                [*WIDE_WIDTHS[: len(leading)], *[18] * len(indicators)],
            )
            column = {indicator.code: n for n, indicator in enumerate(indicators)}
            key, figures = None, []
            # The queryset is ordered by region and year: a wide row's figures are adjacent.
            for item in queryset.iterator(chunk_size=2000):
                long.append(self.xlsx_row(item))
                item_key = self.xlsx_wide_key(item)
                if item_key != key:
                    if key is not None:
                        wide.append([*key, *figures])
                    key, figures = item_key, [None] * len(indicators)
                indicator = item.indicator
                figures[column[indicator.code]] = Figure(
                    item.value.quantize(indicator.quantum), indicator.decimals
                )
            if key is not None:
                wide.append([*key, *figures])
            about = book.sheet(_("说明"), [], [16, 80])
            for row in notes:
                about.append(row)

        return xlsx_response(write, f"{self.csv_name}.xlsx")

    def xlsx_notes(self, count: int) -> Sequence[Sequence]:
        """The 说明 sheet: what was exported, with which filter, for whom and when."""
        params = self.request.query_params
        user = self.request.user
        now = timezone.localtime()
        rows = [
            [_("内容"), str(self.xlsx_title)],
            [
                _("工作表"),
                _(
                    "“%(long)s”：每个区划、年度、指标一行。“宽表”：每个区划、年度一行，"
                    "每个指标一列，表头带单位；没有数字的格子为空（不是 0）。"
                )
                % {"long": self.xlsx_title},
            ],
        ]
        filters = self.filterset_class.base_filters
        shown = [
            [str(label), self.xlsx_filter_value(name, params[name])]
            for name, label in FILTER_LABELS.items()
            if name in filters and params.get(name)
        ]
        rows += shown or [[_("筛选条件"), _("无（全部可见数据）")]]
        rows += [
            [_("行数"), count],
            [
                _("可见范围"),
                _("用户 %(user)s 可见的数据") % {"user": user.get_username()}
                if user.is_authenticated
                else _("未登录：只含公开部分的已审核数字"),
            ],
            [_("导出时间"), f"{now:%Y-%m-%d %H:%M:%S} ({timezone.get_current_timezone_name()})"],
            [_("接口"), self.request.build_absolute_uri()],
        ]
        return rows

    def xlsx_filter_value(self, name: str, raw: str) -> str:
        if name == "region":
            region = Region.objects.filter(pk=raw.strip()).values_list("name", flat=True).first()
            return f"{raw} {region}" if region else raw
        if name == "status":
            return str(dict(Status.choices).get(raw, raw))
        return raw


class TooManyRows(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "too_many_rows"

    def __init__(self, rows: int):
        super().__init__(
            _(
                "结果有 %(rows)s 行，超过 Excel 一张工作表 %(max)s 行的上限。"
                "请缩小筛选范围（如按区划、年度或指标），或改用 format=csv。"
            )
            % {"rows": f"{rows:,}", "max": f"{renderers.XLSX_MAX_ROWS - 1:,}"}
        )


# The filters a 说明 sheet names, in this order.
FILTER_LABELS = {
    "indicator": gettext_lazy("指标"),
    "section": gettext_lazy("报告部分"),
    "region": gettext_lazy("区划"),
    "year": gettext_lazy("年度"),
    "year_min": gettext_lazy("起始年度"),
    "year_max": gettext_lazy("截止年度"),
    "status": gettext_lazy("状态"),
    "updated_since": gettext_lazy("此后有变化"),
}
WIDE_WIDTHS = [15, 16, 7, 10]
