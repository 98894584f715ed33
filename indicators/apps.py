from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("指标")

    def ready(self) -> None:
        from indicators.accounts import tokens
        from indicators.derived import stamps

        from .accounts import checks  # noqa: F401  (registers the deploy check)

        stamps.connect()  # the catalogue's and the regions' admin edits only
        tokens.connect()
