from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CODE_LENGTH = 12


class Level(models.TextChoices):
    PROVINCE = "province", _("省")
    PREFECTURE = "prefecture", _("市")
    COUNTY = "county", _("县")
    TOWN = "town", _("镇")
    VILLAGE = "village", _("村")


# How many leading digits of the 12-digit statistical division code (统计用区划代码)
# identify a unit of each level: 2 province, 2 prefecture, 2 county, 3 town, 3 village.
PREFIX_LENGTH = {
    Level.PROVINCE: 2,
    Level.PREFECTURE: 4,
    Level.COUNTY: 6,
    Level.TOWN: 9,
    Level.VILLAGE: 12,
}


def subtree_bounds(code: str, level: str) -> tuple[str, str]:
    """The lowest and highest code in the subtree of a region.

    A subtree is a code prefix, but on PostgreSQL with a non-C collation
    ``LIKE 'prefix%'`` cannot use a btree index, so callers filter by this range.
    """
    prefix = code[: PREFIX_LENGTH[level]]
    return prefix.ljust(CODE_LENGTH, "0"), prefix.ljust(CODE_LENGTH, "9")


class RegionQuerySet(models.QuerySet):
    def within(self, region: "Region") -> "RegionQuerySet":
        """The region and everything below it."""
        low, high = region.bounds
        return self.filter(code__gte=low, code__lte=high)

    def towns(self) -> "RegionQuerySet":
        return self.filter(level=Level.TOWN)

    def counties(self) -> "RegionQuerySet":
        return self.filter(level=Level.COUNTY)


class Region(models.Model):
    """An administrative unit, keyed by its 12-digit statistical division code."""

    code = models.CharField(_("区划代码"), max_length=CODE_LENGTH, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{12}$"),
                name="region_code_is_12_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=[choice.value for choice in Level]),
                name="region_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    @property
    def bounds(self) -> tuple[str, str]:
        return subtree_bounds(self.code, self.level)

    def contains(self, other: "Region") -> bool:
        low, high = self.bounds
        return low <= other.code <= high
