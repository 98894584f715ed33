"""Boundaries as kept: a region's shape for a span of years, and the upload it came from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BoundaryUpload(models.Model):
    """A checked file: its simplified features wait here for the 管理员's confirmation.

    Nothing reaches :class:`Boundary` until ``applied_at`` is set by the confirmation,
    so the preview and the write see the same shapes.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT
    )
    filename = models.CharField(_("文件名"), max_length=255)
    level = models.CharField(_("级别"), max_length=12)
    valid_from = models.PositiveSmallIntegerField(_("起始年份"))
    valid_to = models.PositiveSmallIntegerField(_("截止年份"), null=True, blank=True)
    # [{"region": code, "geometry": GeoJSON geometry, "label": [lon, lat]}]
    features = models.JSONField(_("要素"), default=list)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("边界上传")
        verbose_name_plural = _("边界上传")

    def __str__(self) -> str:
        return self.filename


class BoundaryQuerySet(models.QuerySet):
    def in_year(self, year: int) -> "BoundaryQuerySet":
        """The shapes valid in ``year``: a merged town keeps its old shape for old years."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=year), valid_from__lte=year)


class Boundary(models.Model):
    """A region's shape (GeoJSON, WGS84 lon/lat, simplified for the web) for its valid years."""

    region = models.ForeignKey(
        "indicators.Region",
        verbose_name=_("区划"),
        on_delete=models.CASCADE,
        related_name="boundaries",
    )
    valid_from = models.PositiveSmallIntegerField(_("起始年份"))
    valid_to = models.PositiveSmallIntegerField(_("截止年份"), null=True, blank=True)
    geometry = models.JSONField(_("几何"))
    # A point inside the shape for the town's name (a representative point, not the
    # centroid, which may fall outside a crescent-shaped town).
    label = models.JSONField(_("标注点"))
    upload = models.ForeignKey(
        BoundaryUpload,
        verbose_name=_("来自上传"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="boundaries",
    )

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        ordering = ["region", "valid_from"]
        verbose_name = _("边界")
        verbose_name_plural = _("边界")
        constraints = [
            models.UniqueConstraint(fields=["region", "valid_from"], name="boundary_one_per_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="boundary_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.valid_from}–{self.valid_to or ''}"
