from django.urls import path

from . import views

app_name = "past_reports"

urlpatterns = [
    path("past-reports/", views.upload, name="upload"),
    path("past-reports/<uuid:bundle>/", views.preview, name="preview"),
    path("past-reports/<uuid:bundle>/confirm/", views.confirm, name="confirm"),
]
