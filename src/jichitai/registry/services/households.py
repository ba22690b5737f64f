"""世帯 changes: 世帯主変更, 世帯分離, 世帯合併, 世帯変更 and 転居 (which may split a household).

The standard's rule of §4.0.2: people who form a new household get a new head and every
other member's 続柄 relative to it; people who join an existing household get their 続柄
relative to its head and go to the end of its order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db import transaction

from jichitai.common.exceptions import RuleViolation, json_pointer
from jichitai.identity.models import StaffUser
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.errors import HouseholdNotFound
from jichitai.registry.models import (
    HEAD,
    Change,
    ChangeType,
    Household,
    Resident,
    ResidentStatus,
)
from jichitai.registry.relationships import relationship_after_head_change, relationship_validate
from jichitai.registry.services.entries import Address
from jichitai.registry.services.recording import (
    NOTIFIED,
    ChangeCircumstances,
    change_audit,
    change_open,
    change_open_for,
    dates_check,
    histories_write,
    history_write,
    household_head_check,
    household_member_ids,
    household_members,
    household_next_position,
    household_open,
    household_order_assign,
    living_check,
    residents_lock,
)
from jichitai.tenants.models import Municipality

Relationships = Mapping[int, str]
# The items a 転居 sets on each person who moves.
MOVE_FIELDS = ("address", "address_extra", "postal_code", "address_fixed_on")


def _relationship_for(member: Resident, relationships: Relationships, *, field: str) -> str:
    if member.pk not in relationships:
        raise RuleViolation.for_field(
            json_pointer(field),
            RegistryErrorCode.RELATIONSHIP_REQUIRED,
            "世帯員それぞれの世帯主との続柄を入力してください。",
        )
    pointer = json_pointer(field, member.pk)
    value = relationship_validate(relationships[member.pk], pointer=pointer)
    if value == HEAD:
        raise RuleViolation.for_field(
            pointer, RegistryErrorCode.HEAD_DUPLICATE, "世帯主は1世帯に1人です。"
        )
    return value


def _head_of(members: Sequence[Resident]) -> Resident | None:
    return next((m for m in members if m.relationship == HEAD), None)


def _former_head(household_id: int) -> Resident | None:
    """The head a headless household lost by a 消除 (its members' 続柄 still point at them);
    None when the head left for another household (their record moved with them)."""
    return (
        Resident.objects.filter(
            household_id=household_id, relationship=HEAD, status=ResidentStatus.CLOSED
        )
        .order_by("-removed_on", "-pk")
        .first()
    )


def _older(member: Resident, other: Resident) -> bool | None:
    """Is `member` born before `other`? None when a 生年月日 is a 不詳日 (doc/j80.txt §1.1.8):
    its sort day is only the latest possible one, so 兄 or 弟 is not proposed from it."""
    if not (member.birth_date_exact and other.birth_date_exact):
        return None
    return member.birth_date < other.birth_date


def relationships_propose(
    *, members: Sequence[Resident], new_head: Resident
) -> dict[int, tuple[str, bool]]:
    """世帯主変更後の続柄の候補: {resident id: (続柄, certain)} for every member but the new
    head (relationships.relationship_after_head_change); staff confirm the uncertain ones.
    In a household without a head the 続柄 are still those relative to the former head, so
    the proposals start from that person."""
    old_head = _head_of(members) or _former_head(new_head.household_id)
    old_head_sex = old_head.sex if old_head is not None else "1"
    proposals = {}
    for member in members:
        if member.pk == new_head.pk:
            continue
        proposal = relationship_after_head_change(
            member_relationship=member.relationship,
            new_head_relationship=new_head.relationship,
            old_head_sex=old_head_sex,
            member_sex=member.sex,
            member_is_older=_older(member, new_head),
        )
        proposals[member.pk] = (proposal.relationship, proposal.certain)
    return proposals


def head_install(
    *,
    members: Sequence[Resident],
    new_head: Resident,
    relationships: Relationships | None,
    field: str,
) -> None:
    """Sets 世帯主 and every other member's 続柄 (given, or the proposals)."""
    proposed = relationships_propose(members=members, new_head=new_head)
    given = dict(relationships or {})
    for member in members:
        if member.pk == new_head.pk:
            continue
        if member.pk not in given:
            given[member.pk] = proposed[member.pk][0]
        member.relationship = _relationship_for(member, given, field=field)
    new_head.relationship = HEAD
    household_order_assign(members=members)


def head_left_vacant(remaining: Sequence[Resident], head_id: int | None) -> bool:
    """世帯主不在 (doc/j490.txt §4.0.4): when the head leaves and two or more stay without a
    new head named, the household stands without one until a 世帯主変更 is notified
    (「世帯主未設定を許容すること」, doc/j100.txt §1.1.10). The members keep their 続柄 —
    still relative to the former head — since §4.1.4.2 (doc/j730.txt) sets them anew only
    with the 世帯主変更. One member left becomes head ex officio instead (head_pick)."""
    return head_id is None and len(remaining) > 1


def head_pick(members: Sequence[Resident], resident_id: int | None, *, field: str) -> Resident:
    if resident_id is None and len(members) == 1:
        # 世帯主不在 with one member left: the standard lets the municipality make that
        # person the head ex officio (doc/j490.txt §4.0.4).
        return members[0]
    chosen = next((m for m in members if m.pk == resident_id), None)
    if chosen is None:
        raise RuleViolation.for_field(
            json_pointer(field),
            RegistryErrorCode.HEAD_REQUIRED,
            "新しい世帯主を、その世帯の世帯員から指定してください。",
        )
    return chosen


def _address_set(
    member: Resident, address: Address, *, postal_code: str, fixed_on: dt.date
) -> None:
    """The new 住所 of a person who moves (`postal_code`: the address's, found once for all
    who move, since deriving it scans Japan Post's data of the prefecture)."""
    member.address = address.address.strip()
    member.address_extra = address.address_extra.strip()
    member.postal_code = postal_code
    member.address_fixed_on = fixed_on


def _regroup(
    *,
    change: Change,
    movers: list[Resident],
    target: Household | None,
    new_head_id: int | None,
    relationships: Relationships | None,
    remaining_head_id: int | None,
    remaining_relationships: Relationships | None,
    address: Address | None = None,
) -> None:
    """Moves `movers` (all from one household) into `target` (None: a new household)."""
    living_check(movers)
    sources = {m.household_id for m in movers}
    if len(sources) != 1:
        raise RuleViolation.for_field(
            "/resident_ids",
            RegistryErrorCode.MOVERS_ONE_HOUSEHOLD,
            "一度に扱えるのは同じ世帯の世帯員だけです。",
        )
    source = movers[0].household
    if target is not None and target.pk == source.pk:
        raise RuleViolation.for_field(
            "/household_id", RegistryErrorCode.HOUSEHOLD_SAME, "移動先が同じ世帯です。"
        )
    mover_ids = {m.pk for m in movers}
    remaining = [m for m in household_members(source) if m.pk not in mover_ids]
    head_leaves = any(m.relationship == HEAD for m in movers)

    target_head_name: str | None = None  # an existing household keeps its head
    if target is None:
        target = household_open(municipality=source.municipality)
        new_head = head_pick(movers, new_head_id, field="new_head_id")
        head_install(
            members=movers, new_head=new_head, relationships=relationships, field="relationships"
        )
        target_head_name = new_head.name
    else:
        for member in movers:
            member.relationship = _relationship_for(
                member, relationships or {}, field="relationships"
            )
        start = household_next_position(target)
        for offset, member in enumerate(movers):
            member.household_order = start + offset
    postal_code = address.postal_code_or_derived if address is not None else ""
    for member in movers:
        member.household = target
        if address is not None:
            _address_set(member, address, postal_code=postal_code, fixed_on=change.effective_on)
        member.notified_on = change.notified_on
        history_write(member, change, head_name=target_head_name)

    if head_leaves and remaining and not head_left_vacant(remaining, remaining_head_id):
        new_remaining_head = head_pick(remaining, remaining_head_id, field="remaining_head_id")
        head_install(
            members=remaining,
            new_head=new_remaining_head,
            relationships=remaining_relationships,
            field="remaining_relationships",
        )
        for member in remaining:
            history_write(member, change, head_name=new_remaining_head.name)
    household_head_check(source)
    household_head_check(target)


def _household_locked(municipality: Municipality, household_id: int) -> Household:
    household = (
        Household.objects.for_municipality(municipality)
        .select_for_update()
        .filter(pk=household_id, is_active=True)
        .first()
    )
    if household is None:
        raise HouseholdNotFound
    return household


@transaction.atomic
def household_head_change(
    *,
    municipality: Municipality,
    household_id: int,
    new_head_id: int,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    relationships: Relationships | None = None,
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """世帯主変更届 (change of head): every member's 続柄 is set anew (§4.1.4.2) — from
    `relationships` where given, otherwise from the proposals — and every member gets a
    history row, since 世帯主の氏名 is held per person (§1.2.1). Also how a household left
    without a head (head_left_vacant) gets one again.
    Raises HouseholdNotFound, RuleViolation (続柄, head)."""
    household = _household_locked(municipality, household_id)
    members = residents_lock(
        municipality=municipality, resident_ids=[m.pk for m in household_members(household)]
    )
    dates_check(
        effective_on=effective_on,
        notified_on=notified_on,
        not_before=[m.birth_date for m in members],
    )
    new_head = head_pick(members, new_head_id, field="new_head_id")
    if new_head.relationship == HEAD:
        raise RuleViolation.for_field(
            "/new_head_id", RegistryErrorCode.HEAD_UNCHANGED, "指定した人は既に世帯主です。"
        )
    change = change_open(
        municipality=municipality,
        change_type=ChangeType.HEAD_CHANGE,
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )
    head_install(
        members=members, new_head=new_head, relationships=relationships, field="relationships"
    )
    for member in members:
        member.notified_on = notified_on
        history_write(member, change, head_name=new_head.name)
    household_head_check(household)
    change_audit(change=change, actor=actor, residents=len(members), fields=["relationship"])
    return change


@transaction.atomic
def household_split(
    *,
    municipality: Municipality,
    resident_ids: Sequence[int],
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    new_head_id: int | None = None,
    relationships: Relationships | None = None,
    remaining_head_id: int | None = None,
    remaining_relationships: Relationships | None = None,
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """世帯分離: some members form a new household at the same address.
    Raises ResidentNotFound, RuleViolation (closed record, 続柄, head)."""
    movers = residents_lock(municipality=municipality, resident_ids=resident_ids)
    change = change_open_for(
        movers,
        municipality=municipality,
        change_type=ChangeType.HOUSEHOLD_SPLIT,
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )
    _regroup(
        change=change,
        movers=movers,
        target=None,
        new_head_id=new_head_id,
        relationships=relationships,
        remaining_head_id=remaining_head_id,
        remaining_relationships=remaining_relationships,
    )
    change_audit(change=change, actor=actor, residents=len(movers), fields=["household"])
    return change


@transaction.atomic
def household_transfer(
    *,
    municipality: Municipality,
    resident_ids: Sequence[int],
    household_id: int,
    relationships: Relationships,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    merge: bool = False,
    remaining_head_id: int | None = None,
    remaining_relationships: Relationships | None = None,
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """世帯変更 (members join another household at the same address) or, with `merge`, 世帯合併
    (a whole household joins another). Raises ResidentNotFound, HouseholdNotFound,
    RuleViolation."""
    movers = residents_lock(municipality=municipality, resident_ids=resident_ids)
    target = _household_locked(municipality, household_id)
    if merge and {m.pk for m in household_members(movers[0].household)} != {m.pk for m in movers}:
        raise RuleViolation.for_field(
            "/resident_ids",
            RegistryErrorCode.HOUSEHOLD_MERGE_PARTIAL,
            "世帯合併では、合併する世帯の全員を指定してください。",
        )
    change_type = ChangeType.HOUSEHOLD_MERGE if merge else ChangeType.HOUSEHOLD_CHANGE
    change = change_open_for(
        movers,
        municipality=municipality,
        change_type=change_type,
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )
    _regroup(
        change=change,
        movers=movers,
        target=target,
        new_head_id=None,
        relationships=relationships,
        remaining_head_id=remaining_head_id,
        remaining_relationships=remaining_relationships,
    )
    change_audit(change=change, actor=actor, residents=len(movers), fields=["household"])
    return change


@transaction.atomic
def residents_move_within(
    *,
    municipality: Municipality,
    resident_ids: Sequence[int],
    address: Address,
    effective_on: dt.date,
    notified_on: dt.date | None,
    actor: StaffUser | None,
    new_head_id: int | None = None,
    relationships: Relationships | None = None,
    remaining_head_id: int | None = None,
    remaining_relationships: Relationships | None = None,
    note: str = "",
    circumstances: ChangeCircumstances = NOTIFIED,
) -> Change:
    """転居届 (move within the municipality). The whole household moves together; when only
    some members move, they form a new household at the new address.
    Raises ResidentNotFound, RuleViolation (closed record, dates, address, 続柄)."""
    if not address.address.strip():
        raise RuleViolation.for_field(
            "/address", RegistryErrorCode.ADDRESS_REQUIRED, "住所を入力してください。"
        )
    movers = residents_lock(municipality=municipality, resident_ids=resident_ids)
    living_check(movers)
    change = change_open_for(
        movers,
        municipality=municipality,
        change_type=ChangeType.MOVE_WITHIN,
        effective_on=effective_on,
        notified_on=notified_on,
        actor=actor,
        note=note,
        circumstances=circumstances,
    )
    whole = {m.pk for m in movers} == household_member_ids(movers[0].household)
    if whole and len({m.household_id for m in movers}) == 1:
        postal_code = address.postal_code_or_derived
        for member in movers:
            _address_set(member, address, postal_code=postal_code, fixed_on=effective_on)
            member.notified_on = notified_on
        histories_write(movers, change, fields=[*MOVE_FIELDS, "notified_on"])
    else:
        _regroup(
            change=change,
            movers=movers,
            target=None,
            new_head_id=new_head_id,
            relationships=relationships,
            remaining_head_id=remaining_head_id,
            remaining_relationships=remaining_relationships,
            address=address,
        )
    change_audit(change=change, actor=actor, residents=len(movers), fields=MOVE_FIELDS)
    return change
