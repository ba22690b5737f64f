"""業務の見える化 under `/<lg_code>/insights/`: staff pages. Only table keys and format
names appear in these URLs, and the filters (procedure id, channel, months) in the query."""

from __future__ import annotations

from django.urls import path

from jichitai.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("process/", views.process_map_view, name="process_map"),
    path("csv/<slug:table>/", views.csv_view, name="csv"),
    path("export/<slug:file_format>/", views.export_view, name="export"),
    path("publish/", views.publish_view, name="publish"),
]
