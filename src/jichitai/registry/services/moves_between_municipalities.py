"""Moves between municipalities (not the 転居 within one: services.households): the 転出証明書情報
sent after a 国内転出 and the 転入 recorded from it (住民基本台帳法 第24条の2 転入届の特例,
施行令 第23条・第24条).

The former municipality sends (`move_out_certificate_send`), `registry.network` carries the
message, the new municipality keeps it pending (`move_out_certificate_receive`) until its
counter records the 転入 (`residents_move_in_from_certificate`): nobody types the people again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.checkdigits import is_valid_lg_code
from jichitai.common.exceptions import InvalidInput, RuleViolation, json_pointer
from jichitai.common.postal import postal_code_for_address
from jichitai.common.wareki import to_wareki
from jichitai.identity.models import StaffUser
from jichitai.registry.crypto import (
    move_out_my_number_decrypt,
    move_out_my_number_encrypt,
    my_number_decrypt,
)
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.errors import (
    ChangeNotFound,
    DestinationNotConnected,
    MoveOutCertificateCompleted,
    MoveOutCertificateNotFound,
    MoveOutNoLongerRecorded,
    move_in_overlaps,
)
from jichitai.registry.inputs import ENTRY_ANSWERS, PersonData
from jichitai.registry.models import (
    Change,
    ChangeType,
    MoveOutCertificate,
    NetworkMessage,
    NetworkMessageKind,
    Resident,
    ResidentHistory,
    ResidentStatus,
)
from jichitai.registry.network import MoveInNotice, MoveOutCertificateData, resident_network
from jichitai.registry.services.entries import Address, residents_register
from jichitai.registry.services.recording import (
    MAX_PLANNED_MOVE_OUT_DAYS,
    NOTIFIED,
    REGISTRY_PURPOSE,
    ChangeCircumstances,
    change_audit,
    change_open,
    history_write,
    residents_lock,
)
from jichitai.registry.services.removals import planned_records_close
from jichitai.registry.services.support_measures import CARRIED_KEY as SUPPORT_CARRIED_KEY
from jichitai.registry.services.support_measures import (
    support_measures_carried,
    support_measures_take_over,
)
from jichitai.registry.signals import (
    move_in_recorded,
    move_out_certificate_composing,
    move_out_certificate_received,
)
from jichitai.tenants.models import Municipality

_PERSON_DATES = ("birth_date", "stay_expires_on")


def _person_of(resident: Resident) -> PersonData:
    """施行令 第23条 items of one leaving resident, as the entry service takes them."""
    values = {
        field.name: getattr(resident, field.name)
        for field in dataclasses.fields(PersonData)
        if field.name != "my_number" and field.name not in ENTRY_ANSWERS
    }
    my_number = (
        my_number_decrypt(
            resident.my_number_cipher,
            lg_code=resident.municipality_id,
            atena_number=resident.atena_number,
        )
        if resident.my_number_cipher
        else ""
    )
    return PersonData(**values, my_number=my_number)


@transaction.atomic
def move_out_certificate_send(
    *,
    municipality: Municipality,
    change_id: int,
    destination_lg_code: str,
    actor: StaffUser | None,
    reservation_reference: str = "",
) -> str:
    """転出証明書情報の送付: after a 国内転出 recorded here, hand its people to the municipality
    they move to, with the 受付番号 of the 転入予約 filed there (引越しワンストップ), if any.
    Returns the receipt (the certificate's id there), or `outbox:<id>` when the destination
    is reached only through 住基ネット and the message waits in the outbox. Sending the same
    転出 again returns the first receipt. Raises ChangeNotFound, InvalidInput (destination)."""
    change = (
        Change.objects.for_municipality(municipality)
        .filter(pk=change_id, change_type=ChangeType.MOVE_OUT)
        .first()
    )
    leaving = _still_leaving(municipality, change)
    if change is None or not leaving:
        raise ChangeNotFound
    if not is_valid_lg_code(destination_lg_code) or destination_lg_code == municipality.lg_code:
        raise RuleViolation.for_field(
            "/destination_lg_code",
            RegistryErrorCode.DESTINATION_INVALID,
            "転出先の団体コードが正しくありません（6桁、検査数字を含む。転出元と異なる団体）。",
        )
    network = resident_network()
    if not network.delivers_directly(destination_lg_code):
        return _move_out_certificate_enqueue(
            municipality=municipality,
            change=change,
            destination_lg_code=destination_lg_code,
            reservation_reference=reservation_reference,
            actor=actor,
        )
    certificate = move_out_certificate_compose(
        municipality=municipality,
        change=change,
        destination_lg_code=destination_lg_code,
        reservation_reference=reservation_reference,
    )
    receipt = network.deliver_move_out_certificate(certificate)
    audit_record(
        actor=actor,
        action="registry.move_out_certificate_send",
        municipality_code=municipality.lg_code,
        object_type="registry.Change",
        object_id=change.pk,
        purpose=REGISTRY_PURPOSE,
        detail={"residents": len(certificate.persons)},
    )
    return receipt


def move_out_certificate_compose(
    *,
    municipality: Municipality,
    change: Change,
    destination_lg_code: str,
    reservation_reference: str,
) -> MoveOutCertificateData:
    """転出証明書情報 (施行令 第23条) of one 転出, as it stands now: built when it is sent, so
    the outbox keeps no personal data."""
    leaving = _still_leaving(municipality, change)
    return MoveOutCertificateData(
        source_lg_code=municipality.lg_code,
        source_name=municipality.full_name,
        source_reference=str(change.pk),
        destination_lg_code=destination_lg_code,
        previous_address=leaving[0].address,
        moving_to_address=leaving[0].moving_to_address,
        planned_on=change.effective_on,
        persons=tuple(_person_of(r) for r in leaving),
        reservation_reference=reservation_reference,
        carried=_carried_with(municipality, destination_lg_code, leaving, on=change.effective_on),
    )


def _move_out_certificate_enqueue(
    *,
    municipality: Municipality,
    change: Change,
    destination_lg_code: str,
    reservation_reference: str,
    actor: StaffUser | None,
) -> str:
    """A destination this deployment does not reach: the 転出証明書情報 goes to the CS through
    the outbox (doc/j670.txt §4.1.3.0.4: 転出証明書情報をCSへ自動送信). Sending the same
    転出 again returns the message already queued: it is never sent twice."""
    queued = NetworkMessage.objects.for_municipality(municipality).filter(
        kind=NetworkMessageKind.MOVE_OUT_CERTIFICATE, change=change
    )
    message = queued.first() or NetworkMessage.objects.create(
        municipality=municipality,
        kind=NetworkMessageKind.MOVE_OUT_CERTIFICATE,
        change=change,
        params={
            "destination_lg_code": destination_lg_code,
            "reservation_reference": reservation_reference,
        },
        next_attempt_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="registry.move_out_certificate_enqueue",
        municipality_code=municipality.lg_code,
        object_type="registry.NetworkMessage",
        object_id=message.pk,
        purpose=REGISTRY_PURPOSE,
        detail={"change": change.pk},
    )
    return f"outbox:{message.pk}"


def _still_leaving(municipality: Municipality, change: Change | None) -> list[Resident]:
    """The people of a 転出 whose part of it was not cancelled (a cancellation may take only
    some of them back, doc/j980.txt §4.6.0.1)."""
    if change is None:
        return []
    return list(
        Resident.objects.for_municipality(municipality)
        .filter(history__change=change)
        .exclude(history__change__cancels=change)
        .order_by("household_order", "pk")
    )


def _carried_with(
    municipality: Municipality, destination_lg_code: str, leaving: list[Resident], *, on: dt.date
) -> dict[str, Any]:
    """What the apps of this deployment hand over with the move (registry.signals), and the
    registry's own: the 支援措置 of the people leaving (DESIGN.md 支援措置: every exchange)."""
    carried: dict[str, Any] = {}
    support = support_measures_carried(municipality=municipality, leaving=leaving, on=on)
    if support:
        carried[SUPPORT_CARRIED_KEY] = support
    for _receiver, extra in move_out_certificate_composing.send(
        sender=MoveOutCertificate,
        municipality_code=municipality.lg_code,
        destination_lg_code=destination_lg_code,
        residents=leaving,
    ):
        if isinstance(extra, dict):
            carried.update(extra)
    return carried


def _stored_person(person: PersonData, *, lg_code: str, certificate_id: str, position: int) -> dict:
    values: dict[str, Any] = dataclasses.asdict(person)
    for name in _PERSON_DATES:
        if values[name] is not None:
            values[name] = values[name].isoformat()
    my_number = values.pop("my_number")
    values["my_number_cipher"] = (
        move_out_my_number_encrypt(
            my_number, lg_code=lg_code, certificate_id=certificate_id, position=position
        )
        if my_number
        else ""
    )
    return values


@transaction.atomic
def move_out_certificate_receive(*, certificate: MoveOutCertificateData) -> MoveOutCertificate:
    """転出証明書情報の受信 by the destination, which keeps it pending until the 転入. The same
    move delivered again returns the certificate already received."""
    destination = Municipality.objects.filter(
        lg_code=certificate.destination_lg_code, is_served=True
    ).first()
    if destination is None:
        raise DestinationNotConnected
    existing = MoveOutCertificate.objects.for_municipality(destination).filter(
        source_lg_code=certificate.source_lg_code,
        source_reference=certificate.source_reference,
    )
    if received := existing.first():
        return received
    record = MoveOutCertificate(
        municipality=destination,
        source_lg_code=certificate.source_lg_code,
        source_name=certificate.source_name,
        source_reference=certificate.source_reference,
        previous_address=certificate.previous_address,
        moving_to_address=certificate.moving_to_address,
        planned_on=certificate.planned_on,
        reservation_reference=certificate.reservation_reference,
        carried=dict(certificate.carried),
    )
    record.persons = [
        _stored_person(
            person,
            lg_code=destination.lg_code,
            certificate_id=str(record.public_id),
            position=position,
        )
        for position, person in enumerate(certificate.persons)
    ]
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:  # a concurrent retry of the same delivery won
        return existing.get()
    audit_record(
        actor=None,
        action="registry.move_out_certificate_receive",
        municipality_code=destination.lg_code,
        object_type="registry.MoveOutCertificate",
        object_id=record.pk,
        purpose=REGISTRY_PURPOSE,
        detail={"residents": len(record.persons)},
    )
    move_out_certificate_received.send(
        sender=MoveOutCertificate,
        municipality_code=destination.lg_code,
        certificate_id=str(record.public_id),
        source_lg_code=record.source_lg_code,
        reservation_reference=record.reservation_reference,
    )
    return record


def _person_from(stored: Mapping[str, Any], my_number: str, relationship: str) -> PersonData:
    values = {k: v for k, v in stored.items() if k != "my_number_cipher"}
    for name in _PERSON_DATES:
        if values[name]:
            values[name] = dt.date.fromisoformat(values[name])
    values["relationship"] = relationship or values["relationship"]
    return PersonData(**values, my_number=my_number)


@transaction.atomic
def residents_move_in_from_certificate(
    *,
    municipality: Municipality,
    certificate_id: int,
    address: Address,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    relationships: Mapping[int, str] | None = None,
    household_id: int | None = None,
) -> Change:
    """転入届 (転入届の特例) recorded from the received 転出証明書情報: the people, their 住民票
    コード and 個人番号 come from the certificate; the counter gives only the new address,
    the date and, when the household is not the same, the 続柄 by position. A person whose
    除票 this municipality keeps (same 住民票コード or 個人番号) gets it back with its 宛名番号
    and its 氏名 (再転入者, doc/j600.txt §4.1.1.2).
    Raises MoveOutCertificateNotFound, MoveOutCertificateCompleted and what
    `residents_register` raises (dates, 続柄, numbers)."""
    record = (
        MoveOutCertificate.objects.for_municipality(municipality)
        .select_for_update()
        .filter(pk=certificate_id)
        .first()
    )
    if record is None:
        raise MoveOutCertificateNotFound
    if record.status == MoveOutCertificate.Status.COMPLETED:
        raise MoveOutCertificateCompleted
    people = [
        _person_from(
            stored,
            move_out_my_number_decrypt(
                stored["my_number_cipher"],
                lg_code=municipality.lg_code,
                certificate_id=str(record.public_id),
                position=position,
            )
            if stored["my_number_cipher"]
            else "",
            (relationships or {}).get(position, ""),
        )
        for position, stored in enumerate(record.persons)
    ]
    # 再転入者 (doc/j600.txt §4.1.1.2) are found by the 住民票コード and 個人番号 住基ネット
    # carries; a 除票 that shares only 氏名・生年月日・性別 is another person's here, since the
    # certificate names the person by number and this page asks the clerk nothing else.
    people = [dataclasses.replace(person, not_returning=True) for person in people]
    change = residents_register(
        municipality=municipality,
        change_type=ChangeType.MOVE_IN,
        people=people,
        address=address,
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        previous_address=record.previous_address,
        household_id=household_id,
        note=f"転出証明書情報（{record.source_name}）による転入",
        returner_keeps_name=True,
    )
    _move_in_notice_send(municipality=municipality, record=record, change=change, actor=actor)
    _support_measures_take_over(municipality, record, change, actor=actor)
    # The 個人番号 now lives in the register; the certificate keeps none of them.
    record.persons = [{**stored, "my_number_cipher": ""} for stored in record.persons]
    record.status = MoveOutCertificate.Status.COMPLETED
    record.completed_change = change
    record.save(update_fields=["persons", "status", "completed_change"])
    # In this transaction: the 転入予約 completes with the 転入, or neither happens.
    move_in_recorded.send(
        sender=MoveOutCertificate,
        municipality_code=municipality.lg_code,
        certificate_id=str(record.public_id),
        source_lg_code=record.source_lg_code,
        reservation_reference=record.reservation_reference,
        change_id=change.pk,
        actor=actor,
    )
    return change


def _support_measures_take_over(
    municipality: Municipality,
    record: MoveOutCertificate,
    change: Change,
    *,
    actor: StaffUser | None,
) -> None:
    """The people protected at the former municipality are protected here from the 転入 on
    (仮支援措置). residents_register creates the people in the certificate's order, so their
    primary keys follow its positions."""
    carried = record.carried.get(SUPPORT_CARRIED_KEY) if isinstance(record.carried, dict) else None
    if not carried:
        return
    moved_in = list(
        Resident.objects.for_municipality(municipality)
        .filter(history__change=change)
        .order_by("pk")
    )
    support_measures_take_over(
        municipality=municipality,
        carried=carried,
        resident_ids=[r.pk for r in moved_in],
        starts_on=change.effective_on,
        origin_name=record.source_name,
        actor=actor,
    )


def _move_in_notice_send(
    *,
    municipality: Municipality,
    record: MoveOutCertificate,
    change: Change,
    actor: StaffUser | None,
) -> None:
    """転入通知 to the former municipality (住民基本台帳法 第9条第1項). One this deployment
    serves gets it in the 転入's transaction (its refusal undoes the 転入); any other gets it
    through the outbox and 住基ネット (doc/j1090.txt §7.1.1.1 ９条１項通知の自動送付)."""
    network = resident_network()
    if not network.delivers_directly(record.source_lg_code):
        message = NetworkMessage.objects.create(
            municipality=municipality,
            kind=NetworkMessageKind.MOVE_IN_NOTICE,
            change=change,
            params={"former_lg_code": record.source_lg_code, "certificate_id": record.pk},
            next_attempt_at=timezone.now(),
        )
        delivered = False
        detail: dict[str, Any] = {"delivered": delivered, "queued": message.pk}
    else:
        delivered = network.deliver_move_in_notice(
            move_in_notice_compose(municipality=municipality, record=record, change=change)
        )
        detail = {"delivered": delivered}
    audit_record(
        actor=actor,
        action="registry.move_in_notice_send",
        municipality_code=municipality.lg_code,
        object_type="registry.Change",
        object_id=change.pk,
        purpose=REGISTRY_PURPOSE,
        detail=detail,
    )


def move_in_notice_compose(
    *, municipality: Municipality, record: MoveOutCertificate, change: Change
) -> MoveInNotice:
    """転入通知 of a 転入 recorded from `record`, built when it is sent."""
    resident = Resident.objects.for_municipality(municipality).filter(history__change=change)[0]
    return MoveInNotice(
        former_lg_code=record.source_lg_code,
        source_reference=record.source_reference,
        destination_lg_code=municipality.lg_code,
        destination_name=municipality.full_name,
        moved_in_on=change.effective_on,
        address=resident.address,
        resident_codes=tuple(stored["resident_code"] for stored in record.persons),
    )


@transaction.atomic
def move_in_notice_typed_send(
    *, municipality: Municipality, change_id: int, former_lg_code: str, actor: StaffUser | None
) -> NetworkMessage | None:
    """転入通知 (住民基本台帳法 第9条第1項, doc/j1090.txt §7.1.1.1 ９条１項通知の自動送付) of a
    国内転入 typed in from a paper 転出証明書. To a municipality this deployment serves it is
    delivered at once, in the 転入's transaction: if the former municipality refuses, no 転入 is
    recorded either, so nobody is registered in two places. To any other it goes through the
    outbox and 住基ネット, which finds the 転出 there by the 住民票コード; the queued message is
    returned. Raises ChangeNotFound (not a 国内転入 here), RuleViolation (the 団体コード, or
    what the former municipality refuses)."""
    change = (
        Change.objects.for_municipality(municipality)
        .filter(pk=change_id, change_type=ChangeType.MOVE_IN)
        .first()
    )
    if change is None:
        raise ChangeNotFound
    if not is_valid_lg_code(former_lg_code) or former_lg_code == municipality.lg_code:
        raise RuleViolation.for_field(
            "/former_lg_code",
            RegistryErrorCode.DESTINATION_INVALID,
            "転出元の団体コードが正しくありません（6桁、検査数字を含む。この団体以外）。",
        )
    network = resident_network()
    message = None
    if network.delivers_directly(former_lg_code):
        network.deliver_move_in_notice(
            move_in_notice_typed_compose(
                municipality=municipality, change=change, former_lg_code=former_lg_code
            )
        )
    else:
        message = NetworkMessage.objects.create(
            municipality=municipality,
            kind=NetworkMessageKind.MOVE_IN_NOTICE,
            change=change,
            params={"former_lg_code": former_lg_code},
            next_attempt_at=timezone.now(),
        )
    audit_record(
        actor=actor,
        action="registry.move_in_notice_send",
        municipality_code=municipality.lg_code,
        object_type="registry.Change",
        object_id=change.pk,
        purpose=REGISTRY_PURPOSE,
        detail={"delivered": message is None, "queued": message.pk if message else None},
    )
    return message


def move_in_notice_typed_compose(
    *, municipality: Municipality, change: Change, former_lg_code: str
) -> MoveInNotice:
    """転入通知 of a 転入 typed in: no 異動 id of the former municipality is known, the
    住民票コード say who moved."""
    arrived = list(
        Resident.objects.for_municipality(municipality)
        .filter(history__change=change)
        .order_by("household_order", "pk")
    )
    return MoveInNotice(
        former_lg_code=former_lg_code,
        source_reference="",
        destination_lg_code=municipality.lg_code,
        destination_name=municipality.full_name,
        moved_in_on=change.effective_on,
        address=arrived[0].address,
        resident_codes=tuple(r.resident_code for r in arrived),
    )


@transaction.atomic
def move_in_notice_receive(*, notice: MoveInNotice) -> Change | None:
    """転入通知の受理 (doc/j680.txt §4.1.3.1.1) by the former municipality: its 転出 becomes
    the actual one. 転出年月日（確定） is the earlier of the 転出予定日 and the 転入日 (消除 on
    the earlier of the two, doc/j50.txt §1.1.5) and 転出先住所（確定） the address moved to;
    the planned values stay in the 転出's history row. So the former register ends where the
    new one begins and no day is in both. None when the former municipality is not served.
    Raises MoveOutNoLongerRecorded (the 転出 was cancelled) and RuleViolation
    `registry.move_in_overlaps` (a 転入日 before the last 異動 recorded here)."""
    former = Municipality.objects.filter(lg_code=notice.former_lg_code, is_served=True).first()
    if former is None:
        return None
    paper = not notice.source_reference
    move_out = (
        _move_out_of(former, notice.resident_codes)
        if paper
        else Change.objects.for_municipality(former)
        .filter(pk=int(notice.source_reference), change_type=ChangeType.MOVE_OUT)
        .first()
        if notice.source_reference.isascii() and notice.source_reference.isdigit()
        else None
    )
    ids = [r.pk for r in _still_leaving(former, move_out)]
    if move_out is None or not ids:
        raise _paper_move_out_not_found() if paper else MoveOutNoLongerRecorded()
    leaving = residents_lock(municipality=former, resident_ids=ids)
    if paper:
        # People of one paper 転出証明書 may settle in different towns: each 転入 ends its own.
        leaving = [r for r in leaving if r.resident_code in notice.resident_codes]
    if {r.resident_code for r in leaving} != set(notice.resident_codes) or any(
        r.removal_reason != ChangeType.MOVE_OUT for r in leaving
    ):
        # Not the people of this 転出 (by 住民票コード), or a later 異動 undid it. A record
        # still 住民 before its 転出予定日 is the planned 転出 itself: the notice closes it.
        raise _paper_move_out_not_found() if paper else MoveOutNoLongerRecorded()
    last_recorded = (
        ResidentHistory.objects.filter(resident__in=leaving)
        .exclude(change=move_out)
        .exclude(change__change_type=ChangeType.MOVE_OUT_CONFIRMATION)
        .aggregate(last=Max("effective_on"))["last"]
    )
    if last_recorded is not None and notice.moved_in_on < last_recorded:
        raise move_in_overlaps()
    confirmed_on = min(move_out.effective_on, notice.moved_in_on)
    change = change_open(
        municipality=former,
        change_type=ChangeType.MOVE_OUT_CONFIRMATION,
        effective_on=confirmed_on,
        notified_on=timezone.localdate(),
        actor=None,
        note=f"転入通知（{notice.destination_name}）",
        # 通知日 (doc/j200.txt §1.2.1): the day the 転入通知 was received.
        circumstances=ChangeCircumstances(informed_on=timezone.localdate()),
    )
    still_living = [r for r in leaving if r.status == ResidentStatus.ACTIVE]
    for resident in leaving:
        resident.removed_on = confirmed_on
        resident.moving_to_address = notice.address
        resident.status = ResidentStatus.CLOSED
        # 転出先住所（確定）replaces the 予定 with its own 郵便番号 (doc/j170.txt §1.1.17).
        resident.moving_to_postal_code = postal_code_for_address(notice.address)
        history_write(resident, change)
    if still_living:
        # 転入日 before the 転出予定日: the record ends on the 転入日, not on the planned day.
        planned_records_close(leaving=still_living, change=change, move_out=move_out)
    change_audit(
        change=change,
        actor=None,
        residents=len(leaving),
        fields=["removed_on", "moving_to_address", "moving_to_postal_code"],
    )
    return change


def _move_out_of(former: Municipality, resident_codes: Sequence[str]) -> Change | None:
    """The standing 国内転出 of these 住民票コード at the former municipality (a paper
    転出証明書 carries no reference to it)."""
    return (
        Change.objects.for_municipality(former)
        .filter(
            change_type=ChangeType.MOVE_OUT,
            history_rows__resident__resident_code__in=resident_codes,
            history_rows__resident__removal_reason=ChangeType.MOVE_OUT,
        )
        .order_by("-pk")
        .first()
    )


def _paper_move_out_not_found() -> RuleViolation:
    return RuleViolation.for_field(
        "/former_lg_code",
        RegistryErrorCode.MOVE_OUT_NOT_FOUND,
        "転出元の団体に、この住民票コードの人の転出届が記録されていません。"
        "転出証明書の住民票コードと転出元の団体コードを確認してください。",
    )


def _paper_certificate_check(
    *, people: Sequence[PersonData], previous_address: str, planned_on: dt.date | None
) -> dt.date:
    """The items of a paper 転出証明書 typed at the counter (施行令 第23条): its 住所, the
    転出の予定年月日 and each person's 住民票コード are on every certificate, so none may be
    blank; the 転出予定年月日 is one a 転出届 could give (not before a birth, at most
    MAX_PLANNED_MOVE_OUT_DAYS ahead). Check digits are checked with the other items."""
    if not previous_address.strip():
        raise InvalidInput.for_field(
            "/previous_address",
            RegistryErrorCode.MOVE_OUT_CERTIFICATE_ITEM_REQUIRED,
            "転出証明書に記載された住所を転入前住所に入力してください。",
        )
    if planned_on is None:
        raise InvalidInput.for_field(
            "/move_out_planned_on",
            RegistryErrorCode.MOVE_OUT_CERTIFICATE_ITEM_REQUIRED,
            "転出証明書に記載された転出予定年月日を入力してください。",
        )
    for field, label in (("name", "氏名"), ("resident_code", "住民票コード")):
        if any(not getattr(person, field).strip() for person in people):
            raise InvalidInput.for_field(
                json_pointer(field),
                RegistryErrorCode.MOVE_OUT_CERTIFICATE_ITEM_REQUIRED,
                f"転出証明書に記載された{label}を入力してください。",
            )
    latest = timezone.localdate() + dt.timedelta(days=MAX_PLANNED_MOVE_OUT_DAYS)
    if planned_on > latest or any(planned_on < person.birth_date for person in people):
        raise RuleViolation.for_field(
            "/move_out_planned_on",
            RegistryErrorCode.MOVE_OUT_PLANNED_ON_INVALID,
            "転出予定年月日が正しくありません（生年月日より前、または転出届で指定できる日より先）。",
        )
    return planned_on


@transaction.atomic
def residents_move_in_from_paper_certificate(
    *,
    municipality: Municipality,
    people: Sequence[PersonData],
    address: Address,
    previous_address: str,
    move_out_planned_on: dt.date | None,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    former_lg_code: str = "",
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """転入届 with a paper 転出証明書 (住民基本台帳法 第22条第2項, 施行令 第23条): for people
    who moved without the 特例転入, the clerk types the certificate's items once; they are
    checked (`_paper_certificate_check`, then 住民票コード and 個人番号 check digits, 続柄,
    dates as for every 転入) and the people are recorded keeping their 住民票コード.

    A 転入日 before the 転出予定日 is accepted: people may move earlier than they planned, and
    the former municipality then removes them on the 転入日 (doc/j50.txt §1.1.5, 「いずれか
    早い日」). The 転出予定年月日 is kept in the 異動's 留意事項.

    With the former municipality's 団体コード, the 転入通知 goes to it as after a 特例転入
    (住民基本台帳法 第9条第1項): when it is served here, its 転出 (found by the 住民票コード)
    ends on the 転入日, and its refusal (no such 転出, overlapping dates) undoes this 転入.
    Raises InvalidInput / RuleViolation with the field of the item (`/move_out_planned_on`,
    `/previous_address`, `/former_lg_code`, `/resident_code`, `/my_number` …)."""
    planned_on = _paper_certificate_check(
        people=people, previous_address=previous_address, planned_on=move_out_planned_on
    )
    if former_lg_code and (
        not is_valid_lg_code(former_lg_code) or former_lg_code == municipality.lg_code
    ):
        raise InvalidInput.for_field(
            "/former_lg_code",
            RegistryErrorCode.FORMER_LG_CODE_INVALID,
            "転出元の団体コードが正しくありません（6桁、検査数字を含む。転入先と異なる団体）。",
        )
    recorded = f"転出証明書による転入（転出予定年月日 {to_wareki(planned_on).format()}）"
    change = residents_register(
        municipality=municipality,
        change_type=ChangeType.MOVE_IN,
        people=people,
        address=address,
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        previous_address=previous_address.strip(),
        note=f"{recorded} {note}".strip(),
        circumstances=circumstances,
    )
    if former_lg_code:
        move_in_notice_typed_send(
            municipality=municipality,
            change_id=change.pk,
            former_lg_code=former_lg_code,
            actor=actor,
        )
    return change
