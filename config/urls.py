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
    path("exchange/", include("dashboard.exchange.urls")),
    path("", include("dashboard.entry.urls")),
    path("", include("dashboard.upload.urls")),
    path("", include("dashboard.past_reports.urls")),
    path("", include("dashboard.jobs.urls")),
    path("", include("dashboard.urls")),
    path("", include("dashboard.report.urls")),
    path("", include("dashboard.report_templates.urls")),
    path("", include("dashboard.bigscreen.urls")),
    path("", include("dashboard.assessment.urls")),
    path("", include("dashboard.divisions.urls")),
    path("", include("dashboard.maps.urls")),
    path("", include("dashboard.catalogue.urls")),
]

# Every other 500: a Chinese page, or the API's JSON error, with an incident id that
# is also in the log; a busy or unreachable database is a 503 there too.
handler500 = "dashboard.errors.server_error"
# Django's own 400, 403 and 404 are bare English pages: ours are Chinese (JSON under /api/).
handler400 = "dashboard.errors.bad_request"
handler403 = "dashboard.errors.permission_denied"
handler404 = "dashboard.errors.page_not_found"
