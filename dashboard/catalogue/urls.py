from django.urls import path

from . import rules, sections, transfer, versions, views

app_name = "catalogue"

urlpatterns = [
    path("catalogue/", views.overview, name="overview"),
    path("catalogue/indicators/add/", views.indicator_add, name="indicator_add"),
    path("catalogue/indicators/<slug:code>/", views.indicator_edit, name="indicator"),
    path("catalogue/indicators/<slug:code>/retire/", views.indicator_retire, name="retire"),
    path("catalogue/sections/add/", sections.section_add, name="section_add"),
    path("catalogue/sections/order/", views.sections_order, name="sections_order"),
    path("catalogue/sections/<slug:code>/", sections.section_edit, name="section"),
    path("catalogue/sections/<slug:code>/order/", views.section_order, name="order"),
    path("catalogue/rules/", rules.rule_list, name="rules"),
    path("catalogue/rules/add/", rules.rule_add, name="rule_add"),
    path("catalogue/rules/<slug:code>/", rules.rule_edit, name="rule"),
    path("catalogue/rules/<slug:code>/delete/", rules.rule_delete, name="rule_delete"),
    path("catalogue/versions/", versions.version_list, name="versions"),
    path("catalogue/versions/compare/", versions.version_compare, name="compare"),
    path("catalogue/versions/<int:number>/", versions.version_detail, name="version"),
    path(
        "catalogue/versions/<int:number>/catalogue.toml", versions.version_toml, name="version_toml"
    ),
    path("catalogue/export.toml", transfer.export, name="export"),
    path("catalogue/import/", transfer.import_start, name="import"),
    path("catalogue/import/confirm/", transfer.import_confirm, name="import_confirm"),
]
