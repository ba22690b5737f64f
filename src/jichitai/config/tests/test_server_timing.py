"""The load benchmark's view from inside (issue 10, item 14): with JICHITAI_SERVER_TIMING on,
every answer says how long Django took, its CPU time and its database time; off, nothing."""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client, override_settings

from jichitai.tenants.models import Municipality

TIMING = re.compile(
    r'app;dur=[0-9.]+, cpu;dur=[0-9.]+, db;dur=[0-9.]+;desc="(?P<queries>\d+) queries"'
)


def test_server_timing_reports_the_request_when_enabled(midori: Municipality) -> None:
    middleware = ["jichitai.config.middleware.ServerTimingMiddleware", *settings.MIDDLEWARE]
    with override_settings(MIDDLEWARE=middleware):
        response = Client().get("/api/v1/municipalities?limit=1")
    assert response.status_code == 200
    timing = TIMING.fullmatch(response["Server-Timing"])
    assert timing is not None
    assert int(timing["queries"]) >= 1


def test_server_timing_is_off_by_default(midori: Municipality) -> None:
    response = Client().get("/api/v1/municipalities?limit=1")
    assert "Server-Timing" not in response
