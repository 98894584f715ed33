from django.db import models
from django.utils.translation import gettext_lazy as _

from .regions import Region


class ReportTemplateQuerySet(models.QuerySet):
    def current(self) -> "ReportTemplateQuerySet":
        """The latest version of each (region, part): what the report prints today."""
        latest = (
            self.model.objects.filter(
                region=models.OuterRef("region"), name=models.OuterRef("name")
            )
            .order_by("-id")
            .values("id")[:1]
        )
        return self.filter(id=models.Subquery(latest))


class ReportTemplateVersion(models.Model):
    """One saved version of one part of the report's template for a county or town.

    ``name`` is the part's file stem (``01_industry``). Without a saved version the
    part prints from the installation's file in ``indicators/reports/templates``; a
    town without its own version prints its county's. Versions are never edited:
    restoring an old one saves it again as the newest.
    """

    region = models.ForeignKey(
        Region, verbose_name=_("地区"), on_delete=models.PROTECT, related_name="report_templates"
    )
    name = models.CharField(_("模板部分"), max_length=40)
    text = models.TextField(_("模板全文"))
    reason = models.TextField(_("修改原因"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    user = models.ForeignKey(
        "auth.User", verbose_name=_("修改人"), on_delete=models.SET_NULL, null=True, blank=True
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)

    objects = ReportTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("报告模板版本")
        verbose_name_plural = _("报告模板版本")
        indexes = [models.Index(fields=["region", "name", "-id"], name="reporttemplate_latest")]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.name}#{self.pk}"
