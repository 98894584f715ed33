import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """An uploaded file's rows between the preview and the confirmation, and what it did.

    The file is read once and checked by the background worker, which keeps what the
    check found (``preview``) for the page to show; the confirmation writes only if no
    report changed since that check (``versions``). Kept afterwards as the record of
    who imported what.
    """

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("待确认")
        WRITTEN = "written", _("已导入")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT
    )
    file_name = models.CharField(_("文件名"), max_length=255)
    layout = models.CharField(_("格式"), max_length=10)  # "template" or "table"
    # [indicator, region, year, value, comment, base value, base comment, line] per row,
    # figures as text so that no digit is lost.
    rows = models.JSONField(_("数据行"))
    problems = models.JSONField(_("无法读取的行"), default=list)  # [line, code, message]
    untouched = models.PositiveIntegerField(_("未改动的模板行"), default=0)
    versions = models.JSONField(_("预览时的版本"), default=dict)  # "town/year" → version
    # The last check's rows as the preview page shows them (indicators.excel.preview).
    preview = models.JSONField(_("核对结果"), null=True, blank=True)
    checked_at = models.DateTimeField(_("核对时间"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.PREVIEWED
    )
    written = models.JSONField(_("导入结果"), null=True, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    written_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Excel 导入")
        verbose_name_plural = _("Excel 导入")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"
