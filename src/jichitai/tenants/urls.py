from __future__ import annotations

from django.urls import path

from jichitai.tenants import views

app_name = "tenants"
urlpatterns = [
    path("", views.municipality_home_view, name="municipality_home"),
]
