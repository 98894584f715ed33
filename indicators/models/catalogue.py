from decimal import Decimal

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..support.decimals import quantum
from .regions import Region


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

    def in_use_in(self, year: int) -> "IndicatorQuerySet":
        """Reported in ``year``: started by then and not yet retired; what forms,
        templates and reports ask for that year."""
        return self.filter(
            models.Q(active_from__isnull=True) | models.Q(active_from__lte=year),
            models.Q(retired_from__isnull=True) | models.Q(retired_from__gt=year),
        )

    def in_scope_of(self, region: Region) -> "IndicatorQuerySet":
        """Those of the whole installation, and those whose scope holds ``region``: the
        scope is ``region`` or a region above it, whose codes are prefixes of its own
        (no join, no query of its own)."""
        return self.filter(
            models.Q(scope__isnull=True) | models.Q(scope_id__in=region.ancestor_codes)
        )

    def for_region_year(self, region: Region, year: int) -> "IndicatorQuerySet":
        """What ``region`` reports in ``year``: in use then, and in scope."""
        return self.in_use_in(year).in_scope_of(region)


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
    # Where the indicator applies: the whole installation (empty), or one region's
    # subtree, e.g. a county's own extra indicators for its towns only.
    scope = models.ForeignKey(
        "Region",
        verbose_name=_("适用范围"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_indicators",
        help_text=_("留空表示全部地区适用。"),
    )
    # Reported from this year on (an indicator added in the browser): earlier years
    # never asked for it, so their reports are not incomplete without it.
    active_from = models.PositiveSmallIntegerField(
        _("启用年份"), null=True, blank=True, help_text=_("从该年起填报；留空表示各年都填报。")
    )
    # Hidden from forms and templates from this year on; earlier years keep it.
    retired_from = models.PositiveSmallIntegerField(
        _("停用年份"), null=True, blank=True, help_text=_("从该年起不再填报；以前年份的数字保留。")
    )

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
        return quantum(self.decimals)

    def applies_to(self, region: Region, year: int) -> bool:
        """:meth:`IndicatorQuerySet.for_region_year` for one loaded indicator; select
        ``scope`` with it, or this reads it."""
        if self.retired_from is not None and year >= self.retired_from:
            return False
        if self.active_from is not None and year < self.active_from:
            return False
        return self.scope_id is None or self.scope.contains(region)

    def format_value(self, value: Decimal | None) -> str:
        """The figure as the report writes it, with the indicator's decimals; '' when missing."""
        if value is None:
            return ""
        return f"{value.quantize(self.quantum):f}"


class RuleKind(models.TextChoices):
    NOT_ABOVE = "not_above", _("不应高于")
    CHANGE_LIMIT = "change_limit", _("比上年变化不超过")


class CatalogueRule(models.Model):
    """A plausibility rule declared as data: the rules engine reads these rows.

    ``not_above``: the figure of ``indicator`` should not exceed that of ``other``
    (原煤产量 ≤ 煤矿设计产能). ``change_limit``: a change from last year larger than
    ``limit_percent`` needs a comment; without ``indicator`` it applies to every one.
    """

    code = models.SlugField(_("代码"), max_length=60, primary_key=True)
    kind = models.CharField(_("规则类型"), max_length=20, choices=RuleKind.choices)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("指标"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rules",
    )
    other = models.ForeignKey(
        Indicator,
        verbose_name=_("比较指标"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    limit_percent = models.DecimalField(
        _("变化幅度（%）"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    title = models.CharField(_("规则名称"), max_length=100)
    explanation = models.TextField(_("说明"), blank=True)
    title_en = models.CharField(_("英文名称"), max_length=150, blank=True)
    explanation_en = models.TextField(_("英文说明"), blank=True)
    blocks_submit = models.BooleanField(
        _("未说明不能提交"),
        default=False,
        help_text=_("开启后，警告未在备注中说明时不能提交审核。"),
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("校验规则")
        verbose_name_plural = _("校验规则")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="not_above")
                | (models.Q(indicator__isnull=False) & models.Q(other__isnull=False)),
                name="cataloguerule_not_above_has_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="change_limit") | models.Q(limit_percent__gt=0),
                name="cataloguerule_change_limit_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title_en if _is_english() and self.title_en else self.title


class CatalogueVersion(models.Model):
    """One change of the catalogue: who, when, why, and the whole catalogue after it.

    ``snapshot`` is the catalogue in the TOML format of ``catalogue.toml``, so that
    any two versions can be compared and any version exported again.
    """

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "auth.User", verbose_name=_("修改人"), on_delete=models.SET_NULL, null=True, blank=True
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    reason = models.TextField(_("修改原因"))
    changes = models.JSONField(_("修改内容"), default=list)
    snapshot = models.TextField(_("目录全文"))

    class Meta:
        ordering = ["-id"]
        verbose_name = _("指标目录版本")
        verbose_name_plural = _("指标目录版本")

    def __str__(self) -> str:
        return f"v{self.pk}"
