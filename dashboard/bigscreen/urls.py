from django.urls import path

from . import views

app_name = "bigscreen"

urlpatterns = [
    path("bigscreen/", views.screen, name="screen"),
]
