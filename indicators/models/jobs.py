import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """A piece of long work run by the background worker, and how far it has got.

    The page that started it polls ``percent``; the worker moves it outside any
    transaction, so that each step is seen while the work goes on. Only the user who
    started a job sees it.
    """

    class Kind(models.TextChoices):
        UPLOAD = "upload", _("读取并核对上传的文件")
        CHECK = "check", _("重新核对导入")
        WRITE = "write", _("写入导入的数字")
        COUNTY_TEMPLATE = "county_template", _("生成全县 Excel 模板")
        REPORT_READ = "report_read", _("读取历年报告")
        REPORT_WRITE = "report_write", _("导入历年报告的数字")

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("处理中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.CASCADE
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    percent = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    # When the worker last started or moved it (see ``stalled``).
    moved_at = models.DateTimeField(null=True, blank=True)
    # Why it failed, for people (in the language of the page that started it); "code"
    # tells a refused file ("too_large", …) from a failure of ours ("failed").
    error = models.TextField(_("错误"), blank=True)
    error_code = models.CharField(max_length=30, blank=True)
    # What a finished import job found ("written", "conflicts", "unchanged", "already").
    outcome = models.CharField(max_length=20, blank=True)
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)
    # The uploaded file until the worker has read it; the produced file of an export.
    content = models.BinaryField(null=True, blank=True)
    batch = models.ForeignKey(
        "indicators.ImportBatch", null=True, blank=True, on_delete=models.CASCADE
    )
    params = models.JSONField(default=dict, blank=True)  # language, county, towns, year
    created_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="job_percent_max"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.percent}%"

    # A worker killed mid-job (a restart, the OOM killer) leaves its job "running", and
    # with no worker at all a job stays "queued". The work's own transaction was rolled
    # back, so nothing is half-written; after this long without a move the page says
    # so instead of waiting forever. The slowest step (an upload's write, one
    # transaction) takes seconds, far below it.
    STALLED_AFTER = timedelta(minutes=10)

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def stalled(self) -> bool:
        if self.finished:
            return False
        return timezone.now() - (self.moved_at or self.created_at) > self.STALLED_AFTER

    def show_stalled_as_failed(self) -> None:
        """Answer a stalled job as a failed one, in memory: the page and its poll agree."""
        if self.stalled:
            self.state = self.State.FAILED
            self.error_code = "stalled"
            self.error = _(
                "后台处理中断了（处理服务可能重启过或没有运行），数据没有任何改动。"
                "请重试；若仍不行，请联系管理员检查后台处理服务。"
            )
