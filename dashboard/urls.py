from django.urls import path

from .area import views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("sections/", views.sections, name="sections"),
    path("sections/<slug:code>/", views.section, name="section"),
    path("towns/", views.towns, name="towns"),
    path("towns/<str:code>/", views.town, name="town"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<slug:code>/", views.indicator, name="indicator"),
]
