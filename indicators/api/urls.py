from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .adx import AdxView
from .aggregates import AggregateViewSet
from .assessments import AssessmentView
from .catalogue import CatalogueDiffView, CatalogueTomlView, CatalogueVersionViewSet
from .exceptions import api_not_found
from .parse import ParseView
from .reports import ReportView
from .sdmx_urls import urlpatterns as sdmx_urls
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
router.register("catalogue/versions", CatalogueVersionViewSet, basename="catalogue-version")

app_name = "api"

urlpatterns = [
    path("", include(router.urls)),
    path("reports/<str:region>/<int:year>/", ReportView.as_view(), name="report"),
    path("reports/<str:region>/<int:year>/parse/", ParseView.as_view(), name="report_parse"),
    path("assessments/<str:county>/<int:year>/", AssessmentView.as_view(), name="assessment"),
    path("adx/", AdxView.as_view(), name="adx"),
    path("catalogue/diff/", CatalogueDiffView.as_view(), name="catalogue_diff"),
    path("catalogue/toml/", CatalogueTomlView.as_view(), name="catalogue_toml"),
    path("sdmx/", include(sdmx_urls)),
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    # The split view serves Swagger UI's start-up script as a file of its own: the
    # Content-Security-Policy allows no inline script (config/settings.py).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/v1/ answers a JSON 404, never the site's HTML page.
    # [\s\S], not ".": a path with an encoded newline (%0A) must get the JSON 404 too.
    re_path(r"^[\s\S]*$", api_not_found),
]
