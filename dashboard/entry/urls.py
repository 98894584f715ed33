from django.urls import path

from . import progress, review, templates_download, views

app_name = "entry"

urlpatterns = [
    path("entry/", views.entry_index, name="index"),
    path("entry/<str:town>/<int:year>/", views.report_entry, name="report"),
    path("entry/<str:town>/<int:year>/transition/", review.report_transition, name="transition"),
    path("entry/<str:town>/<int:year>/history/", review.report_history_page, name="history"),
    path(
        "entry/<str:town>/<int:year>/template.xlsx",
        templates_download.town_template,
        name="template",
    ),
    path("progress/", progress.progress, name="progress"),
    path("progress/template.xlsx", templates_download.county_template, name="county_template"),
    path("rules/", progress.rules, name="rules"),
]
