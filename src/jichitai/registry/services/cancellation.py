"""異動の取消し (cancellation of a change, doc/j980.txt §4.6.0.1; on 申出 doc/j990.txt
§4.6.1.1): the items a change set on a record return to what they were before it, through a
new history row; nothing is deleted.

「異動の取消し機能は、最新履歴を削除する機能ではなく、履歴を上積みして、元の状態に復元できる
機能とすること」; 「全部又は一部の区分により、対象者を選択できること」; the three kinds
異動取消（増）（減）（修正） by what the cancelled change did; 「住所の異動を伴う異動処理を取り消す
場合は、従前の世帯に…復帰すること」.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from jichitai.common.exceptions import InvalidInput
from jichitai.common.templatetags.jichitai_ui import wareki
from jichitai.identity.models import StaffUser
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.errors import ChangeConflict, ChangeNotFound
from jichitai.registry.models import (
    CANCELLATION_CODES,
    CANCELLATION_TYPES,
    Change,
    ChangeBasis,
    ChangeType,
    Household,
    Resident,
    ResidentHistory,
    ResidentStatus,
    living,
)
from jichitai.registry.services.recording import (
    NOTIFIED,
    ChangeCircumstances,
    change_audit,
    change_open,
    history_write,
    household_head_check,
    household_open,
    lock,
)
from jichitai.tenants.models import Municipality

_DATE_FIELDS = {
    f.name for f in Resident._meta.concrete_fields if f.get_internal_type() == "DateField"
}
# Not items of the record: the row's own number and what follows from the household.
_NOT_ITEMS = {"history_number", "household_number"}
# Items many unrelated changes set in passing (the last 届出の年月日, the place in the
# household's order). A later change that sets them does not stand on the cancelled one; the
# cancellation then leaves the later value.
_PASSING = {"notified_on", "household_order"}


def snapshot_restore(resident: Resident, snapshot: dict[str, Any]) -> None:
    """Puts the items of a history snapshot back on the record (not its 履歴番号)."""
    items_restore(resident, snapshot, set(snapshot) - _NOT_ITEMS)


def items_restore(resident: Resident, snapshot: dict[str, Any], items: set[str]) -> None:
    """Puts `items` of a history snapshot back on the record."""
    for field in items - _NOT_ITEMS:
        if field == "household_id":
            resident.household = Household.objects.get(pk=snapshot["household_id"])
            continue
        value = snapshot.get(field)
        if field in _DATE_FIELDS and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        setattr(resident, field, value)


def items_changed(before: dict[str, Any] | None, after: dict[str, Any]) -> set[str]:
    """The items a history row set: all of them for the first row of a record."""
    if before is None:
        return set(after) - _NOT_ITEMS
    return {k for k in after if k not in _NOT_ITEMS and before.get(k) != after.get(k)}


def _neutral_rows(rows: Sequence[ResidentHistory], after: int) -> set[int]:
    """履歴番号 of the rows after `after` that no longer count: changes cancelled for this
    person, and the cancellations of changes made after `after` (together they are as if
    nothing had happened)."""
    by_change = {row.change_id: row.history_number for row in rows}
    cancelled = {row.change.cancels_id for row in rows if row.change.cancels_id}
    neutral = set()
    for row in rows:
        if row.history_number <= after:
            continue
        target = row.change.cancels_id
        if row.change_id in cancelled or (target and by_change.get(target, 0) > after):
            neutral.add(row.history_number)
    return neutral


def _restorable_items(
    resident: Resident, row: ResidentHistory
) -> tuple[dict[str, Any] | None, set[str]]:
    """(the snapshot before the change, the items to put back) for one person.

    The rule for a change that is not the latest of the record: it may be cancelled when no
    later change still in force set any of the items it set (household membership included);
    otherwise the later change stands on it and is named in the refusal, to be cancelled
    first. Items set in passing (`_PASSING`) by a later change never block; they keep the
    later value.
    Raises ChangeConflict.
    """
    rows = list(
        ResidentHistory.objects.filter(resident=resident)
        .select_related("change")
        .order_by("history_number")
    )
    by_number = {r.history_number: r for r in rows}
    before = by_number.get(row.history_number - 1)
    before_snapshot = before.snapshot if before else None
    touched = items_changed(before_snapshot, row.snapshot)
    neutral = _neutral_rows(rows, row.history_number)
    later_items: set[str] = set()
    for later in rows:
        if later.history_number <= row.history_number or later.history_number in neutral:
            continue
        items = items_changed(by_number[later.history_number - 1].snapshot, later.snapshot)
        if (touched & items) - _PASSING:
            raise ChangeConflict(
                code=RegistryErrorCode.CHANGE_LATER_DEPENDS,
                detail=(
                    f"後の異動「{later.change.get_change_type_display()}」"
                    f"（異動日 {wareki(later.change.effective_on)}）が同じ項目を変更しているため"
                    "取り消せません。先にその異動を取り消してください。"
                ),
            )
        later_items |= items
    return before_snapshot, touched - later_items


def _people_chosen(
    rows: list[ResidentHistory], resident_ids: Sequence[int] | None
) -> list[ResidentHistory]:
    if resident_ids is None:
        return rows
    wanted = set(resident_ids)
    chosen = [row for row in rows if row.resident_id in wanted]
    if not wanted or len(chosen) != len(wanted):
        raise InvalidInput.for_field(
            "/resident_ids",
            RegistryErrorCode.CANCEL_PEOPLE_UNKNOWN,
            "取り消す人を、この異動の対象者から1人以上選んでください。",
        )
    return chosen


def _former_household(
    household: Household, *, restoring: Iterable[int], reopened: dict[int, Household]
) -> Household:
    """The household a person returns to (§4.6.0.1): the former one, unless it has since
    「全部転出等」 — closed while others of it stayed behind as its 除票 or left by their own
    changes — in which case a new household at the former address (the 住所 is restored with
    the other items), one per former household."""
    if household.is_active:
        return household
    others = Resident.objects.filter(household=household).exclude(pk__in=list(restoring))
    if not others.exists():
        return household  # emptied by the cancelled change itself: it is reopened
    if household.pk not in reopened:
        reopened[household.pk] = household_open(municipality=household.municipality)
    return reopened[household.pk]


@transaction.atomic
def change_cancel(
    *,
    municipality: Municipality,
    change_id: int,
    reason: str,
    actor: StaffUser | None,
    resident_ids: Sequence[int] | None = None,
    offered_on: dt.date | None = None,
) -> Change:
    """異動の取消し: undo `change_id` for the people chosen (`resident_ids`; all by default).

    The cancellation is 異動の取消し（増） for a 消除, （減） for a 記載 and （修正） otherwise.
    Any change of a record can be cancelled, not only the latest, when no later change stands
    on it (see `_restorable_items`); a person is cancelled out of a change once. A cancelled
    記載 makes the record a 除票; a cancelled 消除 or 世帯変更 puts the person back in the
    former household (reopened if it had closed). `offered_on` marks a cancellation made on
    the person's 申出 with its 申出日 (§4.6.1.1 by §4.2.0.5).
    Raises ChangeNotFound, ChangeConflict, InvalidInput (reason, people, 申出日),
    RuleViolation (two 世帯主 after the return).
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
    if change.change_type in CANCELLATION_CODES:
        raise ChangeConflict(
            code=RegistryErrorCode.CHANGE_ALREADY_CANCELLED,
            detail="異動の取消しそのものは取り消せません。",
        )
    rows = _people_chosen(list(change.history_rows.order_by("resident_id")), resident_ids)
    residents = lock(Resident.objects.filter(pk__in=[row.resident_id for row in rows]))
    by_id = {r.pk: r for r in residents}
    if ResidentHistory.objects.filter(change__cancels=change, resident_id__in=list(by_id)).exists():
        raise ChangeConflict(
            code=RegistryErrorCode.CHANGE_ALREADY_CANCELLED,
            detail="選ばれた人について、この異動は既に取り消されています。",
        )
    plans = [(row, *_restorable_items(by_id[row.resident_id], row)) for row in rows]
    cancellation = change_open(
        municipality=municipality,
        change_type=CANCELLATION_TYPES[change.category],
        effective_on=change.effective_on,
        notified_on=None,
        actor=actor,
        note=reason,
        circumstances=(
            ChangeCircumstances(basis=ChangeBasis.OFFER, offered_on=offered_on)
            if offered_on is not None
            else NOTIFIED
        ),
    )
    cancellation.cancels = change
    cancellation.save()
    households = set()
    reopened: dict[int, Household] = {}
    for row, before, items in plans:
        resident = by_id[row.resident_id]
        households.add(resident.household_id)
        if before is None:
            resident.status = ResidentStatus.CLOSED
            resident.removal_reason = ChangeType.CANCELLATION_DECREASE
            resident.removed_on = change.effective_on
        else:
            if "household_id" in items:
                items.add("household_order")
            items_restore(resident, before, items)
            if "household_id" in items:
                resident.household = _former_household(
                    resident.household, restoring=by_id.keys(), reopened=reopened
                )
            households.add(resident.household_id)
        history_write(resident, cancellation)
    for household in Household.objects.filter(pk__in=households).order_by("pk"):
        if not household.is_active and household.members.filter(living()).exists():
            household.is_active = True
            household.save(update_fields=["is_active"])
        household_head_check(household)
    change_audit(change=cancellation, actor=actor, residents=len(rows))
    return cancellation
