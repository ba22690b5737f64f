"""Issuing certificates through the API (registry/api/reads.py `issue_certificate`): the PDF,
no second issue on a retry, the request recorded and unknown codes refused."""

from __future__ import annotations

import json

from django.test import Client

from jichitai.identity.models import StaffUser
from jichitai.registry.models import IssuedCertificate

API = "/api/v1/102121/registry/certificates"


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
    row = IssuedCertificate.objects.get()
    assert row.issue_code == issued["X-Issue-Number"]
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


def test_api_issues_an_official_copy_with_history_and_a_terminal_number(
    clerk: StaffUser,
    family: dict,
) -> None:
    client = Client()
    client.force_login(clerk)
    body = {
        "kind": "juminhyo",
        "resident_ids": [family["花子"].pk],
        "requester": "third_party",
        "identity_check": "other",
        "official_use": True,
        "include_history": True,
        "terminal": "2",
        "place": "支所",
    }
    issued = client.post(API, json.dumps(body), content_type="application/json")
    assert issued.status_code == 200
    row = IssuedCertificate.objects.get()
    assert (row.official_use, row.with_history, row.fee) == (True, True, 0)
    assert row.issue_number.endswith(" みどり市 2 000001") and row.place == "支所"
    # The header carries the number in ASCII (団体コード for the name, which HTTP can't carry).
    assert issued["X-Issue-Number"].endswith("-102121-000001")
    for wrong in ({"terminal": "本庁 1"}, {"terminal": "x" * 11}, {"place": "x" * 41}):
        refused = client.post(API, json.dumps(body | wrong), content_type="application/json")
        assert refused.status_code == 422, wrong
    assert IssuedCertificate.objects.count() == 1
