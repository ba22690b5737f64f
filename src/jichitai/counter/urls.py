"""書かない窓口 under `/<lg_code>/counter/`. Sessions appear by a random public id only; the
display's URLs carry nothing (its token is in the tablet's browser session)."""

from __future__ import annotations

from django.urls import path

from jichitai.counter import views

app_name = "counter"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("sessions/", views.session_open_view, name="session_open"),
    path("sessions/<uuid:session_id>/", views.session_view, name="session"),
    path(
        "sessions/<uuid:session_id>/summary.pdf",
        views.summary_pdf_view,
        name="summary_pdf",
    ),
    path(
        "sessions/<uuid:session_id>/<slug:step>/",
        views.session_step_view,
        name="session_step",
    ),
    path("display/pair/", views.display_pair_view, name="display_pair"),
    path("display/", views.display_view, name="display"),
]
