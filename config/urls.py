from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dashboard.account import signin

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Sign-in, the TOTP code, sign-out and password change; templates in
    # templates/registration/. No password reset: there is no mail, an administrator
    # sets a new password (so /accounts/password_reset/ is a 404).
    path("accounts/login/", signin.SignInView.as_view(), name="login"),
    path("accounts/login/verify/", signin.login_verify, name="login_verify"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", signin.PasswordChange.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("account/", include("dashboard.account.urls")),
    path("api/v1/", include("indicators.api.urls")),
    path("audit/", include("dashboard.audit.urls")),
    path("", include("dashboard.entry.urls")),
    path("", include("dashboard.upload.urls")),
    path("", include("dashboard.urls")),
    path("", include("dashboard.report.urls")),
    path("", include("dashboard.bigscreen.urls")),
]

# Every other 500: a Chinese page, or the API's JSON error, with an incident id that
# is also in the log; a busy or unreachable database is a 503 there too.
handler500 = "dashboard.errors.server_error"
