from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("jobs/<uuid:job>/", views.job, name="job"),
    path("jobs/<uuid:job>/status/", views.job_status, name="status"),
    path("jobs/<uuid:job>/file/", views.job_file, name="file"),
    path("progress/template/", views.county_template, name="county_template"),
]
