from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("adx/", views.mapping, name="adx_mapping"),
    path("adx/<int:pk>/delete/", views.delete, name="adx_mapping_delete"),
    path("adx/mapping.csv", views.download, name="adx_mapping_csv"),
    path("adx/upload/", views.upload, name="adx_mapping_upload"),
    path("adx/confirm/", views.confirm, name="adx_mapping_confirm"),
]
