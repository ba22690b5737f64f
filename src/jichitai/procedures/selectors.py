"""Reads of procedures and cases, for the API, the resident portal and the department inboxes.

Portal (`/<lg_code>/portal/`, resident = actors.ResidentActor):
- `procedure_list(query=, life_event=)` / `procedure_get(procedure_id=)`: find a procedure;
- `case_form_initial(procedure_id=, resident=, card=, move_out_certificate=)`: the form, filled;
- `case_signing_bytes(applications=)`: what the card signs (one application, or the
  転出届 + 転入予約 pair, in that order);
- `case_list_for_resident(municipality=, actor=)`, `case_get_for_resident(...)`: my cases,
  with `events`, `returns` (差戻しの理由), `documents` (the signed 住民票の写し PDF);
- `case_allowed_activities(case=)`: which buttons to show;
- `case_exchange_rows(case=)`: 情報連携で取得した情報 (also on the staff case page).
Inbox (`/<lg_code>/office/`, staff): `case_list_for_inbox(municipality=, department=,
states=, departments=)` (overdue first), `case_get(municipality=, case_id=)`,
`case_departments_for_staff(staff=)` (need to know: the departments whose cases a staff
member may read; identity.selectors.staff_readable_department_keys states the rule).
Writes are in services (case_submit, case_submit_moving, case_claim, case_return,
case_resubmit, case_approve, case_reject, case_withdraw).
Also exported for other apps (the `X as X` imports): `Procedure`, `SignedApplication`, the
schema's checks (`data_errors`) and how a case's data reads (summary.py: `data_summary`,
`date_text`…).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from jichitai.common.exceptions import FieldError, RuleViolation
from jichitai.departments.models import Business, CareCertification
from jichitai.departments.selectors import care_certification_of
from jichitai.identity.models import StaffUser
from jichitai.identity.selectors import department_names_by_key, staff_readable_department_keys
from jichitai.procedures.actors import ResidentActor
from jichitai.procedures.approval_actions import approval_actions_check
from jichitai.procedures.definitions import (
    DEPARTMENTS,
    LIFE_EVENTS,
    catalog,
    search_normalize,
)
from jichitai.procedures.definitions import Procedure as Procedure
from jichitai.procedures.definitions import form_field_schema as form_field_schema
from jichitai.procedures.errors import CaseNotFound, LifeEventNotFound, ProcedureNotFound
from jichitai.procedures.life_events import Applicable as Applicable
from jichitai.procedures.life_events import Facts as Facts
from jichitai.procedures.life_events import LifeEvent as LifeEvent
from jichitai.procedures.life_events import Person as Person
from jichitai.procedures.life_events import Question as Question
from jichitai.procedures.life_events import Text as Text
from jichitai.procedures.life_events import applicable, life_events
from jichitai.procedures.models import Activity, Case, CaseEvent, CaseExchange, CaseState
from jichitai.procedures.prefill import PEOPLE_ITEMS as PEOPLE_ITEMS
from jichitai.procedures.prefill import prefill_data
from jichitai.procedures.signing import SignedApplication as SignedApplication
from jichitai.procedures.signing import signing_bytes, signing_payload
from jichitai.procedures.summary import SummaryRow as SummaryRow
from jichitai.procedures.summary import choices_of as choices_of
from jichitai.procedures.summary import data_summary as data_summary
from jichitai.procedures.summary import date_text as date_text
from jichitai.procedures.summary import is_internal as is_internal
from jichitai.procedures.summary import shown_value as shown_value
from jichitai.procedures.validation import data_errors as data_errors
from jichitai.procedures.workflow import allowed_activities
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality

# 審査待ち and 審査中: what an inbox shows unless asked otherwise. A returned case waits for
# the resident, not for staff.
INBOX_STATES = (CaseState.SUBMITTED, CaseState.RESUBMITTED, CaseState.IN_REVIEW)


def procedure_list(
    *, query: str = "", life_event: str | None = None, channel: str | None = None
) -> list[Procedure]:
    """手続の検索: by words (name, summary, keywords; width and kana insensitive, every word
    must match), by life event (引越し, 妊娠・出産, 子育て, 介護 …) and by channel."""
    words = search_normalize(query).split()
    found = [
        procedure
        for procedure in catalog().values()
        if all(word in procedure.search_text for word in words)
        and (life_event is None or life_event in procedure.life_events)
        and (channel is None or procedure.accepts(channel))
    ]
    return sorted(found, key=lambda p: p.id)


# The order people meet life events in; an event a procedure file names but this list does
# not know still appears, after these.
def life_events_list() -> list[str]:
    """くらしの出来事: every life event the catalog's procedures name, in LIFE_EVENTS' order."""
    named = {event for procedure in catalog().values() for event in procedure.life_events}
    known = [event for event in LIFE_EVENTS if event in named]
    return known + sorted(named - set(LIFE_EVENTS))


def procedure_get(*, procedure_id: str) -> Procedure:
    """手続 (one procedure with its form). Raises ProcedureNotFound."""
    try:
        return catalog()[procedure_id]
    except KeyError:
        raise ProcedureNotFound from None


def case_form_initial(
    *,
    procedure_id: str,
    resident: Resident | None,
    card: Mapping[str, Any] | None = None,
    move_out_certificate: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """事前入力: the form's data filled from the card's 基本4情報, the register and a received
    転出証明書情報, following the procedure file's prefill rules. Raises ProcedureNotFound."""
    procedure = procedure_get(procedure_id=procedure_id)
    return prefill_data(
        rules=procedure.prefill,
        resident=resident,
        card=card,
        move_out_certificate=move_out_certificate,
    )


