"""The routes of ``sdmx/``: SDMX REST paths, long and short forms."""

from django.urls import re_path

from .sdmx import DataAliasView, DataView, ImportView, StructureAliasView, StructureView

STRUCTURES = "(?P<resource>dataflow|datastructure|codelist|conceptscheme|structure)"
PART = "/(?P<{}>[^/]+)"
FULL = PART.format("agency") + PART.format("resource_id") + PART.format("version")
SHORT = f"(?:{PART.format('agency')}(?:{PART.format('resource_id')})?)?"
FLOW = "^data/(?P<flow>[^/]+)"

# The full forms are in the OpenAPI schema; the shorter ones (REST defaults) and the
# SDMX REST 1.x paths without "structure/" answer the same, outside it.
urlpatterns = [
    re_path(f"^structure/{STRUCTURES}{FULL}/?$", StructureView.as_view(), name="sdmx-structure"),
    re_path(f"^structure/{STRUCTURES}{SHORT}/?$", StructureAliasView.as_view()),
    re_path(f"^{STRUCTURES}{FULL}/?$", StructureAliasView.as_view()),
    re_path(f"^{STRUCTURES}{SHORT}/?$", StructureAliasView.as_view()),
    re_path(r"^data/?$", ImportView.as_view(), name="sdmx-import"),
    re_path(FLOW + r"/(?P<key>[^/]*)/?$", DataView.as_view(), name="sdmx-data"),
    re_path(FLOW + r"(?:/(?P<key>[^/]*)/(?P<provider>[^/]*))?/?$", DataAliasView.as_view()),
]
