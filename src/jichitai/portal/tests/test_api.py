"""The residents' API with a real virtual card: bind, sign in, submit a signed 転出届 with its
転入予約, retry, tampering, tokens of the wrong kind, time or municipality, schema errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.identity.jpki.virtual_card import VirtualCard, virtual_card_issue
from jichitai.identity.models import StaffUser
from jichitai.identity.services import api_token_issue
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.portal.models import CardBinding, ResidentApiToken
from jichitai.portal.tests.helpers import PASSWORD
from jichitai.portal.tests.helpers import api_answer as _answer
from jichitai.portal.tests.helpers import api_bind as _bind
from jichitai.portal.tests.helpers import api_post_case as _post_case
from jichitai.portal.tests.helpers import api_resident_client as _resident_client
from jichitai.portal.tests.helpers import b64 as _b64
from jichitai.procedures.models import Case, CaseEvent, CaseState
from jichitai.procedures.selectors import case_signing_bytes
from jichitai.procedures.signing import SignedApplication
from jichitai.procedures.tests.factories import case_of, move_in_data, move_out_data
from jichitai.registry.models import Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality

BASE = "/api/v1/102121/portal"


@pytest.fixture
def family(midori: Municipality, minakami: Municipality) -> dict[str, Resident]:
    """山田花子's household in みどり市; みなかみ町 is served too (where they move)."""
    return yamada_family(midori)


@pytest.fixture
def card(jpki: JpkiWorld, family: dict[str, Resident]) -> VirtualCard:
    hanako = family["花子"]
    return virtual_card_issue(
        name=hanako.name,
        birth_date=hanako.birth_date,
        sex=hanako.sex,
        address=hanako.address,
        my_number="123456789018",
    )


def _moving_body(card: VirtualCard, members: list[Resident]) -> dict[str, Any]:
    move_out, move_in = move_out_data(members), move_in_data(members)
    signed = case_signing_bytes(
        applications=[
            SignedApplication(lg_code="102121", procedure_id="move_out", data=move_out),
            SignedApplication(lg_code="104493", procedure_id="move_in_reservation", data=move_in),
        ]
    )
    return {
        "procedure_id": "move_out",
        "data": move_out,
        "signature": _b64(card.sign_data(signed, PASSWORD)),
        "destination_lg_code": "104493",
        "move_in_data": move_in,
    }


def test_binding_gives_a_token_and_later_the_card_alone_signs_in(
    client: Client, card: VirtualCard, family: dict[str, Resident]
) -> None:
    unbound = client.post(f"{BASE}/sessions", _answer(client, card), "application/json")
    assert unbound.status_code == 409
    assert unbound.json()["code"] == "portal.card_not_bound"

    bound = _bind(client, card)
    assert bound.status_code == 201
    assert bound.json()["token"].startswith("jtr_102121_")
    assert CardBinding.objects.get().resident == family["花子"]

    signed_in = client.post(f"{BASE}/sessions", _answer(client, card), "application/json")
    assert signed_in.status_code == 201
    token = signed_in.json()["token"]
    # Only a keyed hash is kept: the secret is nowhere in the table.
    assert not ResidentApiToken.objects.filter(secret_hash__contains=token.split("_")[-1]).exists()
    resident = Client(headers={"Authorization": f"Bearer {token}"})
    assert resident.get(f"{BASE}/cases").status_code == 200


def test_a_replayed_answer_is_refused(client: Client, card: VirtualCard) -> None:
    _resident_client(client, card)
    answer = _answer(client, card)
    assert client.post(f"{BASE}/sessions", answer, "application/json").status_code == 201
    replay = client.post(f"{BASE}/sessions", answer, "application/json")
    assert replay.status_code == 422
    assert replay.json()["code"] == "jpki.challenge_replayed"


def test_signed_move_out_with_reservation_creates_the_pair_once(
    client: Client, card: VirtualCard, family: dict[str, Resident]
) -> None:
    resident = _resident_client(client, card)
    body = _moving_body(card, [family["花子"], family["翔太"]])

    first = _post_case(resident, body, key="move-2026-04")
    again = _post_case(resident, body, key="move-2026-04")

    assert first.status_code == again.status_code == 201, first.content
    assert again["Idempotent-Replayed"] == "true"
    assert first.json() == again.json()
    case = Case.objects.get(municipality_id="102121")
    reservation = Case.objects.get(municipality_id="104493")
    assert first.json()["reference_number"] == case.reference_number
    assert first.json()["related_reference_number"] == reservation.reference_number
    assert case.signature_verified_at is not None
    assert case.state == CaseState.SUBMITTED
    assert CaseEvent.objects.filter(case__in=[case, reservation]).count() == 2
    assert AuditRecord.objects.filter(action="case.submit", object_id=str(case.pk)).exists()


