from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.identity.models import StaffUser
from jichitai.registry.models import Change, ChangeType, Resident, ResidentStatus
from jichitai.registry.services import residents_remove
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.client import ClientResponse

TODAY = dt.date(2026, 4, 7)
BASE = "/api/v1/102121/registry"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _post(client: Client, path: str, body: dict[str, Any], **headers: str) -> ClientResponse:
    return client.post(
        f"{BASE}{path}", json.dumps(body), content_type="application/json", headers=headers
    )


MOVE_IN: dict[str, Any] = {
    "type": "move_in",
    "effective_on": "2026-04-06",
    "notified_on": "2026-04-07",
    "address": {"address": "群馬県みどり市笠懸町鹿2952番地", "postal_code": "3790292"},
    "previous_address": "東京都千代田区千代田1番1号",
    "people": [
        {
            "name": "佐藤　一郎",
            "name_kana": "サトウ　イチロウ",
            "birth_date": "1980-02-03",
            "sex": "1",
            "relationship": "世帯主",
            "my_number": "123456789018",
        },
        {
            "name": "佐藤　陽子",
            "name_kana": "さとう　ようこ",
            "birth_date": "1982-09-09",
            "sex": "2",
            "relationship": "妻",
        },
    ],
}


def test_move_in_through_the_api_creates_a_household(clerk_client: Client) -> None:
    response = _post(clerk_client, "/changes/entry", MOVE_IN)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["change_type"] == "move_in" and len(body["resident_ids"]) == 2
    yoko = Resident.objects.get(name="佐藤　陽子")
    assert yoko.name_kana == "サトウ　ヨウコ"
    detail = clerk_client.get(f"{BASE}/residents/{yoko.pk}").json()
    assert detail["relationship"] == "妻" and detail["has_my_number"] is False
    assert "my_number_cipher" not in detail


def test_a_retry_with_the_same_idempotency_key_writes_once(clerk_client: Client) -> None:
    first = _post(clerk_client, "/changes/entry", MOVE_IN, **{"Idempotency-Key": "abc-123"})
    again = _post(clerk_client, "/changes/entry", MOVE_IN, **{"Idempotency-Key": "abc-123"})
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert first.json()["id"] == again.json()["id"]
    assert Resident.objects.count() == 2 and Change.objects.count() == 1
    other = _post(
        clerk_client, "/changes/entry", {**MOVE_IN, "note": "別"}, **{"Idempotency-Key": "abc-123"}
    )
    assert other.status_code == 422 and other.json()["code"] == "idempotency.key_reused"


def test_validation_errors_point_at_the_field(clerk_client: Client) -> None:
    bad = {**MOVE_IN, "people": [{**MOVE_IN["people"][0], "relationship": "孫"}]}
    response = _post(clerk_client, "/changes/entry", bad)
    body = response.json()
    assert response.status_code == 422 and body["code"] == "relationship.invalid"
    assert body["errors"][0]["field"] == "/relationship"
    schema = _post(clerk_client, "/changes/entry", {**MOVE_IN, "effective_on": "2026-02-30"})
    assert schema.status_code == 422 and schema.json()["code"] == "validation.failed"
    assert Resident.objects.count() == 0


def test_search_is_a_post_and_is_audited(clerk_client: Client, midori: Municipality) -> None:
    yamada_family(midori)
    response = _post(clerk_client, "/residents/search", {"name": "やまだ", "birth": "H2.6.15"})
    assert [r["name"] for r in response.json()["items"]] == ["山田　花子"]
    assert AuditRecord.objects.filter(action="registry.search", detail__residents=1).exists()


def test_history_and_as_of(clerk_client: Client, midori: Municipality) -> None:
    hanako = yamada_family(midori)["花子"]
    _post(
        clerk_client,
        "/changes/move-within",
        {
            "resident_ids": list(Resident.objects.values_list("pk", flat=True)),
            "address": {"address": "群馬県みどり市笠懸町鹿2952番地"},
            "effective_on": "2026-04-01",
        },
    )
    history = clerk_client.get(f"{BASE}/residents/{hanako.pk}/history").json()["items"]
    assert [h["change_type"] for h in history] == ["move_within", "move_in"]
    assert "my_number_cipher" not in history[0]["snapshot"]
    old = clerk_client.get(f"{BASE}/residents/{hanako.pk}/as-of", {"on": "令和7年1月1日"}).json()
    assert old["items"]["address"].endswith("大間々1511番地")
    before = clerk_client.get(f"{BASE}/residents/{hanako.pk}/as-of", {"on": "2020-01-01"}).json()
    assert before["recorded"] is False