def case_data_problems(
    *, procedure: Procedure, data: Any, applicant: Resident | None
) -> list[FieldError]:
    """What a form must fix before submission: the schema's errors per field, then, once the
    form is complete, the rules its approval actions check (the same checks submission runs),
    so a resident hears of them next to the field, not after signing."""
    errors = data_errors(procedure=procedure, data=data)
    if errors:
        return errors
    try:
        approval_actions_check(
            names=[a.action for a in procedure.on_approval], data=data, applicant=applicant
        )
    except RuleViolation as broken:
        return list(broken.errors)
    return []


def move_in_reservation_data(*, move_out: Mapping[str, Any], resident: Resident) -> dict[str, Any]:
    """The 転入予約 that goes with a 転出届 (引越しワンストップ): everything comes from the
    転出届 and the resident's record, so the resident fills in one form, not two."""
    applicant = move_out.get("applicant", {})
    moving_to = move_out.get("moving_to", {})
    new_address = {"address": moving_to.get("address", "")}
    if moving_to.get("postal_code"):
        new_address["postal_code"] = moving_to["postal_code"]
    data: dict[str, Any] = {
        "applicant": {
            "name": applicant.get("name", ""),
            "name_kana": applicant.get("name_kana", ""),
            "birth_date": applicant.get("birth_date", ""),
            "sex": resident.sex,
            "current_address": applicant.get("address", ""),
        },
        "movers": move_out.get("movers", []),
        "planned_move_in_on": move_out.get("planned_move_on", ""),
        "new_address": new_address,
    }
    if applicant.get("phone"):
        data["applicant"]["phone"] = applicant["phone"]
    return data


def case_signing_bytes(*, applications: Sequence[SignedApplication]) -> bytes:
    """署名対象のバイト列: what the resident's 署名用電子証明書 signs for these applications."""
    return signing_bytes(signing_payload(applications))


