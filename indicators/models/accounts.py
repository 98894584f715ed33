from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .regions import Region


class Role(models.TextChoices):
    CLERK = "clerk", _("填报员")
    REVIEWER = "reviewer", _("镇审核人")
    COUNTY = "county", _("县级审核")
    ADMIN = "admin", _("管理员")


class Profile(models.Model):
    """A user's role and the region whose subtree their rights cover."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所属区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        help_text=_("管理员可留空，表示全部区划。"),
    )

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(region__isnull=False),
                name="profile_region_required_unless_admin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region or '全部'}"
