from django.urls import path

from . import two_factor, views

app_name = "account"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("two-factor/", two_factor.two_factor, name="two_factor"),
]