def test_removal_of_a_head_and_cancellation_by_a_reviewer(
    clerk_client: Client, supervisor: StaffUser, midori: Municipality
) -> None:
    family = yamada_family(midori)
    ids = [r.pk for r in family.values()]
    response = _post(
        clerk_client,
        "/changes/removal",
        {
            "type": "move_out",
            "resident_ids": ids,
            "effective_on": "2026-04-20",
            "notified_on": "2026-04-07",
            "moving_to_address": "群馬県利根郡みなかみ町月夜野1744番地1",
        },
    )
    assert response.status_code == 201
    # 住民 until the 転出予定日 (doc/j50.txt §1.1.5), with the planned 転出 on the record.
    assert {r.planned_removal_on for r in Resident.objects.all()} == {dt.date(2026, 4, 20)}
    change_id = response.json()["id"]
    refused = _post(clerk_client, f"/changes/{change_id}/cancel", {"reason": "取下げ"})
    assert refused.status_code == 403 and refused.json()["code"] == "auth.role_required"
    reviewer = Client()
    reviewer.force_login(supervisor)
    assert _post(reviewer, f"/changes/{change_id}/cancel", {"reason": "取下げ"}).status_code == 201
    assert Resident.objects.filter(status=ResidentStatus.ACTIVE).count() == 3
    assert {r.planned_removal_on for r in Resident.objects.all()} == {None}


def test_cancellation_by_api_for_some_people_on_request(
    supervisor: StaffUser, midori: Municipality
) -> None:
    family = yamada_family(midori)
    removal = residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[family["翔太"].pk, family["美咲"].pk],
        effective_on=dt.date(2026, 4, 1),
        notified_on=dt.date(2026, 4, 1),
        actor=None,
        moving_to_address="東京都千代田区千代田1番1号",
    )
    reviewer = Client()
    reviewer.force_login(supervisor)
    url = f"/changes/{removal.pk}/cancel"
    body = {"reason": "取下げ", "resident_ids": [family["花子"].pk]}
    refused = _post(reviewer, url, body)
    assert refused.status_code == 422 and refused.json()["code"] == "change.cancel_people_unknown"
    response = _post(
        reviewer,
        url,
        {"reason": "取下げ", "resident_ids": [family["美咲"].pk], "offered_on": "2026-04-02"},
    )
    assert response.status_code == 201
    assert response.json()["change_type"] == "cancellation_increase"
    assert response.json()["standard_reason"] == "entry.cancellation"
    assert response.json()["offered_on"] == "2026-04-02"
    assert Resident.objects.get(pk=family["美咲"].pk).status == ResidentStatus.ACTIVE
    assert Resident.objects.get(pk=family["翔太"].pk).status == ResidentStatus.CLOSED


def test_my_number_reveal_needs_the_role_and_a_purpose(
    clerk_client: Client, supervisor: StaffUser, midori: Municipality
) -> None:
    hanako = yamada_family(midori)["花子"]
    refused = _post(clerk_client, f"/residents/{hanako.pk}/my-number", {"purpose": "確認"})
    assert refused.status_code == 403 and refused.json()["code"] == "my_number.not_permitted"
    reviewer = Client()
    reviewer.force_login(supervisor)
    shown = _post(reviewer, f"/residents/{hanako.pk}/my-number", {"purpose": "個人番号カード交付"})
    assert shown.json() == {"my_number": "123456789018"}
    records = AuditRecord.objects.filter(action="registry.my_number_reveal")
    assert {r.result for r in records} == {"denied", "success"}
    assert "123456789018" not in str(list(records.values()))


def test_writes_with_another_municipalitys_ids_are_404(
    outsider_client: Client, midori: Municipality
) -> None:
    family = yamada_family(midori)
    response = outsider_client.post(
        "/api/v1/104493/registry/changes/removal",
        json.dumps(
            {"type": "death", "resident_ids": [family["花子"].pk], "effective_on": "2026-04-07"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 404 and response.json()["code"] == "resident.not_found"
    assert Resident.objects.get(pk=family["花子"].pk).status == ResidentStatus.ACTIVE


def test_api_marks_a_change_made_ex_officio_or_on_offer(
    clerk_client: Client, midori: Municipality
) -> None:
    family = yamada_family(midori)
    split = {"resident_ids": [family["翔太"].pk], "effective_on": "2026-04-06"}
    no_date = _post(clerk_client, "/changes/household-split", {**split, "basis": "offer"})
    assert no_date.status_code == 422 and no_date.json()["code"] == "registry.offered_on_required"
    assert no_date.json()["errors"][0]["field"] == "/offered_on"
    with_notice = _post(
        clerk_client,
        "/changes/household-split",
        {**split, "basis": "ex_officio", "notified_on": "2026-04-06"},
    )
    assert with_notice.status_code == 422
    assert with_notice.json()["code"] == "registry.notified_on_ex_officio"
    response = _post(
        clerk_client,
        "/changes/household-split",
        {**split, "basis": "offer", "offered_on": "2026-04-07"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["basis"] == "offer" and body["offered_on"] == "2026-04-07"
    assert body["notified_on"] is None and body["input_place"] == ""
