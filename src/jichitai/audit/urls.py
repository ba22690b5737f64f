from __future__ import annotations

from django.urls import path

from jichitai.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_log_view, name="log"),
    path("export.csv", views.audit_log_csv_view, name="export_csv"),
]