def _with_details(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("applicant", "assigned_to").prefetch_related(
        "events", "returns", "attachments", "documents"
    )


def case_get(*, municipality: Municipality, case_id: int) -> Case:
    """申請 (one case with its events, returns, attachments and documents).
    Raises CaseNotFound, also for another municipality's case."""
    case = _with_details(Case.objects.for_municipality(municipality)).filter(pk=case_id).first()
    if case is None:
        raise CaseNotFound
    return case


# 受付番号: the year and a number within it (procedures.services.recording), e.g. 2026-000001.
REFERENCE_NUMBER = re.compile(r"\d{4}-\d{6,}", re.ASCII)


def case_id_by_reference(*, municipality: Municipality, reference_number: str) -> int:
    """The case with this 受付番号 here (a page of another app knows only the number).
    Raises CaseNotFound, also for text that is no 受付番号 at all (it comes from a URL: a NUL
    or a megabyte of it must never reach the database)."""
    if not REFERENCE_NUMBER.fullmatch(reference_number):
        raise CaseNotFound
    case_id = (
        Case.objects.for_municipality(municipality)
        .filter(reference_number=reference_number)
        .values_list("pk", flat=True)
        .first()
    )
    if case_id is None:
        raise CaseNotFound
    return case_id


def case_is_own(*, case: Case, actor: ResidentActor) -> bool:
    """Filed by this resident online, or with them as the applicant (e.g. at the counter)."""
    return case.applicant_key == actor.key or (
        case.applicant_id is not None and case.applicant_id == actor.resident_id
    )


def case_get_for_resident(
    *, municipality: Municipality, case_id: int, actor: ResidentActor
) -> Case:
    """The resident's own case; anyone else's is answered as not found. Raises CaseNotFound."""
    case = case_get(municipality=municipality, case_id=case_id)
    if not case_is_own(case=case, actor=actor):
        raise CaseNotFound
    return case


def case_list_for_resident(*, municipality: Municipality, actor: ResidentActor) -> QuerySet[Case]:
    """わたしの申請: the resident's cases in this municipality, newest first."""
    mine = Q(applicant_key=actor.key)
    if actor.resident_id is not None:
        mine |= Q(applicant_id=actor.resident_id)
    return (
        Case.objects.for_municipality(municipality)
        .filter(mine)
        .prefetch_related("events", "returns", "documents")
        .order_by("-submitted_at", "-pk")
    )


def case_list_for_inbox(
    *,
    municipality: Municipality,
    department: str | None = None,
    states: Iterable[str] | None = None,
    procedure_id: str | None = None,
    departments: Iterable[str] | None = None,
    today: dt.date | None = None,
) -> QuerySet[Case]:
    """担当の受付一覧 (a department inbox): overdue cases first (処理期限 before today), then by
    処理期限 and order of receipt. `states` defaults to those waiting for staff;
    `departments` (case_departments_for_staff) limits the list to what the reader may see.
    Each case carries `is_overdue`."""
    today = today or timezone.localdate()
    qs = Case.objects.for_municipality(municipality).filter(
        state__in=list(states) if states is not None else INBOX_STATES
    )
    if department:
        qs = qs.filter(department=department)
    if departments is not None:
        qs = qs.filter(department__in=list(departments))
    if procedure_id:
        qs = qs.filter(procedure_id=procedure_id)
    overdue = models.Case(
        When(due_on__lt=today, state__in=INBOX_STATES, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        qs.select_related("assigned_to")
        .annotate(is_overdue=overdue)
        .order_by("-is_overdue", "due_on", "submitted_at", "pk")
    )


def case_events_list(*, case: Case) -> QuerySet[CaseEvent]:
    """事象の履歴 (the case's events in time order)."""
    return (
        CaseEvent.objects.for_municipality(case.municipality_id)
        .filter(case=case)
        .order_by("timestamp", "pk")
    )


def case_events_for_mining(
    *, municipality: Municipality | str, procedure_id: str | None = None
) -> QuerySet[CaseEvent]:
    """事象ログ (the municipality's case events for process mining, insights' exports): each
    case's events together, in time order, with the case's 受付番号 at hand (and nothing else
    of the case: its data is personal and not needed)."""
    events = CaseEvent.objects.for_municipality(municipality)
    if procedure_id is not None:
        events = events.filter(procedure_id=procedure_id)
    return (
        events.select_related("case")
        .only(
            "activity",
            "timestamp",
            "actor_type",
            "channel",
            "procedure_id",
            "state",
            "case__reference_number",
        )
        .order_by("case_id", "timestamp", "pk")
    )


def case_allowed_activities(*, case: Case) -> list[Activity]:
    """What the workflow allows next from the case's state."""
    return allowed_activities(case.state)


def workflow_role_departments() -> dict[str, frozenset[str]]:
    """Role → the departments with a workflow step for that role, from the catalog (e.g.
    住民記録審査 → residents, for 転出届 and 転居届)."""
    found: defaultdict[str, set[str]] = defaultdict(set)
    for procedure in catalog().values():
        for step in procedure.workflow:
            found[step.role].add(procedure.department)
    return {role: frozenset(departments) for role, departments in found.items()}


def case_departments_for_staff(*, staff: StaffUser) -> frozenset[str]:
    """閲覧できる担当 (need to know): the department keys whose cases this staff member may
    read and act on; identity.selectors.staff_readable_department_keys states the rule."""
    return staff_readable_department_keys(user=staff, role_keys=workflow_role_departments())


def department_labels(*, municipality: Municipality | str) -> dict[str, str]:
    """担当の表示名 by catalog department key, in the catalog's order: the municipality's own
    課 that takes care of the key (みなかみ町「町民課」, みどり市「市民課」), else the catalog's
    generic label (「住民記録担当」) when no 課 does. What staff and residents read wherever a
    case or procedure names who handles it. One query."""
    own = department_names_by_key(municipality=municipality)
    return {key: own.get(key, generic) for key, generic in DEPARTMENTS.items()}


def department_label(*, municipality: Municipality | str, key: str) -> str:
    """One 担当's label (see department_labels); an unknown key shows as itself."""
    return department_labels(municipality=municipality).get(key, key)


@dataclass(frozen=True)
class CaseExchangeRow:
    """情報連携で取得した情報, as the case pages show it: what, about whom (「請求者」), from
    which municipality and business, when, on which legal basis."""

    item_label: str
    about: str
    provider_name: str
    provider_business_label: str
    occurred_at: dt.datetime
    legal_basis: str
    exchange_id: str


def case_exchange_rows(*, case: Case) -> list[CaseExchangeRow]:
    """The exchanges whose answers the approval of `case` used, in the order it asked."""
    exchanges = list(CaseExchange.objects.filter(case=case).order_by("pk"))
    # Names from the national code list (public master data), not the other tenant's rows.
    names = {
        m.lg_code: m.full_name
        for m in Municipality.objects.filter(
            lg_code__in={e.provider_municipality for e in exchanges}
        )
    }
    return [
        CaseExchangeRow(
            item_label=e.item_label,
            about=e.about,
            provider_name=names.get(e.provider_municipality, e.provider_municipality),
            provider_business_label=str(Business(e.provider_business).label),
            occurred_at=e.occurred_at,
            legal_basis=e.legal_basis,
            exchange_id=e.exchange_id,
        )
        for e in exchanges
    ]


# ---------------------------------------------------------------------------- ライフイベント


def life_event_list() -> list[LifeEvent]:
    """ライフイベント一覧 in the order people meet them (転入, 転出, 転居, 出生, 死亡, 婚姻・氏の変更)."""
    return list(life_events().values())


def life_event_get(*, event_id: str) -> LifeEvent:
    """One life event by its id. Raises LifeEventNotFound."""
    event = life_events().get(event_id)
    if event is None:
        raise LifeEventNotFound
    return event


def life_event_applicable(*, event_id: str, facts: Facts) -> list[Applicable]:
    """手続の判定: the filings a life event leads to for these facts, each with its reason and
    the fields the event fills (procedures.life_events.applicable). Usable without anyone in
    the register (手続ナビ: ages and answers) and with them (the counter: birth dates).
    Raises LifeEventNotFound, LifeEventAnswersInvalid."""
    return applicable(life_event_get(event_id=event_id), facts)


# The procedures whose approval writes a 要介護認定 (Case.care_certification_id).
CARE_CERTIFICATION_PROCEDURES = frozenset(
    {"care_need_certification", "care_relocation_certification"}
)


def case_care_certification(*, case: Case) -> CareCertification | None:
    """要介護認定の記録 the case's approval wrote: the application waiting for the
    介護認定審査会 (status applied), or the 認定 with its level and 有効期間; None for any
    other case, and before approval."""
    if case.procedure_id not in CARE_CERTIFICATION_PROCEDURES or case.care_certification_id is None:
        return None
    return care_certification_of(
        municipality=case.municipality, certification_id=case.care_certification_id
    )
