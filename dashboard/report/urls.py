from django.urls import path

from . import facts, views

app_name = "report"

urlpatterns = [
    path("report/<str:code>/<int:year>/", views.report_page, name="page"),
    path("report/<str:code>/<int:year>/docx/", views.report_word, name="docx"),
    path("report/<str:code>/facts/", facts.facts_page, name="facts"),
]
