"""異動の取消し (cancellation of a change, §4.6.0.1): each record returns to its state before
the change, through a new history row; nothing is deleted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from jichitai.common.exceptions import InvalidInput
from jichitai.identity.models import StaffUser
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.errors import ChangeConflict, ChangeNotFound
from jichitai.registry.models import (
    Change,
    ChangeType,
    Household,
    Resident,
    ResidentHistory,
    ResidentStatus,
    living,
)
from jichitai.registry.services.recording import (
    change_audit,
    change_open,
    history_write,
    household_head_check,
    lock,
)
from jichitai.tenants.models import Municipality

_DATE_FIELDS = {
    f.name for f in Resident._meta.concrete_fields if f.get_internal_type() == "DateField"
}
_NOT_RESTORED = {"history_number", "household_number", "household_id"}


def snapshot_restore(resident: Resident, snapshot: dict[str, Any]) -> None:
    """Puts the items of a history snapshot back on the record (not its 履歴番号)."""
    for field, value in snapshot.items():
        if field in _NOT_RESTORED:
            continue
        if field in _DATE_FIELDS and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        setattr(resident, field, value)
    resident.household = Household.objects.get(pk=snapshot["household_id"])


@transaction.atomic
def change_cancel(
    *, municipality: Municipality, change_id: int, reason: str, actor: StaffUser | None
) -> Change:
    """異動の取消し: undo `change_id` for every record it touched.

    Only the latest change of each record can be cancelled (a later change stands on it), and
    only once. A cancelled 記載 makes the record a 除票 (取消し（減）).
    Raises ChangeNotFound, ChangeConflict, InvalidInput (reason).
    """
    if not reason.strip():
        raise InvalidInput.for_field(
            "/reason", RegistryErrorCode.REASON_REQUIRED, "取消しの理由を入力してください。"
        )
    change = (
        Change.objects.for_municipality(municipality)
        .select_for_update()
        .filter(pk=change_id)
        .first()
    )
    if change is None:
        raise ChangeNotFound
    if change.change_type == ChangeType.CANCELLATION or change.cancelled_by.exists():
        raise ChangeConflict(
            code=RegistryErrorCode.CHANGE_ALREADY_CANCELLED,
            detail="この異動は既に取り消されているか、取消しそのものです。",
        )
    rows = list(change.history_rows.select_related("resident").order_by("resident_id"))
    residents = lock(Resident.objects.filter(pk__in=[row.resident_id for row in rows]))
    by_id = {r.pk: r for r in residents}
    for row in rows:
        if by_id[row.resident_id].history_number != row.history_number:
            raise ChangeConflict(
                code=RegistryErrorCode.CHANGE_NOT_LATEST,
                detail="この異動の後に別の異動があるため取り消せません。後の異動から取り消してください。",
            )
    cancellation = change_open(
        municipality=municipality,
        change_type=ChangeType.CANCELLATION,
        effective_on=change.effective_on,
        notified_on=None,
        actor=actor,
        note=reason,
    )
    cancellation.cancels = change
    cancellation.save(update_fields=["cancels"])
    households = set()
    for row in rows:
        resident = by_id[row.resident_id]
        households.add(resident.household_id)
        previous = ResidentHistory.objects.filter(
            resident=resident, history_number=row.history_number - 1
        ).first()
        if previous is None:
            resident.status = ResidentStatus.CLOSED
            resident.removal_reason = ChangeType.CANCELLATION
            resident.removed_on = change.effective_on
        else:
            snapshot_restore(resident, previous.snapshot)
            households.add(resident.household_id)
        history_write(resident, cancellation)
    for household in Household.objects.filter(pk__in=households).order_by("pk"):
        if not household.is_active and household.members.filter(living()).exists():
            household.is_active = True
            household.save(update_fields=["is_active"])
        household_head_check(household)
    change_audit(change=cancellation, actor=actor, residents=len(rows))
    return cancellation
