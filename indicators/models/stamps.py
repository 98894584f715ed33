from django.db import models
from django.utils.translation import gettext_lazy as _


class StampKind(models.TextChoices):
    VALUES = "values", _("数字")
    TARGETS = "targets", _("目标")


class DataStamp(models.Model):
    """A change counter per province and kind of data, moved by every write in its
    transaction, so that a list's ETag and Last-Modified cost one small query
    instead of COUNT and MAX over the subtree."""

    kind = models.CharField(_("数据类别"), max_length=10, choices=StampKind.choices)
    province = models.CharField(_("省级代码"), max_length=2)
    version = models.PositiveBigIntegerField(_("版本"), default=0)
    changed_at = models.DateTimeField(_("修改时间"))

    class Meta:
        verbose_name = _("数据版本戳")
        verbose_name_plural = _("数据版本戳")
        constraints = [
            models.UniqueConstraint(fields=["kind", "province"], name="datastamp_kind_province")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.province}#{self.version}"
