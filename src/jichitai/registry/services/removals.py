"""消除 (removals): 国内転出 (incl. 転出予定), 国外転出, 死亡, 職権消除. The record becomes a
除票 and stays readable (§1.1.4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from jichitai.common.exceptions import RuleViolation
from jichitai.identity.models import StaffUser
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.models import HEAD, Change, ChangeType, ResidentStatus
from jichitai.registry.services.households import (
    Relationships,
    head_install,
    head_left_vacant,
    head_pick,
)
from jichitai.registry.services.recording import (
    NOTIFIED,
    ChangeCircumstances,
    change_audit,
    change_open,
    circumstances_of,
    dates_check,
    history_write,
    household_head_check,
    household_members,
    living_check,
    residents_lock,
)
from jichitai.tenants.models import Municipality

REMOVAL_TYPES = (
    ChangeType.MOVE_OUT,
    ChangeType.EMIGRATION,
    ChangeType.DEATH,
    ChangeType.EX_OFFICIO_REMOVAL,
)
# 転出届 may be made before the move (住民基本台帳法 第24条): 異動日 = 転出予定日.
PLANNED_TYPES = (ChangeType.MOVE_OUT, ChangeType.EMIGRATION)


@transaction.atomic
def residents_remove(
    *,
    municipality: Municipality,
    change_type: ChangeType,
    resident_ids: Sequence[int],
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    moving_to_address: str = "",
    new_head_id: int | None = None,
    relationships: Relationships | None = None,
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """転出届・死亡届・職権消除 (remove residents): their records become 除票.

    When the 世帯主 leaves and others stay, `new_head_id` names the new head (with the 続柄 in
    `relationships` or the proposals); with one member left, that member becomes head ex
    officio; with more and none named, the household stands without a head until a
    世帯主変更届 (head_left_vacant, doc/j490.txt §4.0.4).
    Raises ResidentNotFound, RuleViolation (closed record, dates, head).
    """
    if change_type not in REMOVAL_TYPES:
        raise ValueError(f"{change_type} is not a removal")
    leaving = residents_lock(municipality=municipality, resident_ids=resident_ids)
    living_check(leaving)
    dates_check(
        effective_on=effective_on,
        notified_on=notified_on,
        allow_future=change_type in PLANNED_TYPES,
        not_before=[r.birth_date for r in leaving],
    )
    if change_type in PLANNED_TYPES and not moving_to_address.strip():
        raise RuleViolation.for_field(
            "/moving_to_address",
            RegistryErrorCode.MOVING_TO_REQUIRED,
            "転出先の住所（予定）を入力してください。",
        )
    change = change_open(
        municipality=municipality,
        change_type=change_type,
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )
    for resident in leaving:
        resident.status = ResidentStatus.CLOSED
        resident.removal_reason = change_type
        resident.removed_on = effective_on
        resident.moving_to_address = moving_to_address.strip()
        resident.notified_on = notified_on
        history_write(resident, change)
    leaving_ids = {r.pk for r in leaving}
    for household in {r.household_id: r.household for r in leaving}.values():
        remaining = [m for m in household_members(household) if m.pk not in leaving_ids]
        head_left = any(r.relationship == HEAD and r.household_id == household.pk for r in leaving)
        if head_left and remaining and not head_left_vacant(remaining, new_head_id):
            _head_change_after_removal(
                change=change,
                remaining=remaining,
                new_head_id=new_head_id,
                relationships=relationships,
                actor=actor,
            )
        household_head_check(household)
    change_audit(
        change=change,
        actor=actor,
        residents=len(leaving),
        fields=["status", "removal_reason", "removed_on"],
    )
    return change


def _head_change_after_removal(
    *,
    change: Change,
    remaining: list,
    new_head_id: int | None,
    relationships: Relationships | None,
    actor: StaffUser | None,
) -> None:
    """世帯主変更 that follows the head's removal: its own 異動, effective the same day."""
    remaining = residents_lock(
        municipality=change.municipality, resident_ids=[m.pk for m in remaining]
    )
    new_head = head_pick(remaining, new_head_id, field="new_head_id")
    head_change = change_open(
        municipality=change.municipality,
        change_type=ChangeType.HEAD_CHANGE,
        effective_on=change.effective_on,
        notified_on=change.notified_on,
        actor=actor,
        note="世帯主の消除に伴う世帯主変更",
        circumstances=circumstances_of(change),
    )
    head_install(
        members=remaining, new_head=new_head, relationships=relationships, field="relationships"
    )
    for member in remaining:
        history_write(member, head_change)
    change_audit(change=head_change, actor=actor, residents=len(remaining), fields=["relationship"])
