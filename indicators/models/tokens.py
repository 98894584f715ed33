from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenSource(models.TextChoices):
    """How a token was issued, which decides whether it stands for a second factor."""

    OTP = "otp", _("双因素认证后的网页会话")
    PASSWORD = "password", _("仅凭密码登录的网页会话")
    COMMAND = "command", _("服务器上的 api_token 命令")
    LEGACY = "legacy", _("升级前生成")


class TokenRecord(models.Model):
    """What django-rest-knox does not keep about an API token: how it was issued
    and when it was last used (written at most once a API_TOKEN_USE_RESOLUTION)."""

    token = models.OneToOneField(
        "knox.AuthToken", primary_key=True, on_delete=models.CASCADE, related_name="record"
    )
    source = models.CharField(_("生成方式"), max_length=10, choices=TokenSource.choices)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌记录")
        verbose_name_plural = _("接口令牌记录")

    def __str__(self) -> str:
        return f"{self.token.token_key[:6]} · {self.get_source_display()}"
