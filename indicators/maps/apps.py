from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "indicators.maps"
    label = "maps"
    verbose_name = _("地图边界")
    default_auto_field = "django.db.models.BigAutoField"
