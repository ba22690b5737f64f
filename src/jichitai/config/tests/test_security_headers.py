"""Security headers on every response (issue 9, finding 8): pages, API answers, error pages
(404, the static 500 page, the 429 page) and static files carry a Content-Security-Policy that
allows no inline script, and the usual companions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.test import Client, override_settings
from django.urls import path

from jichitai.config.settings import base as base_settings
from jichitai.config.urls import urlpatterns as product_urlpatterns
from jichitai.tenants.models import Municipality

SOURCE = Path(__file__).resolve().parents[2]  # src/jichitai


def _explode(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


# The product's URLs plus one view that fails, to reach the static 500 page.
urlpatterns = [path("test-explode/", _explode), *product_urlpatterns]
handler500 = "jichitai.config.views.server_error"


def _policy(response: HttpResponseBase) -> dict[str, list[str]]:
    directives = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *values = directive.split()
        directives[name] = values
    return directives


def assert_security_headers(response: HttpResponseBase) -> None:
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),  # a page
        ("/102121/portal/signin/", 200),  # a page with a form
        ("/102121/certificates/verify/", 200),  # the public upload page
        ("/api/v1/municipalities", 200),  # the API (JSON)
        ("/api/v1/102121/staff/me", 401),  # an API problem document
        ("/api/v1/openapi.json", 200),
        ("/nowhere/", 404),  # an error page
    ],
)
def test_every_response_carries_the_security_headers(
    client: Client, midori: Municipality, path: str, status: int
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert_security_headers(response)


@pytest.mark.filterwarnings("ignore:No directory at")  # var/static: served from finders
@override_settings(MIDDLEWARE=base_settings.MIDDLEWARE)
def test_static_files_served_by_whitenoise_carry_the_security_headers() -> None:
    response = Client().get("/static/jichitai/css/app.css")
    assert response.status_code == 200
    assert_security_headers(response)


@override_settings(ROOT_URLCONF=__name__)
def test_the_static_500_page_carries_the_security_headers() -> None:
    response = Client(raise_request_exception=False).get("/test-explode/")
    assert response.status_code == 500
    assert_security_headers(response)


def test_the_429_page_carries_the_security_headers(midori: Municipality) -> None:
    from jichitai.common.ratelimit import Rate

    client = Client()
    with override_settings(JICHITAI_RATE_CHALLENGES=Rate.parse("1/m")):
        assert client.get("/102121/portal/signin/").status_code == 200
        refused = client.get("/102121/portal/signin/")
    assert refused.status_code == 429
    assert_security_headers(refused)


def test_no_template_carries_an_inline_style_or_script_the_policy_would_block() -> None:
    """`style-src 'self'` and `script-src 'self'`: an inline <style> or <script> in a template
    is silently dropped by the browser (the registry and inbox pages lost their layout that
    way), so every rule lives in a static file."""
    comments = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)
    inline = re.compile(r"<(style|script)(?![^>]*\bsrc=)[\s>]", re.I)
    offenders = [
        str(template.relative_to(SOURCE))
        for template in SOURCE.rglob("templates/**/*.html")
        if inline.search(comments.sub("", template.read_text(encoding="utf-8")))
    ]
    assert offenders == []
