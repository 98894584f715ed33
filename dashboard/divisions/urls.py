from django.urls import path

from . import views

app_name = "divisions"

urlpatterns = [
    path("divisions/", views.index, name="index"),
    path("divisions/history/", views.history, name="history"),
    path("divisions/codes/", views.codes, name="codes"),
    path("divisions/codes/confirm/", views.codes_confirm, name="codes_confirm"),
    path(
        "divisions/<str:kind>/",
        views.change,
        name="change",
    ),
]
