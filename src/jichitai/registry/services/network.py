"""CSへの自動送信 (doc/j1090.txt §7.1.1.1): the sender of the outbox, 再送 of what failed, and the
電文 built from the register at send time.

Changes put their messages into `NetworkMessage` in their own transaction (recording
.identity_updates_enqueue, moves_between_municipalities); `network_outbox_send` (the command
`jichitai send-network-outbox`, or the button on the staff page) hands them to
`registry.network` oldest first per municipality: 「異動の時系列は担保されること」, so a message
that has not gone yet holds back every later one of its municipality. A failure is retried
with exponential back-off; after JICHITAI_NETWORK_MAX_ATTEMPTS it becomes a 送信エラー that
staff see and send again (`network_message_resend`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.audit.services import audit_record
from jichitai.identity.models import StaffUser
from jichitai.registry.crypto import my_number_decrypt
from jichitai.registry.errors import NetworkMessageNotFailed, NetworkMessageNotFound
from jichitai.registry.models import (
    Change,
    ChangeType,
    MoveOutCertificate,
    NetworkMessage,
    NetworkMessageKind,
    Resident,
    ResidentCertificateSerial,
)
from jichitai.registry.network import NetworkSendFailed, OutgoingMessage, resident_network
from jichitai.registry.services.moves_between_municipalities import (
    move_in_notice_compose,
    move_in_notice_typed_compose,
    move_out_certificate_compose,
)
from jichitai.registry.services.recording import REGISTRY_PURPOSE, living_check, residents_lock
from jichitai.tenants.models import Municipality

logger = logging.getLogger(__name__)

# The longest wait between two tries: a CS down for a day is retried every few hours.
MAX_BACKOFF = dt.timedelta(hours=6)


@dataclasses.dataclass
class OutboxRun:
    """What one run of the sender did: messages sent, failures that will be retried, messages
    that became 送信エラー, and municipalities whose queue waits (a retry not yet due or a
    送信エラー ahead of later messages)."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    held: int = 0


def _jsonable(value: dict[str, Any]) -> dict[str, Any]:
    """The message as JSON would carry it: dates as ISO text."""
    carried: dict[str, Any] = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return carried


# フリガナ as the 住基ネット carries it (doc/j180.txt §1.1.18: 「CSへの送信の際は住民基本台帳
# ネットワークの仕様に合わせて送信できること」): the network's characters are those of JIS X 0208,
# where the katakana row ends at ヶ. The register keeps any full-width katakana (ヷ ヸ ヹ ヺ too),
# so those four are spelt with ヴ and a small vowel, and spaces become one full-width space.
_NETWORK_KANA = str.maketrans({"ヷ": "ヴァ", "ヸ": "ヴィ", "ヹ": "ヴェ", "ヺ": "ヴォ"})


def kana_for_network(reading: str) -> str:
    """A stored フリガナ in the form the CS takes (JIS X 0208 full-width katakana)."""
    return "\u3000".join(reading.translate(_NETWORK_KANA).split())


def _kana_items(snapshot: dict[str, Any]) -> dict[str, Any]:
    """氏名・旧氏・通称 with their フリガナ converted for the CS and their 確認フラグ."""
    items: dict[str, Any] = {}
    for written, reading in (
        ("name", "name_kana"),
        ("former_surname", "former_surname_kana"),
        ("alias", "alias_kana"),
    ):
        if written != "name":
            items[written] = snapshot.get(written, "")
        items[reading] = kana_for_network(str(snapshot.get(reading) or ""))
        items[f"{reading}_confirmed"] = bool(snapshot.get(f"{reading}_confirmed", False))
    return items


def _identity_payload(message: NetworkMessage, change: Change) -> dict[str, Any]:
    """本人確認情報 (住民基本台帳法 第30条の6) as the history row of the change recorded it."""
    if message.history is None:  # written with its history row; never expected
        raise NetworkSendFailed("payload.no_history")
    return {
        "change_type": change.change_type,
        "change_type_name": str(ChangeType(change.change_type).label),
        "effective_on": change.effective_on.isoformat(),
        **identity_items(message.history.snapshot, lg_code=message.municipality_id),
    }


