"""オープンデータ under `/<lg_code>/opendata/`: the public catalog and downloads, the catalog for
machines (DCAT-AP, the CKAN action API), and the office's upload, facility master and
population. Dataset keys are the shared definitions' keys, never personal data. The fixed
paths come before `<dataset_key>/`, which would take them."""

from __future__ import annotations

from django.urls import path

from jichitai.opendata import catalog_views, office_views, views

app_name = "opendata"

urlpatterns = [
    path("", views.catalog_view, name="catalog"),
    path("dcat.ttl", catalog_views.dcat_view, {"dcat_format": "ttl"}, name="dcat_turtle"),
    path("dcat.jsonld", catalog_views.dcat_view, {"dcat_format": "jsonld"}, name="dcat_jsonld"),
    # CKAN's versioned path and the one ckanapi's RemoteCKAN calls.
    path("api/3/action/<slug:action>", catalog_views.ckan_action_view, name="ckan_action"),
    path("api/action/<slug:action>", catalog_views.ckan_action_view, name="ckan_action_latest"),
    path("office/", views.office_upload_view, name="office_upload"),
    path("office/facilities/", office_views.facilities_view, name="facilities"),
    path("office/facilities/new/", office_views.facility_add_view, name="facility_add"),
    path(
        "office/facilities/<int:facility_id>/",
        office_views.facility_edit_view,
        name="facility_edit",
    ),
    path(
        "office/facilities/<int:facility_id>/delete/",
        office_views.facility_delete_view,
        name="facility_delete",
    ),
    path("office/population/", office_views.population_view, name="population"),
    path("<slug:dataset_key>/", views.dataset_view, name="dataset"),
    path("<slug:dataset_key>/<slug:file_format>/", views.download_view, name="download"),
]
