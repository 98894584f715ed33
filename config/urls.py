from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # login, logout and password change, with templates in templates/registration/
    path("accounts/", include("django.contrib.auth.urls")),
    path("account/", include("dashboard.account.urls")),
    path("api/v1/", include("indicators.api.urls")),
    path("", include("dashboard.entry.urls")),
    path("", include("dashboard.upload.urls")),
    path("", include("dashboard.urls")),
]
