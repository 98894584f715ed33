from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("assessment/", views.index, name="index"),
    path("assessment/<str:county>/<int:year>/", views.league, name="league"),
    path("assessment/<str:county>/<int:year>/town/<str:town>/", views.town, name="town"),
    path("assessment/<str:county>/<int:year>/scheme/", views.scheme, name="scheme"),
    path("assessment/<str:county>/<int:year>/publish/", views.publish, name="publish"),
    path(
        "assessment/<str:county>/<int:year>/download.<str:fmt>",
        views.download,
        name="download",
    ),
]
