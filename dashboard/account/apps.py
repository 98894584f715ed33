from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountConfig(AppConfig):
    """Connects the sign-in receiver; an app so that it is connected before any login."""

    name = "dashboard.account"
    label = "signin"
    verbose_name = _("登录与会话")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .security import on_user_logged_in

        user_logged_in.connect(on_user_logged_in, dispatch_uid="signin_facts")