def test_data_changed_after_signing_is_refused(
    client: Client, card: VirtualCard, family: dict[str, Resident]
) -> None:
    resident = _resident_client(client, card)
    body = _moving_body(card, [family["花子"]])
    body["data"]["moving_to"]["address"] = "東京都千代田区千代田1番1号"

    refused = _post_case(resident, body)

    assert refused.status_code == 422, refused.content
    assert refused.json()["code"] == "jpki.signature_invalid"
    assert not Case.objects.exists()


def test_schema_errors_come_per_field(
    client: Client, card: VirtualCard, family: dict[str, Resident]
) -> None:
    resident = _resident_client(client, card)
    body = _moving_body(card, [family["花子"]])
    del body["data"]["planned_move_on"]
    body["data"]["applicant"]["birth_date"] = "昭和"

    refused = _post_case(resident, body)

    assert refused.status_code == 422
    fields = {e["field"]: e["code"] for e in refused.json()["errors"]}
    assert fields == {"/planned_move_on": "form.required", "/applicant/birth_date": "form.format"}


def test_malformed_requests_name_the_field(client: Client, card: VirtualCard) -> None:
    resident = _resident_client(client, card)
    refused = _post_case(resident, {"procedure_id": "move_out", "signature": "not base64!"})
    assert refused.status_code == 422
    assert {e["field"] for e in refused.json()["errors"]} == {
        "/body/body/data",
        "/body/body/signature",
    }


def test_a_reservation_needs_a_destination(
    client: Client, card: VirtualCard, family: dict[str, Resident]
) -> None:
    resident = _resident_client(client, card)
    body = _moving_body(card, [family["花子"]])
    del body["destination_lg_code"]
    refused = _post_case(resident, body)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "/body/destination_lg_code"


def test_cases_of_others_are_not_found_and_withdrawing_ones_own_works(
    client: Client, card: VirtualCard, family: dict[str, Resident], midori: Municipality
) -> None:
    resident = _resident_client(client, card)
    created = _post_case(resident, _moving_body(card, [family["花子"]])).json()
    someone_elses = case_of(midori, family["翔太"])

    assert [c["id"] for c in resident.get(f"{BASE}/cases").json()["items"]] == [created["id"]]
    detail = resident.get(f"{BASE}/cases/{created['id']}")
    assert detail.status_code == 200
    assert [e["activity"] for e in detail.json()["events"]] == ["submit"]
    assert resident.get(f"{BASE}/cases/{someone_elses.pk}").status_code == 404

    withdrawn = resident.post(f"{BASE}/cases/{created['id']}/withdraw")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["state"] == CaseState.WITHDRAWN
    again = resident.post(f"{BASE}/cases/{created['id']}/withdraw")
    assert again.status_code == 409
    assert resident.post(f"{BASE}/cases/{someone_elses.pk}/withdraw").status_code == 404


def test_signing_out_revokes_the_token(client: Client, card: VirtualCard) -> None:
    resident = _resident_client(client, card)
    assert resident.delete(f"{BASE}/sessions/current").status_code == 204
    assert resident.get(f"{BASE}/cases").status_code == 401


def test_an_expired_token_is_refused(client: Client, card: VirtualCard) -> None:
    resident = _resident_client(client, card)
    ResidentApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    refused = resident.get(f"{BASE}/cases")
    assert refused.status_code == 401
    assert refused.json()["code"] == "auth.token_invalid"


def test_a_token_works_only_in_its_municipality(client: Client, card: VirtualCard) -> None:
    resident = _resident_client(client, card)
    refused = resident.get("/api/v1/104493/portal/cases")
    assert refused.status_code == 401
    assert AuditRecord.objects.filter(
        chain="104493", action="portal.token_authenticate", result="denied"
    ).exists()


def test_staff_and_resident_tokens_never_stand_in_for_each_other(
    client: Client, card: VirtualCard, clerk: StaffUser, clerk_client: Client
) -> None:
    staff_token = api_token_issue(user=clerk, name="probe", valid_days=1, actor=None).plaintext
    staff = Client(headers={"Authorization": f"Bearer {staff_token}"})
    assert staff.get(f"{BASE}/cases").status_code == 401
    assert clerk_client.get(f"{BASE}/cases").status_code == 401

    resident = _resident_client(client, card)
    assert resident.get("/api/v1/102121/cases").status_code == 401
    assert resident.get("/api/v1/102121/staff/me").status_code == 401
