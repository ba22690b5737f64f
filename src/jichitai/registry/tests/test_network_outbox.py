"""住基ネットへの自動送信 (doc/j1090.txt §7.1.1.1): every change of the 本人確認情報 queues one
message per resident; the sender hands them over in change order, retries with back-off, and
shows what it could not send; 住民票コード come from the network's 空きコード (doc/j870.txt
§4.3.1); moves to and from towns this deployment does not serve go the same way."""

from __future__ import annotations

import datetime as dt
import io
from typing import ClassVar

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.common.checkdigits import is_valid_resident_code, modulus11_check_digit
from jichitai.identity.models import StaffUser
from jichitai.registry.errors import (
    NetworkMessageNotFailed,
    NetworkMessageNotFound,
    ResidentCodeUnavailable,
)
from jichitai.registry.models import (
    ChangeType,
    MoveOutCertificate,
    NetworkMessage,
    NetworkMessageKind,
    Resident,
    ResidentCodeStock,
)
from jichitai.registry.network import (
    InDeploymentNetwork,
    MoveOutCertificateData,
    NetworkSendFailed,
    OutgoingMessage,
)
from jichitai.registry.services import (
    Address,
    household_head_change,
    move_out_certificate_receive,
    move_out_certificate_send,
    network_message_resend,
    network_outbox_send,
    resident_former_surname_change,
    resident_name_change,
    residents_move_in_from_certificate,
    residents_register,
    residents_remove,
)
from jichitai.registry.services.network import kana_for_network
from jichitai.registry.services.recording import resident_code_stock_low
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person, yamada_family
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 4, 7)
MY_NUMBER = "123456789018"
TOKYO_CHIYODA = "131016"  # a real 団体コード this deployment does not serve
CHIYODA_CODE = f"1234567890{modulus11_check_digit('1234567890')}"
HERE = "jichitai.registry.tests.test_network_outbox"


class RecordingNetwork(InDeploymentNetwork):
    """The demo network, remembering what it was handed."""

    sent: ClassVar[list[OutgoingMessage]] = []

    def send(self, message: OutgoingMessage) -> str:
        RecordingNetwork.sent.append(message)
        return super().send(message)


class DownNetwork(InDeploymentNetwork):
    """A CS that does not answer."""

    def send(self, message: OutgoingMessage) -> str:
        raise NetworkSendFailed("cs.timeout")

    def resident_codes_obtain(self, *, lg_code: str, count: int) -> tuple[str, ...]:
        raise NetworkSendFailed("cs.timeout")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    RecordingNetwork.sent = []


def _queue(midori: Municipality) -> list[NetworkMessage]:
    return list(NetworkMessage.objects.for_municipality(midori).order_by("pk"))


def test_every_identity_change_queues_one_message_per_resident(
    midori: Municipality, clerk: StaffUser
) -> None:
    family = yamada_family(midori, actor=clerk)
    assert [(m.kind, m.status, m.resident_id) for m in _queue(midori)] == [
        (NetworkMessageKind.IDENTITY_UPDATE, NetworkMessage.Status.PENDING, r.pk)
        for r in sorted(family.values(), key=lambda r: r.pk)
    ]
    # 世帯主変更 changes no item of the 本人確認情報 (第30条の6): nothing for the CS.
    residents_remove(
        municipality=midori,
        change_type=ChangeType.DEATH,
        resident_ids=[family["花子"].pk],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=clerk,
    )
    assert len(_queue(midori)) == 4
    household_head_change(
        municipality=midori,
        household_id=family["翔太"].household_id,
        new_head_id=family["翔太"].pk,
        relationships={family["美咲"].pk: "妹"},
        effective_on=TODAY,
        notified_on=TODAY,
        actor=clerk,
    )
    assert len(_queue(midori)) == 4
    resident_name_change(
        municipality=midori,
        resident_id=family["美咲"].pk,
        name="鈴木　美咲",
        name_kana="スズキ　ミサキ",
        effective_on=TODAY,
        notified_on=TODAY,
        actor=clerk,
    )
    last = _queue(midori)[-1]
    assert last.change is not None
    assert (last.resident_id, last.change.change_type) == (family["美咲"].pk, "name_change")
    # The outbox holds references only: no name, no 個人番号.
    stored = str(list(NetworkMessage.objects.values()))
    assert MY_NUMBER not in stored
    assert "山田" not in stored