def identity_items(snapshot: dict[str, Any], *, lg_code: str) -> dict[str, Any]:
    """The items of the 本人確認情報 in a history snapshot, as the CS holds them."""
    cipher = snapshot.get("my_number_cipher", "")
    return {
        "resident_code": snapshot["resident_code"],
        "name": snapshot["name"],
        **_kana_items(snapshot),
        "birth_date": snapshot["birth_date"],
        "sex": snapshot["sex"],
        "address": snapshot["address"],
        "address_extra": snapshot.get("address_extra", ""),
        "my_number": my_number_decrypt(
            cipher, lg_code=lg_code, atena_number=snapshot["atena_number"]
        )
        if cipher
        else "",
        "removed": snapshot.get("status") == "closed",
        "removed_on": snapshot.get("removed_on"),
    }


def _symbol_payload(message: NetworkMessage) -> dict[str, Any]:
    """符号取得要求 (doc/j1140.txt §7.1.2.2): the person by 住民票コード; 住基ネット hands the
    符号 to the 中間サーバー, not back to the register."""
    if message.resident is None:  # written with its resident; never expected
        raise NetworkSendFailed("payload.no_resident")
    return {"resident_code": message.resident.resident_code}


def network_message_payload(message: NetworkMessage) -> dict[str, Any]:
    """The 電文 of one outbox message, built now from the register (it may hold the 個人番号:
    it is handed to the network and never stored)."""
    municipality = message.municipality
    if message.kind == NetworkMessageKind.SYMBOL_REQUEST:
        return _symbol_payload(message)
    if message.change is None:  # every other kind is written with its change
        raise NetworkSendFailed("payload.no_change")
    change = message.change
    if message.kind == NetworkMessageKind.IDENTITY_UPDATE:
        return _identity_payload(message, change)
    if message.kind == NetworkMessageKind.MOVE_OUT_CERTIFICATE:
        certificate = move_out_certificate_compose(
            municipality=municipality,
            change=change,
            destination_lg_code=message.params["destination_lg_code"],
            reservation_reference=message.params.get("reservation_reference", ""),
        )
        # The real 住基ネット carries nothing of this deployment's own apps.
        return _jsonable({**dataclasses.asdict(certificate), "carried": {}})
    if "certificate_id" not in message.params:
        typed = move_in_notice_typed_compose(
            municipality=municipality,
            change=change,
            former_lg_code=message.params["former_lg_code"],
        )
        return _jsonable(dataclasses.asdict(typed))
    record = MoveOutCertificate.objects.for_municipality(municipality).get(
        pk=message.params["certificate_id"]
    )
    notice = move_in_notice_compose(municipality=municipality, record=record, change=change)
    return _jsonable(dataclasses.asdict(notice))


def _backoff(attempts: int) -> dt.timedelta:
    first: int = settings.JICHITAI_NETWORK_RETRY_SECONDS
    return min(dt.timedelta(seconds=first * 2 ** (attempts - 1)), MAX_BACKOFF)


def _attempt(message: NetworkMessage, *, now: dt.datetime, run: OutboxRun) -> bool:
    """One try at one message; True when the network took it."""
    try:
        # A savepoint: a payload that cannot be built must not break the sender's transaction.
        with transaction.atomic():
            payload = network_message_payload(message)
        receipt = resident_network().send(
            OutgoingMessage(
                kind=message.kind,
                lg_code=message.municipality_id,
                reference=str(message.pk),
                payload=payload,
            )
        )
    except NetworkSendFailed as failure:
        code = failure.code
    except Exception as error:
        # The type only: an exception's text may quote personal data.
        logger.warning("network message %s: %s", message.pk, type(error).__name__)
        code = "unexpected"
    else:
        message.status = NetworkMessage.Status.SENT
        message.receipt = receipt[:64]
        message.sent_at = now
        message.last_error = ""
        message.attempts += 1
        message.save(update_fields=["status", "receipt", "sent_at", "last_error", "attempts"])
        audit_record(
            actor=None,
            action="registry.network_message_send",
            municipality_code=message.municipality_id,
            object_type="registry.NetworkMessage",
            object_id=message.pk,
            purpose=REGISTRY_PURPOSE,
        )
        run.sent += 1
        return True
    message.attempts += 1
    message.last_error = code[:40]
    if message.attempts >= settings.JICHITAI_NETWORK_MAX_ATTEMPTS:
        message.status = NetworkMessage.Status.FAILED
        run.failed += 1
    else:
        message.next_attempt_at = now + _backoff(message.attempts)
        run.retrying += 1
    message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    return False


