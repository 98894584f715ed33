"""What the exchange standards keep as data: the mapping from our codes to a DHIS2 instance's."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

#: What a DHIS2 identifier may hold: a UID (11 characters) or a code (up to 50), in
#: ASCII without spaces, so that it is safe as an XML attribute and a CSV cell.
DHIS2_ID = r"^[A-Za-z0-9._-]{1,50}$"


class MappingKind(models.TextChoices):
    INDICATOR = "indicator", _("指标 → 数据元素")
    REGION = "region", _("区划 → 组织机构")
    DATASET = "dataset", _("数据集")


class AdxMapping(models.Model):
    """One of our codes and the DHIS2 identifier it stands for in ADX messages.

    ``indicator`` rows map an indicator code to a data element (and, optionally, a
    category option combo); ``region`` rows map a region code to an org unit; the one
    ``dataset`` row (code "") names the data set of every group. Without a row, our own
    code is used (indicators.exchange.adx.mapping).
    """

    kind = models.CharField(_("类别"), max_length=10, choices=MappingKind.choices)
    code = models.CharField(_("本系统代码"), max_length=60, blank=True)
    dhis2_id = models.CharField(_("DHIS2 标识"), max_length=50)
    category_option_combo = models.CharField(_("分类选项组合"), max_length=50, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("ADX 对照")
        verbose_name_plural = _("ADX 对照")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="adx_mapping_one_per_code"),
            # Read back, an identifier must name one code: the mapping is one to one.
            models.UniqueConstraint(
                fields=["kind", "dhis2_id", "category_option_combo"],
                name="adx_mapping_one_per_dhis2_id",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=MappingKind.values), name="adx_mapping_kind_known"
            ),
            models.CheckConstraint(condition=~Q(dhis2_id=""), name="adx_mapping_id_not_blank"),
            models.CheckConstraint(
                condition=Q(kind=MappingKind.DATASET, code="")
                | (~Q(kind=MappingKind.DATASET) & ~Q(code="")),
                name="adx_mapping_code_by_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind=MappingKind.INDICATOR) | Q(category_option_combo=""),
                name="adx_mapping_combo_only_for_indicators",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.code} → {self.dhis2_id}"
