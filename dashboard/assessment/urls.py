from django.urls import path

from . import editing, views

app_name = "assessment"

urlpatterns = [
    path("assessment/", views.index, name="index"),
    path("assessment/<str:county>/<int:year>/", views.league, name="league"),
    path("assessment/<str:county>/<int:year>/town/<str:town>/", views.town, name="town"),
    path("assessment/<str:county>/<int:year>/scheme/", editing.scheme_editor, name="scheme"),
    path(
        "assessment/<str:county>/<int:year>/scheme/toml/",
        views.scheme_toml,
        name="scheme_toml",
    ),
    path("assessment/<str:county>/<int:year>/publish/", views.publish, name="publish"),
    path(
        "assessment/<str:county>/<int:year>/download.<str:fmt>",
        views.download,
        name="download",
    ),
]
