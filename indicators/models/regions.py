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


def existing_between(first_year: int, last_year: int) -> models.Q:
    """Regions that exist in at least one year of ``first_year``..``last_year``."""
    return (models.Q(active_from__isnull=True) | models.Q(active_from__lte=last_year)) & (
        models.Q(retired_from__isnull=True) | models.Q(retired_from__gt=first_year)
    )


class RegionQuerySet(models.QuerySet):
    def within(self, region: "Region") -> "RegionQuerySet":
        """The region and everything below it."""
        low, high = region.bounds
        return self.filter(code__gte=low, code__lte=high)

    def towns(self) -> "RegionQuerySet":
        return self.filter(level=Level.TOWN)

    def counties(self) -> "RegionQuerySet":
        return self.filter(level=Level.COUNTY)

    def existing_in(self, year: int) -> "RegionQuerySet":
        """Regions that exist in ``year``: not yet retired, and already set up."""
        return self.filter(existing_between(year, year))


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
    # A region exists for figures from ``active_from`` to the year before
    # ``retired_from`` (either open): a merge, split or move ends old regions and
    # starts new ones, and the figures of earlier years stay where they were entered.
    active_from = models.PositiveSmallIntegerField(_("设立年份"), null=True, blank=True)
    retired_from = models.PositiveSmallIntegerField(_("撤销年份"), null=True, blank=True)

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

    @property
    def ancestor_codes(self) -> list[str]:
        """The codes of this region and of every region above it, from the code alone."""
        depth = PREFIX_LENGTH[self.level]
        return [
            self.code[:digits].ljust(CODE_LENGTH, "0")
            for digits in PREFIX_LENGTH.values()
            if digits <= depth
        ]

    def contains(self, other: "Region") -> bool:
        low, high = self.bounds
        return low <= other.code <= high

    def exists_in(self, year: int) -> bool:
        return (self.active_from is None or self.active_from <= year) and (
            self.retired_from is None or year < self.retired_from
        )


class RegionName(models.Model):
    """An earlier name of a region, used up to and including ``until_year``.

    The 2019 report shows the name the town had in 2019: the earliest entry whose
    ``until_year`` is not before the year, or else the region's current name.
    """

    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.CASCADE, related_name="past_names"
    )
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    until_year = models.PositiveSmallIntegerField(_("使用至"))

    class Meta:
        ordering = ["region", "until_year"]
        verbose_name = _("曾用名")
        verbose_name_plural = _("曾用名")
        constraints = [
            models.UniqueConstraint(fields=["region", "until_year"], name="regionname_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.name}（至{self.until_year}年）"


class ChangeKind(models.TextChoices):
    RENAME = "rename", _("更名")
    MERGE = "merge", _("合并")
    SPLIT = "split", _("拆分")
    MOVE = "move", _("划转")
    CREATE = "create", _("新设")
    RETIRE = "retire", _("撤销")


class RegionChange(models.Model):
    """One change of the division tree, as the dashboards and the history tell it:
    ``sources`` became ``targets`` from ``year`` (codes, in order)."""

    kind = models.CharField(_("变更类型"), max_length=10, choices=ChangeKind.choices)
    year = models.PositiveSmallIntegerField(_("生效年份"))
    sources = models.JSONField(_("原区划"), default=list)
    targets = models.JSONField(_("新区划"), default=list)
    reason = models.TextField(_("原因"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    user = models.ForeignKey(
        "auth.User", verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, blank=True
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("区划变更")
        verbose_name_plural = _("区划变更")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"
