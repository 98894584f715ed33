from django.urls import path

from . import views

app_name = "upload"

urlpatterns = [
    path("upload/", views.upload, name="upload"),
    path("upload/<uuid:batch>/", views.preview, name="preview"),
    path("upload/<uuid:batch>/confirm/", views.confirm, name="confirm"),
    path("upload/<uuid:batch>/check/", views.check, name="check"),
]
