"""The public certificate-verification page is limited per source (issue 9, finding 5): each
upload costs a PDF parse and a signature check, so a flood of uploads answers the 429 page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from jichitai.common.ratelimit import Rate
from jichitai.tenants.models import Municipality
from jichitai.testing.client import ClientResponse

# Inside one window and one audit minute, however slow the machine (conftest).
pytestmark = pytest.mark.usefixtures("limit_clock")

NOT_A_CERTIFICATE = b"%PDF-1.7\n% not a certificate\n"


def _upload(client: Client, lg_code: str) -> ClientResponse:
    return client.post(
        f"/{lg_code}/certificates/verify/",
        {"file": SimpleUploadedFile("c.pdf", NOT_A_CERTIFICATE, "application/pdf")},
    )


@override_settings(JICHITAI_RATE_CERTIFICATE_VERIFY=Rate.parse("20/m"))
def test_verification_uploads_are_refused_after_the_limit(midori: Municipality) -> None:
    client = Client()
    for _ in range(20):
        assert _upload(client, midori.lg_code).status_code == 200
    refused = _upload(client, midori.lg_code)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    page = refused.content.decode()
    assert "しばらく時間をおいてからお試しください" in page
    assert "分ほど待ってから" in page
    # The page itself and other sources are not affected.
    assert client.get(f"/{midori.lg_code}/certificates/verify/").status_code == 200
    assert _upload(Client(REMOTE_ADDR="192.0.2.33"), midori.lg_code).status_code == 200
