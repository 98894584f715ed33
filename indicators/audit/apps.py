from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "indicators.audit"
    label = "audit"
    verbose_name = _("安全审计")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, guard, receivers  # noqa: F401 (checks registers itself)

        guard.connect()
        receivers.connect()