def _send_for(lg_code: str, *, now: dt.datetime, run: OutboxRun, limit: int) -> None:
    while run.sent + run.retrying + run.failed < limit:
        # The lock on the oldest unsent message is held while it is sent: two senders running
        # at once take turns per municipality, so the order of the changes holds.
        with transaction.atomic():
            message = (
                NetworkMessage.objects.for_municipality(lg_code)
                .select_for_update(of=("self",))
                .exclude(status=NetworkMessage.Status.SENT)
                .select_related("municipality", "change", "history", "resident")
                .order_by("pk")
                .first()
            )
            if message is None:
                return
            if message.status == NetworkMessage.Status.FAILED or message.next_attempt_at > now:
                run.held += 1
                return
            if not _attempt(message, now=now, run=run):
                return


def network_outbox_send(
    *, municipality: Municipality | None = None, limit: int = 1000, now: dt.datetime | None = None
) -> OutboxRun:
    """送信 (doc/j1090.txt §7.1.1.1): the due messages of the outbox handed to 住基ネット, each
    municipality's oldest first, at most `limit` tries in all. Returns what was done."""
    now = now or timezone.now()
    pending = NetworkMessage.objects.exclude(status=NetworkMessage.Status.SENT)
    if municipality is not None:
        pending = pending.filter(municipality=municipality)
    run = OutboxRun()
    lg_codes = sorted(set(pending.values_list("municipality_id", flat=True)))
    for lg_code in lg_codes:
        _send_for(lg_code, now=now, run=run, limit=limit)
    return run


