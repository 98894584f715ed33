from django.urls import path

from . import views

app_name = "maps"

urlpatterns = [
    path("maps/", views.map_view, name="map"),
    path("maps/boundaries/", views.upload, name="upload"),
    path("maps/boundaries/<int:pk>/confirm/", views.confirm, name="confirm"),
]
