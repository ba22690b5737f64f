"""オープンデータ under `/<lg_code>/opendata/`: the public catalog and downloads, and the
office's upload. Dataset keys are the shared definitions' keys, never personal data."""

from __future__ import annotations

from django.urls import path

from jichitai.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.catalog_view, name="catalog"),
    path("office/", views.office_upload_view, name="office_upload"),
    path("<slug:dataset_key>/", views.dataset_view, name="dataset"),
    path("<slug:dataset_key>/<slug:file_format>/", views.download_view, name="download"),
]
