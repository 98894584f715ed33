"""Schemes and published results. Both are written once and never changed.

Saving a scheme adds a version; publishing freezes the result as it was computed
(the rows, the inputs, the words), and a correction is a further publication that
names the one it corrects. Nothing here holds a figure: figures stay in DataValue.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models import Region


class SchemeQuerySet(models.QuerySet):
    def of(self, county: Region, year: int) -> "SchemeQuerySet":
        return self.filter(county=county, year=year)

    def latest_of(self, county: Region, year: int) -> "SchemeVersion | None":
        return self.of(county, year).order_by("-version").first()

    def latest_year(self, county: Region, *, up_to: int | None = None) -> int | None:
        """The latest year (up to ``up_to``) for which the county has a scheme."""
        schemes = self.filter(county=county)
        if up_to is not None:
            schemes = schemes.filter(year__lte=up_to)
        return schemes.order_by("-year").values_list("year", flat=True).first()


class SchemeVersion(models.Model):
    """One saved version of a county's scoring scheme for a year, as TOML."""

    county = models.ForeignKey(
        Region, verbose_name=_("县"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveIntegerField(_("版本"))
    source = models.TextField(_("方案（TOML）"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("保存时间"), auto_now_add=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "year", "version"], name="assessment_scheme_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.county_id} {self.year} v{self.version}"


class PublicationQuerySet(models.QuerySet):
    def latest_of(self, county: Region, year: int) -> "Publication | None":
        return (
            self.filter(scheme__county=county, scheme__year=year)
            .select_related("scheme")
            .order_by("-number")
            .first()
        )


class Publication(models.Model):
    """A published result, frozen: ``result`` is the JSON the API serves, as it was."""

    scheme = models.ForeignKey(SchemeVersion, on_delete=models.PROTECT, related_name="publications")
    number = models.PositiveIntegerField(_("发布序号"))  # 1, then 2… for corrections
    result = models.JSONField(_("结果"))
    note = models.CharField(_("更正说明"), max_length=500, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核结果发布")
        verbose_name_plural = _("考核结果发布")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "number"], name="assessment_publication_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} #{self.number}"

    @property
    def is_correction(self) -> bool:
        return self.number > 1
