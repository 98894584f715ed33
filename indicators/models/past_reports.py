import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PastReport(models.Model):
    """One past report read back (历年报告): the file, the town and year, and each figure
    found with the sentence it came from and its place in that sentence.

    Kept after the write as the record of where each figure written with the source
    历年报告 came from: a figure's comment is the clerk's remark, not its provenance.
    The files of one upload (a report, or a county's zip) share ``bundle``.
    """

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("待确认")
        WRITTEN = "written", _("已导入")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    bundle = models.UUIDField(_("上传批次"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT
    )
    file_name = models.CharField(_("文件名"), max_length=255)
    region = models.ForeignKey(
        "indicators.Region", verbose_name=_("镇"), null=True, blank=True, on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    # The year the text itself names most, to warn when it is not ``year``.
    text_year = models.PositiveSmallIntegerField(_("正文中的年度"), null=True, blank=True)
    # [{"indicator", "value" (text: no digit lost), "unit", "sentence", "start", "end"}]
    figures = models.JSONField(_("找到的数字"), default=list)
    not_found = models.JSONField(_("没有找到的指标"), default=list)
    # Why nothing can be imported from this file (unreadable, no town, no year), for people.
    problem = models.TextField(_("问题"), blank=True)
    # The last check through the write path: {indicator: refusal message}, and the
    # report version it saw, so the write never overwrites a figure changed since.
    refusals = models.JSONField(_("不能导入的数字"), default=dict)
    version = models.PositiveIntegerField(null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.PREVIEWED
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    written_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "file_name"]
        verbose_name = _("历年报告")
        verbose_name_plural = _("历年报告")

    def __str__(self) -> str:
        return self.file_name

    @property
    def importable(self) -> list[dict]:
        """The figures a write would send: found, and not refused by the last check."""
        if self.problem or self.region_id is None or self.year is None:
            return []
        return [figure for figure in self.figures if figure["indicator"] not in self.refusals]
