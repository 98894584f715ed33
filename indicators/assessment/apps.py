from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "indicators.assessment"
    label = "assessment"
    verbose_name = _("综合考核")
    default_auto_field = "django.db.models.BigAutoField"
