from decimal import Decimal

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _is_english() -> bool:
    return (get_language() or "").startswith("en")


class Section(models.Model):
    """One of the five numbered sections of the annual work report."""

    code = models.SlugField(_("代码"), max_length=40, primary_key=True)
    number = models.PositiveSmallIntegerField(_("序号"), unique=True)
    heading = models.CharField(_("报告标题"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=40)
    title_en = models.CharField(_("英文标题"), max_length=200)
    heading_en = models.CharField(_("英文报告标题"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("对公众公开"),
        default=True,
        help_text=_("关闭后，未登录访客看不到本部分的数字。"),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("报告部分")
        verbose_name_plural = _("报告部分")

    def __str__(self) -> str:
        return f"{self.number}. {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.title_en if _is_english() else self.short_name

    @property
    def display_heading(self) -> str:
        """The report's tagline for the section, in English on English pages."""
        return self.heading_en if _is_english() and self.heading_en else self.heading


class ValueType(models.TextChoices):
    INTEGER = "integer", _("整数")
    DECIMAL = "decimal", _("小数")
    PERCENT = "percent", _("百分比")


class Aggregation(models.TextChoices):
    SUM = "sum", _("求和")
    MEAN = "mean", _("平均")
    MIN = "min", _("最小值")
    MAX = "max", _("最大值")
    NONE = "none", _("不汇总")


# Storage precision shared by every figure: 15 significant digits survive a
# round trip through SQLite's REAL storage exactly, and 4 decimal places cover
# every unit the report uses.
MAX_DIGITS = 15
DECIMAL_PLACES = 4


class IndicatorQuerySet(models.QuerySet):
    def in_report_order(self) -> "IndicatorQuerySet":
        return self.select_related("section").order_by("section__number", "order")


class Indicator(models.Model):
    """A quantified figure of the annual report, e.g. raw coal output in 万吨."""

    code = models.SlugField(_("代码"), max_length=60, primary_key=True)
    section = models.ForeignKey(
        Section, verbose_name=_("报告部分"), on_delete=models.PROTECT, related_name="indicators"
    )
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150)
    unit = models.CharField(
        _("单位"), max_length=20, help_text=_("与报告原文完全一致，如“万吨／年”。")
    )
    unit_en = models.CharField(
        _("英文单位"), max_length=40, blank=True, help_text=_("英文界面显示的单位，如“10k t/yr”。")
    )
    value_type = models.CharField(_("数值类型"), max_length=10, choices=ValueType.choices)
    decimals = models.PositiveSmallIntegerField(_("小数位数"), default=0)
    min_value = models.DecimalField(
        _("合理下限"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, default=Decimal(0)
    )
    max_value = models.DecimalField(
        _("合理上限"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES
    )
    higher_is_better = models.BooleanField(
        _("越高越好"), null=True, blank=True, help_text=_("留空表示无好坏方向。")
    )
    aggregation = models.CharField(_("汇总方式"), max_length=10, choices=Aggregation.choices)
    is_public = models.BooleanField(_("对公众公开"), default=True)
    source_sentence = models.TextField(_("报告原文"), blank=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["section__number", "order"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_value__gte=0)
                & models.Q(max_value__gt=models.F("min_value")),
                name="indicator_bounds_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(decimals__lte=DECIMAL_PLACES), name="indicator_decimals_stored"
            ),
            models.CheckConstraint(
                condition=~models.Q(value_type="integer") | models.Q(decimals=0),
                name="indicator_integer_has_no_decimals",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}（{self.unit}）"

    @property
    def display_name(self) -> str:
        return self.name_en if _is_english() and self.name_en else self.name

    @property
    def display_unit(self) -> str:
        return self.unit_en if _is_english() and self.unit_en else self.unit

    @property
    def quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.decimals)

    def format_value(self, value: Decimal | None) -> str:
        """The figure as the report writes it, with the indicator's decimals; '' when missing."""
        if value is None:
            return ""
        return f"{value.quantize(self.quantum):f}"
