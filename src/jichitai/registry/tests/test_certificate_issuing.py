"""Issuing certificates from the staff page and the API (the PDFs themselves are tested in
test_certificates.py)."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.identity.models import StaffUser
from jichitai.registry.certificates.verification import verify_certificate_pdf
from jichitai.registry.models import IssuedCertificate
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality

COUNTER = {"requester": "self", "identity_check": "drivers_license", "copies": "1"}
API = "/api/v1/102121/registry/certificates"


@pytest.fixture
def family(midori: Municipality) -> dict:
    midori.settings.mayor_name = "緑川　一郎"
    midori.settings.save()
    return yamada_family(midori)


def test_staff_issue_a_signed_juminhyo_for_the_whole_household(
    clerk_client: Client,
    family: dict,
    midori: Municipality,
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
            **COUNTER,
        },
    )
    assert response["Content-Type"] == "application/pdf"
    pdf = response.getvalue()  # streamed or not
    assert verify_certificate_pdf(pdf, municipality=midori).valid
    assert IssuedCertificate.objects.count() == 1


def test_a_clerk_asking_for_my_number_gets_the_error_on_the_page(
    clerk_client: Client,
    family: dict,
) -> None:
    response = clerk_client.post(
        f"/102121/certificates/issue/{family['花子'].household_id}/",
        {
            "kind": "juminhyo",
            "resident_ids": [family["花子"].pk],
            "include_my_number": "on",
            "purpose": "住民票の写しの交付",
            **COUNTER,
        },
    )
    assert response.status_code == 200
    assert "住民記録審査の役割を持つ職員だけが交付できます" in response.content.decode()
    assert IssuedCertificate.objects.count() == 0


def test_api_issue_returns_a_pdf_and_a_retry_does_not_issue_twice(
    clerk: StaffUser,
    family: dict,
) -> None:
    client = Client()
    client.force_login(clerk)
    body = json.dumps(
        {
            "kind": "entry_certificate",
            "resident_ids": [family["翔太"].pk],
            "requester": "self",
            "identity_check": "my_number_card",
        }
    )
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
    family: dict,
) -> None:
    url = f"/104493/certificates/issue/{family['花子'].household_id}/"
    assert outsider_client.get(url).status_code == 404


# --- who asked, how they were identified, copies and fee (住基法 第12条・第12条の3) ------------


def test_staff_issue_records_the_requester_identity_check_copies_and_fee(
    clerk_client: Client,
    family: dict,
) -> None:
    url = f"/102121/certificates/issue/{family['花子'].household_id}/"
    page = clerk_client.get(url).content.decode()
    for label in ("請求者の区分", "代理人", "第三者", "本人確認の方法", "運転免許証", "通数"):
        assert label in page
    assert "手数料は1通300円です" in page
    response = clerk_client.post(
        url,
        {
            "kind": "juminhyo",
            "resident_ids": [family["花子"].pk],
            "purpose": "住民票の写しの交付",
            "requester": "agent",
            "identity_check": "other",
            "copies": "3",
        },
    )
    assert response["Content-Type"] == "application/pdf"
    issued = IssuedCertificate.objects.get()
    assert (issued.requester, issued.identity_check) == ("agent", "other")
    assert (issued.copies, issued.fee) == (3, 900)
    audit = AuditRecord.objects.get(action="registry.certificate_issue", result="success")
    assert audit.detail["requester_agent"] is True and audit.detail["identity_other"] is True
    assert audit.detail["copies"] == 3 and audit.detail["fee"] == 900
    assert "山田" not in json.dumps(audit.detail, ensure_ascii=False)


def test_staff_issue_without_the_request_says_what_is_missing_and_issues_nothing(
    clerk_client: Client,
    family: dict,
) -> None:
    response = clerk_client.post(
        f"/102121/certificates/issue/{family['花子'].household_id}/",
        {
            "kind": "juminhyo",
            "resident_ids": [family["花子"].pk],
            "purpose": "住民票の写しの交付",
            "copies": "11",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "請求者の区分を選んでください。" in page
    assert "本人確認の方法を選んでください。" in page
    assert "通数は1から10までの数で入力してください。" in page
    assert not IssuedCertificate.objects.exists()


def test_a_third_party_cannot_get_the_resident_code_and_nothing_is_issued(
    clerk_client: Client,
    family: dict,
) -> None:
    response = clerk_client.post(
        f"/102121/certificates/issue/{family['花子'].household_id}/",
        {
            "kind": "juminhyo",
            "resident_ids": [family["花子"].pk],
            "purpose": "債権回収のための第三者請求",
            "include_resident_code": "on",
            "requester": "third_party",
            "identity_check": "drivers_license",
            "copies": "1",
        },
    )
    assert response.status_code == 200
    assert "第三者からの請求（申出）では、住民票コードと個人番号を記載できません。" in (
        response.content.decode()
    )
    assert not IssuedCertificate.objects.exists()


def test_api_issue_records_the_request_and_refuses_unknown_codes(
    clerk: StaffUser,
    family: dict,
) -> None:
    client = Client()
    client.force_login(clerk)
    body = {
        "kind": "juminhyo",
        "resident_ids": [family["花子"].pk],
        "requester": "household",
        "identity_check": "my_number_card",
        "copies": 2,
    }
    issued = client.post(API, json.dumps(body), content_type="application/json")
    assert issued.status_code == 200
    row = IssuedCertificate.objects.get(issue_number=issued["X-Issue-Number"])
    assert (row.requester, row.identity_check, row.copies, row.fee) == (
        "household",
        "my_number_card",
        2,
        600,
    )
    for wrong in (
        {"requester": "neighbour"},
        {"identity_check": "library_card"},
        {"copies": 0},
        {"copies": 11},
        {"copies": 2**63},
    ):
        refused = client.post(API, json.dumps(body | wrong), content_type="application/json")
        assert refused.status_code == 422, wrong
        assert refused["Content-Type"].startswith("application/problem+json")
    missing = client.post(
        API,
        json.dumps({"kind": "juminhyo", "resident_ids": [family["花子"].pk]}),
        content_type="application/json",
    )
    assert missing.status_code == 422
    third_party = client.post(
        API,
        json.dumps(body | {"requester": "third_party", "include_my_number": True}),
        content_type="application/json",
    )
    assert third_party.status_code == 422
    assert third_party.json()["code"] == "certificate.third_party_items_not_permitted"
    assert IssuedCertificate.objects.count() == 1


# --- the resident page leads to that person's copy --------------------------------------


def test_the_resident_page_offers_a_juminhyo_of_that_person(
    clerk_client: Client,
    family: dict,
) -> None:
    son = family["翔太"]
    page = clerk_client.get(f"/102121/registry/residents/{son.pk}/").content.decode()
    link = re.search(r'href="([^"]+)"[^>]*>住民票の写しを交付する<', page)
    assert link, "no 住民票 button on the resident page"
    form = clerk_client.get(html.unescape(link.group(1))).content.decode()
    checked = re.findall(r'name="resident_ids" value="(\d+)"[^>]*checked', form)
    assert checked == [str(son.pk)]
    assert re.search(r'value="juminhyo"[^>]*selected', form)


def test_the_issue_list_shows_who_asked_the_check_copies_and_fee(
    clerk_client: Client,
    family: dict,
) -> None:
    clerk_client.post(
        f"/102121/certificates/issue/{family['花子'].household_id}/",
        {
            "kind": "juminhyo",
            "resident_ids": [family["花子"].pk],
            "purpose": "住民票の写しの交付",
            "requester": "third_party",
            "identity_check": "drivers_license",
            "copies": "2",
        },
    )
    number = IssuedCertificate.objects.get().issue_number
    page = clerk_client.get("/102121/certificates/issued/").content.decode()
    row = re.search(rf"<tr>\s*<td[^>]*>{number}</td>.*?</tr>", page, re.S)
    assert row, page
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row[0], re.S)
    ]
    assert cells[3:7] == ["第三者", "運転免許証", "2通", "600円"]
    assert "山田" not in page


def test_the_issue_list_is_for_staff_of_the_municipality_only(
    client: Client,
    outsider_client: Client,
    family: dict,
) -> None:
    assert client.get("/102121/certificates/issued/").status_code == 302
    assert outsider_client.get("/102121/certificates/issued/").status_code in (403, 404)
