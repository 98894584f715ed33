"""A town's or county's own facts for its work report: its enterprises, rivers, villages…

Recorded once per region and kind, as a list of names; the report templates refer to
them as slots (``{关停煤矿}``), so that no report prints another place's names.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .regions import Region

MAX_NAMES = 20
MAX_NAME_LENGTH = 40


class FactKind(models.TextChoices):
    # The value is the slot's name in the templates, so it stays Chinese and stable.
    SLOGAN = "发展目标", _("发展目标")
    CLOSED_MINE = "关停煤矿", _("关停煤矿")
    ENTERPRISE = "重点企业", _("重点企业")
    INDUSTRY = "特色产业", _("特色产业")
    VILLAGE = "村（社区）", _("村（社区）")
    RIVER = "河流", _("河流")
    RESERVOIR = "水库", _("水库")
    PARTY_BRAND = "党建品牌", _("党建品牌")


class RegionFactQuerySet(models.QuerySet):
    def names_for(self, region: Region) -> dict[str, list[str]]:
        """kind → names the region gave, for the report: one query."""
        rows = self.filter(region=region).values_list("kind", "names").order_by()
        return {kind: list(names) for kind, names in rows if names}


class RegionFact(models.Model):
    """One kind of a region's proper names, in the order the report lists them."""

    region = models.ForeignKey(
        Region, verbose_name=_("区划"), on_delete=models.CASCADE, related_name="facts"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=FactKind.choices)
    names = models.JSONField(_("名称"), default=list)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RegionFactQuerySet.as_manager()

    class Meta:
        verbose_name = _("报告用地方名称")
        verbose_name_plural = _("报告用地方名称")
        constraints = [
            models.UniqueConstraint(fields=["region", "kind"], name="region_fact_unique_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.kind}"
