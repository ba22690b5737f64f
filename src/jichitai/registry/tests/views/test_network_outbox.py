"""The 住基ネット送信 page (doc/j1090.txt §7.1.1.1 送信エラーの表示・再送): the outbox with its
status, the 送信エラー with their codes, 再送 and 今すぐ送信; 宛名番号 only, audited."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from playwright.sync_api import Page, expect

from jichitai.audit.models import AuditRecord
from jichitai.conftest import PASSWORD, signed_in
from jichitai.identity.models import StaffUser
from jichitai.registry.models import (
    MoveOutCertificate,
    NetworkMessage,
    NetworkMessageKind,
    Resident,
    ResidentCertificateSerial,
    ResidentStatus,
)
from jichitai.registry.network import InDeploymentNetwork, NetworkSendFailed
from jichitai.registry.services import network_outbox_send, resident_name_change
from jichitai.registry.tests.test_network_outbox import RecordingNetwork
from jichitai.registry.tests.views.helpers import (
    dates,
    field_error,
    fresh,
    move_in_data,
    text,
    url,
)
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible
from jichitai.testing.client import ClientResponse

NETWORK = "jichitai.registry.tests.test_network_outbox"
DOWN = f"{NETWORK}.DownNetwork"
HERE = "jichitai.registry.tests.views.test_network_outbox"


def _failed(family: dict[str, Resident]) -> NetworkMessage:
    """The first message of the family made a 送信エラー by a CS that did not answer."""
    with override_settings(JICHITAI_RESIDENT_NETWORK=DOWN, JICHITAI_NETWORK_MAX_ATTEMPTS=1):
        network_outbox_send()
    return NetworkMessage.objects.get(status=NetworkMessage.Status.FAILED)


def test_the_page_lists_the_outbox_without_personal_data(
    supervisor_client: Client, family: dict[str, Resident]
) -> None:
    failed = _failed(family)
    response: ClientResponse = supervisor_client.get(url("network/"))
    page = text(response)
    assert response.status_code == 200
    assert "送信エラー" in page
    assert "cs.timeout" in page
    assert family["花子"].atena_number in page
    assert "山田" not in page
    assert f"電文 {failed.pk} を</span>再送" in page
    assert AuditRecord.objects.filter(action="registry.network_outbox_view").exists()

    only_failed = text(supervisor_client.get(url("network/?status=failed")))
    assert family["翔太"].atena_number not in only_failed
    assert supervisor_client.get(url("network/?status=%00x")).status_code == 200


def test_resend_puts_a_failed_message_back_and_send_delivers_it(
    supervisor_client: Client, family: dict[str, Resident]
) -> None:
    failed = _failed(family)
    response = supervisor_client.post(url("network/"), {"message_id": str(failed.pk)}, follow=True)
    assert "再送の待ち行列に戻しました" in text(response)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (NetworkMessage.Status.PENDING, 0)

    response = supervisor_client.post(url("network/"), {"action": "send"}, follow=True)
    assert "送信 3 件" in text(response)
    assert not NetworkMessage.objects.exclude(status=NetworkMessage.Status.SENT).exists()
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"registry.network_message_resend", "registry.network_outbox_send"} <= actions


def test_resend_refuses_what_is_not_a_send_error(
    supervisor_client: Client, family: dict[str, Resident]
) -> None:
    pending = NetworkMessage.objects.first()
    assert pending is not None
    response = supervisor_client.post(url("network/"), {"message_id": str(pending.pk)}, follow=True)
    assert "送信エラーになった電文だけを再送できます" in text(response)
    for bad in ("", "x", "9" * 40):
        response = supervisor_client.post(url("network/"), {"message_id": bad}, follow=True)
        assert response.status_code == 200
        assert "再送する電文を選んでください" in text(response)


def test_another_municipality_cannot_resend(
    outsider: StaffUser, family: dict[str, Resident]
) -> None:
    failed = _failed(family)
    client = signed_in(outsider)
    assert client.get(url("network/")).status_code == 404
    client.post("/104493/registry/network/", {"message_id": str(failed.pk)})
    failed.refresh_from_db()
    assert failed.status == NetworkMessage.Status.FAILED


@pytest.mark.browser
def test_the_outbox_page_as_a_clerk_sees_it(
    page: Page, clerk: StaffUser, family: dict[str, Resident]
) -> None:
    failed = _failed(family)
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto("/102121/registry/network/")
    expect(page.get_by_role("heading", name="住基ネット送信")).to_be_visible()
    assert_accessible(page, name="registry-network-outbox")
    page.get_by_role("button", name=re.compile(rf"電文 {failed.pk} を\s*再送")).click()
    expect(page.get_by_text("再送の待ち行列に戻しました")).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page, name="registry-network-outbox-320")


# ------------------------------------------------------- 特例転出 from the counter (§4.1.3.0.4)


def _special_move_out(client: Client, resident: Resident, destination: str) -> ClientResponse:
    return client.post(
        url(f"households/{resident.household_id}/move-out/"),
        {
            "members": [resident.pk],
            **dates(effective_on="R8.4.20"),
            "moving_to_address": "群馬県利根郡みなかみ町後閑318番地",
            "destination_lg_code": destination,
        },
        follow=True,
    )


def test_a_special_move_out_sends_the_certificate_with_the_move_out(
    clerk_client: Client, family: dict[str, Resident], minakami: Municipality
) -> None:
    response = _special_move_out(clerk_client, family["翔太"], minakami.lg_code)
    assert "転出証明書情報を転出先に送付しました" in text(response)
    [certificate] = MoveOutCertificate.objects.for_municipality(minakami)
    assert [p["name"] for p in certificate.persons] == ["山田　翔太"]


def test_a_special_move_out_to_a_town_not_served_here_queues_the_certificate(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    _special_move_out(clerk_client, family["翔太"], "131016")
    queued = NetworkMessage.objects.get(kind=NetworkMessageKind.MOVE_OUT_CERTIFICATE)
    assert queued.params["destination_lg_code"] == "131016"
    assert queued.status == NetworkMessage.Status.PENDING


def test_a_wrong_destination_code_records_no_move_out(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    response = _special_move_out(clerk_client, family["翔太"], "123456")
    assert "団体コードが正しくありません" in field_error(response, "id_destination_lg_code")
    assert fresh(family["翔太"]).status == ResidentStatus.ACTIVE
    assert not MoveOutCertificate.objects.exists()


# ------------------------------------------ 転入通知 of a 転入 typed in (第9条第1項, §7.1.1.1)


@override_settings(JICHITAI_RESIDENT_NETWORK=f"{NETWORK}.RecordingNetwork")
def test_a_typed_move_in_sends_its_notice_to_the_former_town(
    clerk_client: Client, midori: Municipality
) -> None:
    RecordingNetwork.sent.clear()
    clerk_client.post(url("move-in/?people=2"), move_in_data(former_lg_code="131016"), follow=True)
    ichiro = Resident.objects.get(name="鈴木　一郎")
    notice = NetworkMessage.objects.get(kind=NetworkMessageKind.MOVE_IN_NOTICE)
    assert notice.params == {"former_lg_code": "131016"}

    network_outbox_send()
    [sent] = [m for m in RecordingNetwork.sent if m.kind == "move_in_notice"]
    assert sent.payload["former_lg_code"] == "131016"
    assert ichiro.resident_code in sent.payload["resident_codes"]
    assert len(sent.payload["resident_codes"]) == 2


def test_a_wrong_former_town_code_records_no_move_in(
    clerk_client: Client, midori: Municipality
) -> None:
    response = clerk_client.post(url("move-in/?people=2"), move_in_data(former_lg_code="102121"))
    assert "転出元の団体コードが正しくありません" in field_error(response, "id_former_lg_code")
    assert not Resident.objects.filter(name="鈴木　一郎").exists()


# ------------------------------------------------------------ 符号の取得 (doc/j1140.txt §7.1.2.2)


def test_a_symbol_is_requested_from_the_record_and_its_sending_shown(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    """符号取得要求 queued from the record's page, once while it waits; the page then shows
    送信待ち, and after the sender the 受付番号; the outbox filters it by kind."""
    hanako = family["花子"]
    record = url(f"residents/{hanako.pk}/")
    assert "要求していません" in text(clerk_client.get(record))
    request_url = url(f"residents/{hanako.pk}/network/symbol/")
    response = clerk_client.post(request_url, follow=True)
    assert "符号取得要求を住基ネットへの送信待ちにしました" in text(response)
    assert "送信待ち" in text(response)
    clerk_client.post(request_url)
    requests = NetworkMessage.objects.filter(kind=NetworkMessageKind.SYMBOL_REQUEST)
    assert requests.count() == 1
    assert AuditRecord.objects.filter(action="registry.symbol_request").count() == 1
    assert clerk_client.get(request_url).status_code == 405

    with override_settings(JICHITAI_RESIDENT_NETWORK=f"{NETWORK}.RecordingNetwork"):
        RecordingNetwork.sent = []
        network_outbox_send()
    symbol = [m for m in RecordingNetwork.sent if m.kind == "symbol_request"]
    assert [m.payload for m in symbol] == [{"resident_code": hanako.resident_code}]
    receipt = requests.get().receipt
    assert receipt and receipt in text(clerk_client.get(record))

    listed = text(clerk_client.get(url("network/?kind=symbol_request")))
    assert "符号取得要求" in listed and hanako.atena_number in listed
    assert family["翔太"].atena_number not in listed
    assert clerk_client.get(url("network/?kind=%00")).status_code == 200


def test_a_symbol_request_that_fails_shows_its_error_on_the_record(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    with override_settings(JICHITAI_RESIDENT_NETWORK=f"{NETWORK}.RecordingNetwork"):
        network_outbox_send()  # the family's 本人確認情報 go first
    clerk_client.post(url(f"residents/{hanako.pk}/network/symbol/"))
    with override_settings(JICHITAI_RESIDENT_NETWORK=DOWN, JICHITAI_NETWORK_MAX_ATTEMPTS=1):
        network_outbox_send()
    page = text(clerk_client.get(url(f"residents/{hanako.pk}/")))
    assert "送信エラー" in page and "cs.timeout" in page


# ------------------------------------- 電子証明書のシリアル番号取得 (doc/j1160.txt §7.1.2.4)


class NoCertificateNetwork(InDeploymentNetwork):
    """A CS that answers that the card holds no 利用者証明用電子証明書, and is down otherwise."""

    def user_certificate_serial_obtain(self, *, lg_code: str, resident_code: str) -> str:
        raise NetworkSendFailed("card.no_certificate")

    def is_operating(self, *, lg_code: str) -> bool:
        return False


def test_the_certificate_serial_is_obtained_and_shown_on_the_record(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    record = url(f"residents/{hanako.pk}/")
    page = text(clerk_client.get(record))
    assert "取得していません" in page and "稼働中" in page
    response = clerk_client.post(
        url(f"residents/{hanako.pk}/network/certificate-serial/"), follow=True
    )
    page = text(response)
    assert "シリアル番号を取得しました" in page
    serial = ResidentCertificateSerial.objects.get(resident=hanako).serial
    assert len(serial) == 16 and serial in page
    assert AuditRecord.objects.filter(
        action="registry.certificate_serial_obtain", object_id=str(hanako.pk)
    ).exists()
    assert "稼働中" in text(clerk_client.get(url("network/")))

    with override_settings(JICHITAI_RESIDENT_NETWORK=f"{HERE}.NoCertificateNetwork"):
        response = clerk_client.post(
            url(f"residents/{hanako.pk}/network/certificate-serial/"), follow=True
        )
        page = text(response)
        assert "エラーコード card.no_certificate" in page
        assert "接続できません" in page
        # The serial obtained before stays, with the error of the last try beside it.
        assert serial in page and "取得エラー" in page
        assert "接続できません" in text(clerk_client.get(url("network/")))


# ------------------------------------------------------- 整合性確認 (doc/j1100.txt §7.1.1.2)


def test_the_consistency_check_lists_differing_items_by_atena_number(
    supervisor_client: Client, family: dict[str, Resident], midori: Municipality
) -> None:
    """The register against what the CS reports (the demo: what it was last sent): records
    with a message waiting are not compared; a difference names the 宛名番号 and the items."""
    before = text(supervisor_client.post(url("network/"), {"action": "consistency"}))
    assert "照合 0 人、送信待ちのため未照合 3 人、相違 0 人" in before
    network_outbox_send()
    page = text(supervisor_client.post(url("network/"), {"action": "consistency"}))
    assert "照合 3 人、送信待ちのため未照合 0 人、相違 0 人" in page

    # A change the CS never got (as if its message were lost): the record now differs.
    hanako = family["花子"]
    resident_name_change(
        municipality=midori,
        resident_id=hanako.pk,
        name="佐藤　花子",
        name_kana="サトウ　ハナコ",
        effective_on=dt.date(2026, 4, 7),
        notified_on=dt.date(2026, 4, 7),
        actor=None,
    )
    NetworkMessage.objects.filter(status=NetworkMessage.Status.PENDING).delete()
    page = text(supervisor_client.post(url("network/"), {"action": "consistency"}))
    assert "相違 1 人" in page
    assert re.search(rf"<td>{hanako.atena_number}</td><td>氏名、氏名の振り仮名</td>", page)
    assert "佐藤" not in page and "サトウ" not in page
    assert AuditRecord.objects.filter(action="registry.identity_consistency_check").count() == 3

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check-network-consistency", stdout=out)
    assert f"{hanako.atena_number}: 氏名、氏名の振り仮名" in out.getvalue()
    assert "佐藤" not in out.getvalue()
