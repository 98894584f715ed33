from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogue import DECIMAL_PLACES, MAX_DIGITS, Indicator
from .regions import CODE_LENGTH

# A sum of a province's 2,000 towns needs four more digits than one figure.
TOTAL_DIGITS = MAX_DIGITS + 4


class RegionSummary(models.Model):
    """The towns' figures of a county, prefecture or province for one indicator and year,
    as SQL aggregates: over every figure, and over the approved figures only.

    Kept up to date by :mod:`indicators.derived.summaries` inside every write transaction, so
    that a province page reads 100 counties' figures from a few thousand rows instead
    of aggregating 1.2 million. ``region`` is a code, not a key: a subtree is a code
    prefix, and a prefix whose region row is missing still adds up.
    """

    region = models.CharField(_("区划代码"), max_length=CODE_LENGTH)
    level = models.CharField(_("级别"), max_length=12)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    # Every figure, whatever its report's status.
    towns = models.PositiveIntegerField(_("填报镇数"))
    total = models.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=DECIMAL_PLACES)
    low = models.DecimalField(max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    high = models.DecimalField(max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    # The approved figures only: None when no town's figures are approved.
    approved = models.PositiveIntegerField(_("已审核镇数"))
    approved_total = models.DecimalField(
        max_digits=TOTAL_DIGITS, decimal_places=DECIMAL_PLACES, null=True
    )
    approved_low = models.DecimalField(
        max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, null=True
    )
    approved_high = models.DecimalField(
        max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, null=True
    )

    class Meta:
        verbose_name = _("区域汇总")
        verbose_name_plural = _("区域汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "year"], name="regionsummary_one_per_region"
            )
        ]
        indexes = [
            models.Index(fields=["level", "year", "region"], name="regionsummary_level_year"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.indicator_id} {self.year}"