@transaction.atomic
def network_message_resend(
    *, municipality: Municipality, message_id: int, actor: StaffUser
) -> NetworkMessage:
    """再送 (doc/j1090.txt §7.1.1.1) of a message the sender gave up on: it goes back to the
    queue, due at once, with its tries counted afresh. A message already sent is never sent
    again by hand (doc/j670.txt §4.1.3.0.4 【実装しない機能】).
    Raises NetworkMessageNotFound, NetworkMessageNotFailed."""
    message = (
        NetworkMessage.objects.for_municipality(municipality)
        .select_for_update()
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        raise NetworkMessageNotFound
    if message.status != NetworkMessage.Status.FAILED:
        raise NetworkMessageNotFailed
    message.status = NetworkMessage.Status.PENDING
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit_record(
        actor=actor,
        action="registry.network_message_resend",
        municipality_code=municipality.lg_code,
        object_type="registry.NetworkMessage",
        object_id=message.pk,
        purpose=REGISTRY_PURPOSE,
    )
    return message


@transaction.atomic
def resident_symbol_request(
    *, municipality: Municipality, resident_id: int, actor: StaffUser
) -> NetworkMessage:
    """符号の取得要求 (doc/j1140.txt §7.1.2.2 「住基ネット回線経由で符号の取得要求ができる
    こと。住民記録システムからCSに、符号の要求を正常に送信できているかを確認できること」):
    one 符号取得要求 for a living record goes into the outbox, sent in order with the other
    messages; its status (送信待ち, 送信済み with the CS's 受付番号, 送信エラー with its code)
    shows on the record's page and on the 住基ネット送信 page. A request still waiting is not
    queued twice. Raises ResidentNotFound, RuleViolation (a 除票)."""
    (resident,) = residents_lock(municipality=municipality, resident_ids=[resident_id])
    living_check([resident])
    waiting = (
        NetworkMessage.objects.for_municipality(municipality)
        .filter(resident=resident, kind=NetworkMessageKind.SYMBOL_REQUEST)
        .exclude(status=NetworkMessage.Status.SENT)
        .first()
    )
    if waiting is not None:
        return waiting
    message = NetworkMessage.objects.create(
        municipality=municipality,
        kind=NetworkMessageKind.SYMBOL_REQUEST,
        resident=resident,
        next_attempt_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="registry.symbol_request",
        municipality_code=municipality.lg_code,
        object_type="registry.Resident",
        object_id=resident.pk,
        purpose=REGISTRY_PURPOSE,
    )
    return message


def resident_certificate_serial_obtain(
    *, municipality: Municipality, resident_id: int, actor: StaffUser
) -> ResidentCertificateSerial:
    """電子証明書のシリアル番号取得 (doc/j1160.txt §7.1.2.4 「住基ネット回線経由で個人番号
    カードのICチップに格納されている利用者証明用電子証明書のシリアル番号の取得ができること」):
    asked of 住基ネット for a living record and kept with it; when the network refuses, its
    error code is kept instead (the serial obtained before stays) and shown on the record's
    page. Raises ResidentNotFound, RuleViolation (a 除票)."""
    with transaction.atomic():
        (resident,) = residents_lock(municipality=municipality, resident_ids=[resident_id])
        living_check([resident])
    now = timezone.now()
    row, _ = ResidentCertificateSerial.objects.get_or_create(
        municipality=municipality, resident=resident, defaults={"attempted_at": now}
    )
    row.attempted_at = now
    try:
        serial = resident_network().user_certificate_serial_obtain(
            lg_code=municipality.lg_code, resident_code=resident.resident_code
        )
    except NetworkSendFailed as failure:
        row.last_error = failure.code
    else:
        row.serial, row.obtained_at, row.last_error = serial[:64], now, ""
    row.save()
    audit_record(
        actor=actor,
        action="registry.certificate_serial_obtain",
        municipality_code=municipality.lg_code,
        object_type="registry.Resident",
        object_id=resident.pk,
        purpose=REGISTRY_PURPOSE,
        result=AuditRecord.Result.FAILED if row.last_error else AuditRecord.Result.SUCCESS,
    )
    return row


def network_operating(*, municipality: Municipality) -> bool:
    """住基ネットの稼働状況 (doc/j1160.txt §7.1.2.4): whether the CS answers now."""
    try:
        return resident_network().is_operating(lg_code=municipality.lg_code)
    except Exception as error:
        logger.warning("network status: %s", type(error).__name__)
        return False


# 本人確認情報の項目名, for the differences of 整合性確認 (item names only, never values).
IDENTITY_ITEM_NAMES = {
    "resident_code": "住民票コード",
    "name": "氏名",
    "name_kana": "氏名の振り仮名",
    "alias": "通称",
    "birth_date": "生年月日",
    "sex": "性別",
    "address": "住所",
    "address_extra": "方書",
    "my_number": "個人番号",
    "removed": "消除",
    "removed_on": "消除日",
}


@dataclasses.dataclass(frozen=True)
class IdentityDifference:
    """One record whose 本人確認情報 differ from the CS's: its 宛名番号 and the item names."""

    atena_number: str
    items: tuple[str, ...]


@dataclasses.dataclass
class ConsistencyRun:
    checked: int = 0
    waiting: int = 0
    differences: list[IdentityDifference] = dataclasses.field(default_factory=list)
    error: str = ""


def identity_consistency_check(
    *, municipality: Municipality, actor: StaffUser | None
) -> ConsistencyRun:
    """整合性確認 (doc/j1100.txt §7.1.1.2 「CS側の本人確認情報との整合性を、定期的に確認できる
    こと」): each record's 本人確認情報 as this register last recorded it, against what 住基ネット
    reports (`ResidentNetwork.identity_read`). Records with a message still waiting in the
    outbox are counted, not compared. A difference names the 宛名番号 and the items only.
    The command `jichitai check-network-consistency` runs it (cron), staff from the 住基ネット
    送信 page."""
    run = ConsistencyRun()
    waiting_ids = set(
        NetworkMessage.objects.for_municipality(municipality)
        .filter(kind=NetworkMessageKind.IDENTITY_UPDATE)
        .exclude(status=NetworkMessage.Status.SENT)
        .values_list("resident_id", flat=True)
    )
    network = resident_network()
    residents = Resident.objects.for_municipality(municipality).order_by("pk")
    for resident in residents.iterator():
        if resident.pk in waiting_ids:
            run.waiting += 1
            continue
        latest = resident.history.order_by("-history_number").first()
        if latest is None:
            continue
        ours = identity_items(latest.snapshot, lg_code=municipality.lg_code)
        try:
            theirs = network.identity_read(
                lg_code=municipality.lg_code, resident_code=resident.resident_code
            )
        except NetworkSendFailed as failure:
            run.error = failure.code
            break
        run.checked += 1
        if theirs is None:
            run.differences.append(IdentityDifference(resident.atena_number, ("本人確認情報なし",)))
            continue
        items = tuple(
            IDENTITY_ITEM_NAMES[key] for key in IDENTITY_ITEM_NAMES if ours[key] != theirs.get(key)
        )
        if items:
            run.differences.append(IdentityDifference(resident.atena_number, items))
    audit_record(
        actor=actor,
        action="registry.identity_consistency_check",
        municipality_code=municipality.lg_code,
        purpose=REGISTRY_PURPOSE,
        detail={
            "checked": run.checked,
            "waiting": run.waiting,
            "differences": len(run.differences),
            "failed": bool(run.error),
        },
    )
    return run