@override_settings(JICHITAI_RESIDENT_NETWORK=f"{HERE}.RecordingNetwork")
def test_the_sender_hands_over_the_identity_data_in_change_order(
    midori: Municipality, minakami: Municipality
) -> None:
    family = yamada_family(midori)
    yamada_family(minakami)
    run = network_outbox_send()

    assert run.sent == 6
    assert {m.status for m in NetworkMessage.objects.all()} == {NetworkMessage.Status.SENT}
    assert all(m.receipt.startswith("DEMO-") for m in NetworkMessage.objects.all())
    midori_sent = [m for m in RecordingNetwork.sent if m.lg_code == midori.lg_code]
    assert [int(m.reference) for m in midori_sent] == [m.pk for m in _queue(midori)]
    hanako = midori_sent[0].payload
    assert hanako["resident_code"] == family["花子"].resident_code
    assert (hanako["name"], hanako["birth_date"], hanako["sex"]) == (
        "山田　花子",
        "1990-06-15",
        "2",
    )
    assert hanako["address"] == MIDORI_ADDRESS.address
    assert hanako["my_number"] == MY_NUMBER
    assert (hanako["change_type"], hanako["effective_on"]) == ("move_in", "2024-04-01")
    assert AuditRecord.objects.filter(action="registry.network_message_send").count() == 6
    assert network_outbox_send().sent == 0


@override_settings(JICHITAI_RESIDENT_NETWORK=f"{HERE}.RecordingNetwork")
def test_the_readings_go_to_the_cs_in_its_characters_with_their_flags(
    midori: Municipality, clerk: StaffUser
) -> None:
    """フリガナ (doc/j180.txt §1.1.18): kept in katakana with a 確認フラグ for 氏名, 旧氏 and
    通称, and sent 「住民基本台帳ネットワークの仕様に合わせて」: JIS X 0208 katakana only."""
    family = yamada_family(midori, actor=clerk)
    resident_former_surname_change(
        municipality=midori,
        resident_id=family["花子"].pk,
        former_surname="上田",
        former_surname_kana="ウエダ",
        effective_on=TODAY,
        notified_on=TODAY,
        actor=clerk,
    )
    resident_name_change(
        municipality=midori,
        resident_id=family["美咲"].pk,
        name="ヴァレリ　美咲",
        name_kana="ヷレリ ミサキ",
        name_kana_confirmed=False,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=clerk,
    )
    network_outbox_send()
    hanako, misaki = (m.payload for m in RecordingNetwork.sent[-2:])
    assert (hanako["former_surname"], hanako["former_surname_kana"]) == ("上田", "ウエダ")
    assert hanako["former_surname_kana_confirmed"] is True
    assert misaki["name_kana"] == "ヴァレリ\u3000ミサキ"
    assert misaki["name_kana_confirmed"] is False
    assert misaki["alias_kana_confirmed"] is False
    assert kana_for_network("ヸ ヹ ヺ") == "ヴィ\u3000ヴェ\u3000ヴォ"


@override_settings(
    JICHITAI_RESIDENT_NETWORK=f"{HERE}.DownNetwork",
    JICHITAI_NETWORK_MAX_ATTEMPTS=3,
    JICHITAI_NETWORK_RETRY_SECONDS=60,
)
def test_a_failure_is_retried_with_back_off_then_shown_and_resent(
    midori: Municipality, clerk: StaffUser
) -> None:
    ResidentCodeStock.objects.bulk_create(
        ResidentCodeStock(municipality=midori, code=code)
        for code in InDeploymentNetwork().resident_codes_obtain(lg_code="102121", count=5)
    )
    yamada_family(midori)
    now = timezone.now()

    first = network_outbox_send(now=now)
    head, *later = _queue(midori)
    assert (first.retrying, first.sent) == (1, 0)
    assert (head.attempts, head.last_error) == (1, "cs.timeout")
    assert head.next_attempt_at == now + dt.timedelta(seconds=60)
    # The later messages wait for the first: the CS gets the changes in their order.
    assert all(m.attempts == 0 for m in later)
    assert network_outbox_send(now=now + dt.timedelta(seconds=30)).held == 1
    network_outbox_send(now=now + dt.timedelta(seconds=61))
    head.refresh_from_db()
    assert head.next_attempt_at == now + dt.timedelta(seconds=61 + 120)
    last = network_outbox_send(now=now + dt.timedelta(seconds=200))
    head.refresh_from_db()
    assert (last.failed, head.status, head.attempts) == (1, NetworkMessage.Status.FAILED, 3)
    assert network_outbox_send(now=now + dt.timedelta(days=1)).held == 1

    with override_settings(JICHITAI_RESIDENT_NETWORK=f"{HERE}.RecordingNetwork"):
        network_message_resend(municipality=midori, message_id=head.pk, actor=clerk)
        assert network_outbox_send().sent == 3
    assert AuditRecord.objects.filter(action="registry.network_message_resend").exists()


def test_a_message_already_sent_is_never_resent_by_hand(
    midori: Municipality, minakami: Municipality, clerk: StaffUser
) -> None:
    """doc/j670.txt §4.1.3.0.4 【実装しない機能】: no manual resend of what was sent."""
    yamada_family(midori)
    network_outbox_send()
    sent = _queue(midori)[0]
    with pytest.raises(NetworkMessageNotFailed):
        network_message_resend(municipality=midori, message_id=sent.pk, actor=clerk)
    with pytest.raises(NetworkMessageNotFound):
        network_message_resend(municipality=minakami, message_id=sent.pk, actor=clerk)


