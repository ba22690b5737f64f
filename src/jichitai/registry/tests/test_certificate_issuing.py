"""Issuing certificates from the staff page and the API (the PDFs themselves are tested in
test_certificates.py)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from jichitai.identity.models import StaffUser
from jichitai.registry.certificate_models import IssuedCertificate
from jichitai.registry.certificates.verification import verify_certificate_pdf
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality


@pytest.fixture
def family(midori: Municipality) -> dict:  # type: ignore[type-arg]
    midori.settings.mayor_name = "緑川　一郎"
    midori.settings.save()
    return yamada_family(midori)


def test_staff_issue_a_signed_juminhyo_for_the_whole_household(
    clerk_client: Client,
    family: dict,
    midori: Municipality,  # type: ignore[type-arg]
) -> None:
    url = f"/102121/certificates/issue/{family['花子'].household_id}/"
    page = clerk_client.get(url).content.decode()
    assert "山田　翔太" in page and "個人番号を記載する" in page
    response = clerk_client.post(
        url,
        {
            "kind": "juminhyo",
            "resident_ids": [r.pk for r in family.values()],
            "include_household_head_and_relationship": "on",
            "purpose": "住民票の写しの交付",
        },
    )
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    assert verify_certificate_pdf(pdf, municipality=midori).valid
    assert IssuedCertificate.objects.count() == 1


def test_a_clerk_asking_for_my_number_gets_the_error_on_the_page(
    clerk_client: Client,
    family: dict,  # type: ignore[type-arg]
) -> None:
    response = clerk_client.post(
        f"/102121/certificates/issue/{family['花子'].household_id}/",
        {
            "kind": "juminhyo",
            "resident_ids": [family["花子"].pk],
            "include_my_number": "on",
            "purpose": "住民票の写しの交付",
        },
    )
    assert response.status_code == 200
    assert "住民記録審査の役割を持つ職員だけが交付できます" in response.content.decode()
    assert IssuedCertificate.objects.count() == 0


def test_api_issue_returns_a_pdf_and_a_retry_does_not_issue_twice(
    clerk: StaffUser,
    family: dict,  # type: ignore[type-arg]
) -> None:
    client = Client()
    client.force_login(clerk)
    body = json.dumps({"kind": "entry_certificate", "resident_ids": [family["翔太"].pk]})
    first = client.post(
        "/api/v1/102121/registry/certificates",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "k1"},
    )
    assert first.status_code == 200 and first.content.startswith(b"%PDF-")
    number = first["X-Issue-Number"]
    again = client.post(
        "/api/v1/102121/registry/certificates",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "k1"},
    )
    assert again.status_code == 409 and number in again.json()["detail"]
    assert IssuedCertificate.objects.count() == 1


def test_another_municipalitys_household_is_404(
    outsider_client: Client,
    family: dict,  # type: ignore[type-arg]
) -> None:
    url = f"/104493/certificates/issue/{family['花子'].household_id}/"
    assert outsider_client.get(url).status_code == 404
