from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .aggregates import AggregateViewSet
from .exceptions import api_not_found
from .reports import ReportView
from .views import (
    IndicatorViewSet,
    RegionViewSet,
    SectionViewSet,
    TargetViewSet,
    ValueViewSet,
)

router = DefaultRouter()
router.include_root_view = False
router.register("sections", SectionViewSet, basename="section")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("regions", RegionViewSet, basename="region")
router.register("values", ValueViewSet, basename="value")
router.register("aggregates", AggregateViewSet, basename="aggregate")
router.register("targets", TargetViewSet, basename="target")

app_name = "api"

urlpatterns = [
    path("", include(router.urls)),
    path("reports/<str:region>/<int:year>/", ReportView.as_view(), name="report"),
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    # The split view serves Swagger UI's start-up script as a file of its own: the
    # Content-Security-Policy allows no inline script (config/settings.py).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/v1/ answers a JSON 404, never the site's HTML page.
    # [\s\S], not ".": a path with an encoded newline (%0A) must get the JSON 404 too.
    re_path(r"^[\s\S]*$", api_not_found),
]