@override_settings(JICHITAI_RESIDENT_NETWORK=f"{HERE}.RecordingNetwork")
def test_a_move_out_to_a_town_not_served_here_goes_through_the_network(
    midori: Municipality,
) -> None:
    family = yamada_family(midori)
    move_out = residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[r.pk for r in family.values()],
        effective_on=dt.date(2026, 4, 20),
        notified_on=TODAY,
        actor=None,
        moving_to_address="東京都千代田区千代田1番1号",
    )
    first = move_out_certificate_send(
        municipality=midori, change_id=move_out.pk, destination_lg_code=TOKYO_CHIYODA, actor=None
    )
    again = move_out_certificate_send(
        municipality=midori, change_id=move_out.pk, destination_lg_code=TOKYO_CHIYODA, actor=None
    )
    [queued] = NetworkMessage.objects.filter(kind=NetworkMessageKind.MOVE_OUT_CERTIFICATE)
    assert first == again == f"outbox:{queued.pk}"
    assert MoveOutCertificate.objects.count() == 0

    network_outbox_send()
    [certificate] = [m for m in RecordingNetwork.sent if m.kind == "move_out_certificate"]
    payload = certificate.payload
    assert payload["destination_lg_code"] == TOKYO_CHIYODA
    assert payload["planned_on"] == "2026-04-20"
    assert [p["name"] for p in payload["persons"]] == ["山田　花子", "山田　翔太", "山田　美咲"]
    assert payload["persons"][0]["my_number"] == MY_NUMBER
    queued.refresh_from_db()
    assert queued.status == NetworkMessage.Status.SENT
    assert MY_NUMBER not in str(queued.params)


@override_settings(JICHITAI_RESIDENT_NETWORK=f"{HERE}.RecordingNetwork")
def test_a_move_in_from_a_town_not_served_here_sends_its_notice_through_the_network(
    minakami: Municipality,
) -> None:
    """住民基本台帳法 第9条第1項: the 転入通知 reaches the former town over 住基ネット."""
    received = move_out_certificate_receive(
        certificate=MoveOutCertificateData(
            source_lg_code=TOKYO_CHIYODA,
            source_name="東京都千代田区",
            source_reference="A-77",
            destination_lg_code=minakami.lg_code,
            previous_address="東京都千代田区千代田1番1号",
            moving_to_address="群馬県利根郡みなかみ町後閑318番地",
            planned_on=dt.date(2026, 4, 1),
            persons=(
                person(
                    "佐藤　一郎",
                    "サトウ　イチロウ",
                    dt.date(1980, 1, 2),
                    "1",
                    "世帯主",
                    resident_code=CHIYODA_CODE,
                ),
            ),
        )
    )
    change = residents_move_in_from_certificate(
        municipality=minakami,
        certificate_id=received.pk,
        address=Address(address="群馬県利根郡みなかみ町後閑318番地"),
        effective_on=dt.date(2026, 4, 5),
        notified_on=TODAY,
        actor=None,
    )
    [notice] = NetworkMessage.objects.filter(kind=NetworkMessageKind.MOVE_IN_NOTICE)
    assert notice.change_id == change.pk

    network_outbox_send()
    [sent] = [m for m in RecordingNetwork.sent if m.kind == "move_in_notice"]
    assert sent.payload["former_lg_code"] == TOKYO_CHIYODA
    assert sent.payload["source_reference"] == "A-77"
    assert sent.payload["moved_in_on"] == "2026-04-05"
    assert sent.payload["resident_codes"] == [CHIYODA_CODE]


@override_settings(JICHITAI_RESIDENT_CODE_BATCH=5, JICHITAI_RESIDENT_CODE_STOCK_ALERT=3)
def test_new_records_take_random_codes_from_the_stock_obtained_from_the_network(
    midori: Municipality,
) -> None:
    """doc/j870.txt §4.3.1: 空きコード obtained from the CS and stocked, given at random, an
    alert when fewer than the set number are left."""
    family = yamada_family(midori)
    codes = {r.resident_code for r in family.values()}
    assert all(is_valid_resident_code(code) for code in codes)
    stock = set(ResidentCodeStock.objects.values_list("code", flat=True))
    assert len(stock) == 2
    assert not codes & stock
    assert resident_code_stock_low(municipality=midori) == 2


@override_settings(JICHITAI_RESIDENT_NETWORK=f"{HERE}.DownNetwork")
def test_no_code_from_the_network_records_nothing(midori: Municipality) -> None:
    with pytest.raises(ResidentCodeUnavailable):
        residents_register(
            municipality=midori,
            change_type=ChangeType.BIRTH,
            people=[person("山田　一郎", "ヤマダ　イチロウ", TODAY, "1", "世帯主")],
            address=MIDORI_ADDRESS,
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )
    assert Resident.objects.count() == 0


@override_settings(JICHITAI_RESIDENT_NETWORK=f"{HERE}.RecordingNetwork")
def test_the_command_sends_the_outbox(midori: Municipality) -> None:
    yamada_family(midori)
    out = io.StringIO()
    call_command("send-network-outbox", stdout=out)
    assert out.getvalue().strip() == "sent 3, retrying 0, failed 0, held 0"
