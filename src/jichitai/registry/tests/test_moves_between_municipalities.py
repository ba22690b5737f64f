"""Moving between two municipalities of one deployment: 転出 in みどり市, 転出証明書情報 over the
network stand-in, 転入 in みなかみ町 recorded from it (住民基本台帳法 第24条の2)."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import io

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.common.exceptions import InvalidInput, RuleViolation
from jichitai.registry.crypto import my_number_decrypt
from jichitai.registry.errors import (
    ChangeNotFound,
    MoveOutCertificateCompleted,
    MoveOutCertificateNotFound,
)
from jichitai.registry.models import ChangeType, MoveOutCertificate, Resident, ResidentStatus
from jichitai.registry.network import InDeploymentNetwork
from jichitai.registry.selectors import move_out_certificates_pending
from jichitai.registry.services import (
    Address,
    change_cancel,
    move_out_certificate_send,
    residents_move_in_from_certificate,
    residents_remove,
)
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 4, 7)
MINAKAMI_ADDRESS = Address(address="群馬県利根郡みなかみ町後閑318番地", postal_code="3790392")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _move_out(midori: Municipality, family: dict[str, Resident]) -> int:
    change = residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[r.pk for r in family.values()],
        effective_on=dt.date(2026, 4, 20),
        notified_on=TODAY,
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町後閑318番地",
    )
    return change.pk


def test_move_out_hands_the_people_to_the_new_municipality(
    midori: Municipality, minakami: Municipality
) -> None:
    family = yamada_family(midori)
    receipt = move_out_certificate_send(
        municipality=midori,
        change_id=_move_out(midori, family),
        destination_lg_code=minakami.lg_code,
        actor=None,
    )

    [pending] = move_out_certificates_pending(municipality=minakami)
    assert str(pending.public_id) == receipt
    assert pending.source_name == "群馬県みどり市"
    assert pending.planned_on == dt.date(2026, 4, 20)
    assert [p["name"] for p in pending.persons] == ["山田　花子", "山田　翔太", "山田　美咲"]
    assert pending.persons[0]["relationship"] == "世帯主"
    # 個人番号 travels only encrypted, and never under the sender's municipality.
    assert "123456789018" not in str(pending.persons)
    assert list(move_out_certificates_pending(municipality=midori)) == []
    actions = set(AuditRecord.objects.values_list("municipality_code", "action"))
    assert ("102121", "registry.move_out_certificate_send") in actions
    assert ("104493", "registry.move_out_certificate_receive") in actions


def test_a_move_out_cancelled_for_some_hands_over_the_others_only(
    midori: Municipality, minakami: Municipality
) -> None:
    family = yamada_family(midori)
    change_id = _move_out(midori, family)
    change_cancel(
        municipality=midori,
        change_id=change_id,
        reason="美咲は残る",
        actor=None,
        resident_ids=[family["美咲"].pk],
    )
    move_out_certificate_send(
        municipality=midori, change_id=change_id, destination_lg_code=minakami.lg_code, actor=None
    )
    [pending] = move_out_certificates_pending(municipality=minakami)
    assert [p["name"] for p in pending.persons] == ["山田　花子", "山田　翔太"]
    change_cancel(
        municipality=midori,
        change_id=change_id,
        reason="全員残る",
        actor=None,
        resident_ids=[family["花子"].pk, family["翔太"].pk],
    )
    with pytest.raises(ChangeNotFound):
        move_out_certificate_send(
            municipality=midori,
            change_id=change_id,
            destination_lg_code=minakami.lg_code,
            actor=None,
        )


def test_sending_the_same_move_twice_delivers_it_once(
    midori: Municipality, minakami: Municipality
) -> None:
    change_id = _move_out(midori, yamada_family(midori))
    first = move_out_certificate_send(
        municipality=midori, change_id=change_id, destination_lg_code="104493", actor=None
    )
    second = move_out_certificate_send(
        municipality=midori, change_id=change_id, destination_lg_code="104493", actor=None
    )
    assert first == second
    assert MoveOutCertificate.objects.count() == 1


def test_move_in_from_the_certificate_needs_no_retyping(
    midori: Municipality, minakami: Municipality
) -> None:
    family = yamada_family(midori)
    move_out_certificate_send(
        municipality=midori,
        change_id=_move_out(midori, family),
        destination_lg_code=minakami.lg_code,
        actor=None,
    )
    certificate = MoveOutCertificate.objects.get()

    change = residents_move_in_from_certificate(
        municipality=minakami,
        certificate_id=certificate.pk,
        address=MINAKAMI_ADDRESS,
        effective_on=dt.date(2026, 4, 7),
        notified_on=TODAY,
        actor=None,
    )

    arrived = {r.name: r for r in Resident.objects.for_municipality(minakami)}
    hanako = arrived["山田　花子"]
    assert change.change_type == ChangeType.MOVE_IN
    assert hanako.resident_code == family["花子"].resident_code
    assert hanako.previous_address == "群馬県みどり市大間々町大間々1511番地"
    assert hanako.domicile == "群馬県みどり市大間々町大間々1番地"
    assert hanako.address == MINAKAMI_ADDRESS.address
    assert hanako.status == ResidentStatus.ACTIVE
    assert (
        my_number_decrypt(
            hanako.my_number_cipher, lg_code="104493", atena_number=hanako.atena_number
        )
        == "123456789018"
    )
    assert arrived["山田　翔太"].relationship == "子"
    certificate.refresh_from_db()
    assert certificate.status == MoveOutCertificate.Status.COMPLETED
    assert certificate.completed_change == change
    assert all(p["my_number_cipher"] == "" for p in certificate.persons)
    assert list(move_out_certificates_pending(municipality=minakami)) == []


def test_a_completed_certificate_cannot_be_used_twice(
    midori: Municipality, minakami: Municipality
) -> None:
    move_out_certificate_send(
        municipality=midori,
        change_id=_move_out(midori, yamada_family(midori)),
        destination_lg_code="104493",
        actor=None,
    )
    certificate = MoveOutCertificate.objects.get()
    move_in = functools.partial(
        residents_move_in_from_certificate,
        municipality=minakami,
        certificate_id=certificate.pk,
        address=MINAKAMI_ADDRESS,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    move_in()
    with pytest.raises(MoveOutCertificateCompleted):
        move_in()
    assert Resident.objects.for_municipality(minakami).count() == 3


def test_another_municipalitys_certificate_is_not_found(
    midori: Municipality, minakami: Municipality
) -> None:
    move_out_certificate_send(
        municipality=midori,
        change_id=_move_out(midori, yamada_family(midori)),
        destination_lg_code="104493",
        actor=None,
    )
    with pytest.raises(MoveOutCertificateNotFound):
        residents_move_in_from_certificate(
            municipality=midori,
            certificate_id=MoveOutCertificate.objects.get().pk,
            address=MINAKAMI_ADDRESS,
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )


@pytest.mark.parametrize("code", ["104490", "10449", "102121"])
def test_a_wrong_destination_code_is_refused(
    midori: Municipality, minakami: Municipality, code: str
) -> None:
    change_id = _move_out(midori, yamada_family(midori))
    with pytest.raises(RuleViolation) as refused:
        move_out_certificate_send(
            municipality=midori, change_id=change_id, destination_lg_code=code, actor=None
        )
    assert refused.value.code == "registry.destination_invalid"
    assert MoveOutCertificate.objects.count() == 0


def test_a_municipality_not_on_this_deployment_gets_it_through_the_network(
    midori: Municipality,
) -> None:
    change_id = _move_out(midori, yamada_family(midori))
    receipt = move_out_certificate_send(
        municipality=midori, change_id=change_id, destination_lg_code="131016", actor=None
    )
    assert receipt.startswith("outbox:")
    assert MoveOutCertificate.objects.count() == 0


def test_only_a_move_out_can_be_sent(midori: Municipality, minakami: Municipality) -> None:
    family = yamada_family(midori)
    entry = family["花子"].history.get().change
    with pytest.raises(ChangeNotFound):
        move_out_certificate_send(
            municipality=midori, change_id=entry.pk, destination_lg_code="104493", actor=None
        )


def test_the_network_is_chosen_by_setting(midori: Municipality, minakami: Municipality) -> None:
    change_id = _move_out(midori, yamada_family(midori))
    offline = override_settings(
        JICHITAI_RESIDENT_NETWORK="jichitai.registry.tests.test_moves_between_municipalities.Offline"
    )
    with offline, pytest.raises(InvalidInput):
        move_out_certificate_send(
            municipality=midori, change_id=change_id, destination_lg_code="104493", actor=None
        )
    assert MoveOutCertificate.objects.count() == 0


class Offline(InDeploymentNetwork):
    """A network whose far end refuses every message."""

    def deliver_move_out_certificate(self, certificate: object) -> str:
        raise InvalidInput(code="test.offline", detail="接続できません。")


def test_key_rotation_reencrypts_pending_certificates(
    midori: Municipality, minakami: Municipality
) -> None:
    old = "old:" + base64.b64encode(b"o" * 32).decode()
    new = "new:" + base64.b64encode(b"n" * 32).decode()
    with override_settings(JICHITAI_ENCRYPTION_KEYS=old):
        move_out_certificate_send(
            municipality=midori,
            change_id=_move_out(midori, yamada_family(midori)),
            destination_lg_code="104493",
            actor=None,
        )
    with override_settings(JICHITAI_ENCRYPTION_KEYS=f"{new},{old}"):
        call_command("rotate-keys", stdout=io.StringIO())
        certificate = MoveOutCertificate.objects.get()
        assert certificate.persons[0]["my_number_cipher"].startswith("v1.new.")
    with override_settings(JICHITAI_ENCRYPTION_KEYS=new):
        residents_move_in_from_certificate(
            municipality=minakami,
            certificate_id=certificate.pk,
            address=MINAKAMI_ADDRESS,
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )
        hanako = Resident.objects.for_municipality(minakami).get(name="山田　花子")
        assert (
            my_number_decrypt(
                hanako.my_number_cipher, lg_code="104493", atena_number=hanako.atena_number
            )
            == "123456789018"
        )


def test_the_api_sends_lists_and_completes_a_move(
    midori: Municipality,
    minakami: Municipality,
    clerk_client: Client,
    outsider_client: Client,
) -> None:
    change_id = _move_out(midori, yamada_family(midori))
    send = f"/api/v1/102121/registry/changes/{change_id}/move-out-certificate"
    sent = clerk_client.post(
        send,
        {"destination_lg_code": "104493"},
        content_type="application/json",
        headers={"Idempotency-Key": "send-1"},
    )
    again = clerk_client.post(
        send,
        {"destination_lg_code": "104493"},
        content_type="application/json",
        headers={"Idempotency-Key": "send-1"},
    )
    assert sent.status_code == 200
    assert again.json() == sent.json()
    assert again["Idempotent-Replayed"] == "true"

    # みなかみ町's counter (the outsider persona works there) sees who is coming.
    listed = outsider_client.get("/api/v1/104493/registry/move-out-certificates").json()["items"]
    assert [p["name"] for p in listed[0]["persons"]] == ["山田　花子", "山田　翔太", "山田　美咲"]
    assert "my_number" not in str(listed)
    empty = clerk_client.get("/api/v1/102121/registry/move-out-certificates").json()
    assert empty == {"items": [], "count": 0}

    move_in = outsider_client.post(
        f"/api/v1/104493/registry/move-out-certificates/{listed[0]['id']}/move-in",
        {
            "effective_on": "2026-04-07",
            "notified_on": "2026-04-07",
            "address": {"address": MINAKAMI_ADDRESS.address},
        },
        content_type="application/json",
    )
    assert move_in.status_code == 201
    assert move_in.json()["change_type"] == "move_in"
    assert len(move_in.json()["resident_ids"]) == 3
    repeated = outsider_client.post(
        f"/api/v1/104493/registry/move-out-certificates/{listed[0]['id']}/move-in",
        {"effective_on": "2026-04-07", "address": {"address": MINAKAMI_ADDRESS.address}},
        content_type="application/json",
    )
    assert repeated.status_code == 409
    assert repeated.json()["code"] == "move_out_certificate.completed"


def test_the_api_refuses_a_wrong_destination_with_a_field_error(
    midori: Municipality, minakami: Municipality, clerk_client: Client
) -> None:
    change_id = _move_out(midori, yamada_family(midori))
    refused = clerk_client.post(
        f"/api/v1/102121/registry/changes/{change_id}/move-out-certificate",
        {"destination_lg_code": "104490"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "registry.destination_invalid"
    assert refused.json()["errors"][0]["field"] == "/destination_lg_code"


def test_the_counter_sees_who_is_coming_and_records_the_move_in(
    midori: Municipality, minakami: Municipality, outsider_client: Client
) -> None:
    move_out_certificate_send(
        municipality=midori,
        change_id=_move_out(midori, yamada_family(midori)),
        destination_lg_code="104493",
        actor=None,
    )
    listed = outsider_client.get("/104493/registry/move-ins/")
    page = listed.content.decode()
    assert "群馬県みどり市" in page
    assert "山田　花子、山田　翔太、山田　美咲" in page
    certificate = MoveOutCertificate.objects.get()
    url = f"/104493/registry/move-ins/{certificate.pk}/"

    form = outsider_client.get(url)
    assert "群馬県利根郡みなかみ町後閑318番地" in form.content.decode()  # the address declared
    missing = outsider_client.post(url, {"effective_on": "2026-04-07", "address": ""})
    assert missing.status_code == 200
    assert "住所を入力してください" in missing.content.decode()

    done = outsider_client.post(
        url,
        {
            "effective_on": "2026-04-07",
            "notified_on": "2026-04-07",
            "address": MINAKAMI_ADDRESS.address,
            "confirmed": "on",
        },
    )
    assert done.status_code == 302
    assert Resident.objects.for_municipality(minakami).count() == 3
    assert (
        "転入待ちの転出証明書情報はありません"
        in outsider_client.get("/104493/registry/move-ins/").content.decode()
    )
