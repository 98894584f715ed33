from django.urls import path

from . import views

app_name = "report_templates"

urlpatterns = [
    path("report/<str:code>/templates/", views.template_list, name="list"),
    path("report/<str:code>/templates/<slug:name>/", views.template_edit, name="edit"),
    path(
        "report/<str:code>/templates/<slug:name>/preview/",
        views.template_preview,
        name="preview",
    ),
    path(
        "report/<str:code>/templates/<slug:name>/compare/",
        views.template_compare,
        name="compare",
    ),
    path(
        "report/<str:code>/templates/<slug:name>/restore/<int:version>/",
        views.template_restore_view,
        name="restore",
    ),
]
