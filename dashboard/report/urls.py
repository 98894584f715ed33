from django.urls import path

from . import views

app_name = "report"

urlpatterns = [
    path("report/<str:code>/<int:year>/", views.report_page, name="page"),
    path("report/<str:code>/<int:year>/docx/", views.report_word, name="docx"),
]
