"""消除 (removals): 国内転出 (incl. 転出予定), 国外転出, 死亡, 職権消除. The record becomes a
除票 and stays readable (§1.1.4).

A 転出届 made before the move (転出予定日 in the future) is recorded at once — its 異動, its
history row, 転出先住所（予定）, the 転出証明書 — but the record stays 住民 until the 転出予定日
(doc/j50.txt §1.1.5: 「転出予定年月日又は転入通知に記載された転入日のいずれか早い日で消除」;
「除票となるまでは、現存者として、残存世帯員とともに続柄も管理しながら住民票の写し等の証明書を
出力できること」). `planned_removals_close` (the daily `close-planned-removals`) closes it on
the day; `models.living` makes reads right on that day before the job runs; a 転入通知 closes
it on an earlier 転入日 (moves_between_municipalities.move_in_notice_receive).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.exceptions import RuleViolation
from jichitai.common.postal import postal_code_for_address
from jichitai.identity.models import StaffUser
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.models import (
    HEAD,
    NOTIFICATION_PERIOD_DAYS,
    Change,
    ChangeBasis,
    ChangeType,
    PlannedHeadChange,
    Resident,
    ResidentHistory,
    ResidentStatus,
)
from jichitai.registry.services.households import (
    Relationships,
    head_install,
    head_left_vacant,
    head_pick,
)
from jichitai.registry.services.recording import (
    NOTIFIED,
    REGISTRY_PURPOSE,
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
from jichitai.registry.signals import residents_removed
from jichitai.registry.timeline import HEAD_CHANGE_AFTER_REMOVAL_NOTE
from jichitai.tenants.models import Municipality

REMOVAL_TYPES = (
    ChangeType.MOVE_OUT,
    ChangeType.EMIGRATION,
    ChangeType.DEATH,
    ChangeType.EX_OFFICIO_REMOVAL,
)
# 転出届 may be made before the move (住民基本台帳法 第24条): 異動日 = 転出予定日.
PLANNED_TYPES = (ChangeType.MOVE_OUT, ChangeType.EMIGRATION)


LATE_MOVE_OUT_NOTE = "転出届出日が異動日から14日を経過しているため職権で記載"


def late_move_out_circumstances(
    *,
    effective_on: dt.date,
    notified_on: dt.date | None,
    circumstances: ChangeCircumstances,
    note: str,
) -> tuple[ChangeCircumstances, str]:
    """doc/j640.txt §4.1.3.0.1: 「転出届出日が異動日から14日を経過している場合には、当該転出は
    届出ではなく、職権で記載すること」. The 届出日 stays on the change (the 転出証明書に準ずる
    証明書 is issued from it) and the note says why the 転出 is 職権."""
    late = (
        notified_on is not None
        and circumstances.basis == ChangeBasis.NOTIFICATION
        and (notified_on - effective_on).days > NOTIFICATION_PERIOD_DAYS
    )
    if not late:
        return circumstances, note
    circumstances = dataclasses.replace(
        circumstances, basis=ChangeBasis.EX_OFFICIO, late_notification=True
    )
    return circumstances, "　".join(part for part in (LATE_MOVE_OUT_NOTE, note.strip()) if part)


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
    planned = effective_on > timezone.localdate()
    _planned_check(leaving)
    if change_type in PLANNED_TYPES:
        circumstances, note = late_move_out_circumstances(
            effective_on=effective_on,
            notified_on=notified_on,
            circumstances=circumstances,
            note=note,
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
        # Planned: 住民 until the 転出予定日; the history row says 除票 from that day.
        resident.status = ResidentStatus.ACTIVE if planned else ResidentStatus.CLOSED
        resident.removal_reason = change_type
        resident.removed_on = effective_on
        resident.moving_to_address = moving_to_address.strip()
        resident.moving_to_postal_code = postal_code_for_address(resident.moving_to_address)
        resident.notified_on = notified_on
        history_write(resident, change, status_from=ResidentStatus.CLOSED)
    if planned:
        _head_change_plan(
            change=change, leaving=leaving, new_head_id=new_head_id, relationships=relationships
        )
    else:
        _households_after_removal(
            change=change,
            leaving=leaving,
            new_head_id=new_head_id,
            relationships=relationships,
            actor=actor,
        )
    change_audit(
        change=change,
        actor=actor,
        residents=len(leaving),
        fields=["status", "removal_reason", "removed_on"],
    )
    residents_removed.send(
        sender=Resident,
        municipality_code=municipality.lg_code,
        resident_codes=tuple(r.resident_code for r in leaving),
        change_type=change_type,
        effective_on=effective_on,
    )
    return change


def _planned_check(leaving: Sequence[Resident]) -> None:
    """A record with a planned 転出 takes no other 消除 until that one is cancelled."""
    if any(r.planned_removal_on is not None for r in leaving):
        raise RuleViolation.for_field(
            "/resident_ids",
            RegistryErrorCode.REMOVAL_PLANNED,
            "転出予定日前の転出届が記録されています。別の消除をするには、先にその転出を取り消してください。",
        )


def _head_change_plan(
    *,
    change: Change,
    leaving: Sequence[Resident],
    new_head_id: int | None,
    relationships: Relationships | None,
) -> None:
    """The new 世帯主 named with a 転出 in the future: checked now (a member who stays, valid
    続柄, as head_install checks them), recorded on the 転出予定日 (PlannedHeadChange). The
    head stays head until then (doc/j50.txt §1.1.5)."""
    if new_head_id is None:
        return
    leaving_ids = {r.pk for r in leaving}
    for household in {r.household_id: r.household for r in leaving}.values():
        if not any(r.relationship == HEAD and r.household_id == household.pk for r in leaving):
            continue
        # Fresh instances: head_install sets their 続柄 in memory only, to check them.
        remaining = [m for m in household_members(household) if m.pk not in leaving_ids]
        if not remaining:
            continue
        new_head = head_pick(remaining, new_head_id, field="new_head_id")
        head_install(
            members=remaining, new_head=new_head, relationships=relationships, field="relationships"
        )
        PlannedHeadChange.objects.create(
            municipality=change.municipality,
            move_out=change,
            new_head=new_head,
            relationships={m.pk: m.relationship for m in remaining if m.pk != new_head.pk},
        )


def _households_after_removal(
    *,
    change: Change,
    leaving: Sequence[Resident],
    new_head_id: int | None,
    relationships: Relationships | None,
    actor: StaffUser | None,
) -> None:
    """The households the people left: a 世帯主変更 when the head left (named, or the only
    member left ex officio; else 世帯主未設定), and closed when nobody is left."""
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


def planned_records_close(
    *, leaving: Sequence[Resident], change: Change, move_out: Change | None = None
) -> None:
    """Closes locked records whose planned 転出 `move_out` has come (`change` is the 転出) or
    was confirmed by a 転入通知 (`change` is the 転出確定): no new history row — the row of
    `change` already records the 除票 from its 異動日 — then the households as after any
    消除, with the 世帯主変更 named with the 転出 (PlannedHeadChange), if any."""
    for resident in leaving:
        resident.status = ResidentStatus.CLOSED
        resident.save(update_fields=["status"])
    plan = PlannedHeadChange.objects.filter(move_out=move_out or change).first()
    new_head_id = plan.new_head_id if plan is not None else None
    remaining_ids = {m.pk for r in leaving for m in household_members(r.household) if m.pk != r.pk}
    if new_head_id not in remaining_ids:  # the named head left or died meanwhile
        new_head_id = None
    _households_after_removal(
        change=change,
        leaving=leaving,
        new_head_id=new_head_id,
        relationships={int(k): v for k, v in plan.relationships.items()} if plan else None,
        actor=None,
    )


def planned_removals_close(*, on: dt.date | None = None) -> int:
    """転出予定日の到来 (doc/j50.txt §1.1.5): every record whose planned 転出 has come by `on`
    (today) becomes a 除票, one 転出 at a time. Idempotent: a closed record is never picked
    again. Returns the number of records closed."""
    day = on or timezone.localdate()
    due = (
        Resident.objects.filter(
            status=ResidentStatus.ACTIVE, removed_on__isnull=False, removed_on__lte=day
        )
        .order_by("municipality_id", "pk")
        .values_list("municipality_id", "pk")
    )
    closed = 0
    for municipality_code, resident_id in list(due):
        closed += _planned_removal_close(municipality_code, resident_id, day)
    return closed


@transaction.atomic
def _planned_removal_close(municipality_code: str, resident_id: int, day: dt.date) -> int:
    """The 転出 of one due record, with everyone it took (they close together)."""
    row = (
        ResidentHistory.objects.filter(
            resident_id=resident_id, change__change_type__in=PLANNED_TYPES
        )
        .order_by("-history_number")
        .select_related("change", "change__municipality")
        .first()
    )
    if row is None:
        return 0
    change = row.change
    ids = Resident.objects.filter(history__change=change).values_list("pk", flat=True)
    leaving = [
        r
        for r in residents_lock(municipality=change.municipality, resident_ids=set(ids))
        if r.status == ResidentStatus.ACTIVE and r.removed_on is not None and r.removed_on <= day
    ]
    if not leaving:  # closed meanwhile by a concurrent run or a 転入通知
        return 0
    planned_records_close(leaving=leaving, change=change)
    audit_record(
        actor=None,
        action="registry.planned_removal_close",
        municipality_code=municipality_code,
        object_type="registry.Change",
        object_id=change.pk,
        purpose=REGISTRY_PURPOSE,
        detail={"residents": len(leaving)},
    )
    return len(leaving)


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
        note=HEAD_CHANGE_AFTER_REMOVAL_NOTE,
        circumstances=circumstances_of(change),
    )
    head_install(
        members=remaining, new_head=new_head, relationships=relationships, field="relationships"
    )
    for member in remaining:
        history_write(member, head_change, head_name=new_head.name)
    change_audit(change=head_change, actor=actor, residents=len(remaining), fields=["relationship"])
