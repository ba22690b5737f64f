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
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.checkdigits import is_valid_lg_code
from jichitai.common.exceptions import RuleViolation
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
from jichitai.registry.inputs import PersonData
from jichitai.registry.models import (
    Change,
    ChangeType,
    MoveOutCertificate,
    Resident,
    ResidentHistory,
    ResidentStatus,
)
from jichitai.registry.network import MoveInNotice, MoveOutCertificateData, resident_network
from jichitai.registry.services.entries import Address, residents_register
from jichitai.registry.services.recording import (
    REGISTRY_PURPOSE,
    ChangeCircumstances,
    change_audit,
    change_open,
    history_write,
    residents_lock,
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
        if field.name != "my_number"
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
    Returns the receipt (the certificate's id there). Sending the same 転出 again
    returns the first receipt. Raises ChangeNotFound, InvalidInput (destination),
    DestinationNotConnected."""
    change = (
        Change.objects.for_municipality(municipality)
        .filter(pk=change_id, change_type=ChangeType.MOVE_OUT, cancelled_by__isnull=True)
        .first()
    )
    if change is None:
        raise ChangeNotFound
    if not is_valid_lg_code(destination_lg_code) or destination_lg_code == municipality.lg_code:
        raise RuleViolation.for_field(
            "/destination_lg_code",
            RegistryErrorCode.DESTINATION_INVALID,
            "転出先の団体コードが正しくありません（6桁、検査数字を含む。転出元と異なる団体）。",
        )
    leaving = list(
        Resident.objects.for_municipality(municipality)
        .filter(history__change=change)
        .order_by("household_order", "pk")
    )
    certificate = MoveOutCertificateData(
        source_lg_code=municipality.lg_code,
        source_name=municipality.full_name,
        source_reference=str(change.pk),
        destination_lg_code=destination_lg_code,
        previous_address=leaving[0].address,
        moving_to_address=leaving[0].moving_to_address,
        planned_on=change.effective_on,
        persons=tuple(_person_of(r) for r in leaving),
        reservation_reference=reservation_reference,
        carried=_carried_with(municipality, destination_lg_code, leaving),
    )
    receipt = resident_network().deliver_move_out_certificate(certificate)
    audit_record(
        actor=actor,
        action="registry.move_out_certificate_send",
        municipality_code=municipality.lg_code,
        object_type="registry.Change",
        object_id=change.pk,
        purpose=REGISTRY_PURPOSE,
        detail={"residents": len(leaving)},
    )
    return receipt


def _carried_with(
    municipality: Municipality, destination_lg_code: str, leaving: list[Resident]
) -> dict[str, Any]:
    """What the apps of this deployment hand over with the move (registry.signals)."""
    carried: dict[str, Any] = {}
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
    the date and, when the household is not the same, the 続柄 by position.
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
    )
    _move_in_notice_send(municipality=municipality, record=record, change=change, actor=actor)
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


def _move_in_notice_send(
    *,
    municipality: Municipality,
    record: MoveOutCertificate,
    change: Change,
    actor: StaffUser | None,
) -> None:
    """転入通知 to the former municipality, in the 転入's transaction: its refusal undoes the
    転入 (住民基本台帳法 第9条第1項)."""
    resident = Resident.objects.for_municipality(municipality).filter(history__change=change)[0]
    delivered = resident_network().deliver_move_in_notice(
        MoveInNotice(
            former_lg_code=record.source_lg_code,
            source_reference=record.source_reference,
            destination_lg_code=municipality.lg_code,
            destination_name=municipality.full_name,
            moved_in_on=change.effective_on,
            address=resident.address,
            resident_codes=tuple(stored["resident_code"] for stored in record.persons),
        )
    )
    audit_record(
        actor=actor,
        action="registry.move_in_notice_send",
        municipality_code=municipality.lg_code,
        object_type="registry.Change",
        object_id=change.pk,
        purpose=REGISTRY_PURPOSE,
        detail={"delivered": delivered},
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
    move_out = (
        Change.objects.for_municipality(former)
        .filter(
            pk=int(notice.source_reference),
            change_type=ChangeType.MOVE_OUT,
            cancelled_by__isnull=True,
        )
        .first()
        if notice.source_reference.isdigit()
        else None
    )
    if move_out is None:
        raise MoveOutNoLongerRecorded
    ids = Resident.objects.for_municipality(former).filter(history__change=move_out)
    leaving = residents_lock(municipality=former, resident_ids=ids.values_list("pk", flat=True))
    if {r.resident_code for r in leaving} != set(notice.resident_codes) or any(
        r.status != ResidentStatus.CLOSED or r.removal_reason != ChangeType.MOVE_OUT
        for r in leaving
    ):
        # Not the people of this 転出 (by 住民票コード), or one of them lives here again.
        raise MoveOutNoLongerRecorded
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
    for resident in leaving:
        resident.removed_on = confirmed_on
        resident.moving_to_address = notice.address
        history_write(resident, change)
    change_audit(
        change=change,
        actor=None,
        residents=len(leaving),
        fields=["removed_on", "moving_to_address"],
    )
    return change
