"""What every case service shares: 受付番号, 処理期限, the case event and the audit record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.identity.models import StaffUser
from jichitai.identity.selectors import staff_roles
from jichitai.procedures.actors import Actor, ResidentActor
from jichitai.procedures.definitions import Procedure
from jichitai.procedures.errors import CaseNotFound, CaseRoleRequired
from jichitai.procedures.models import (
    Activity,
    ActorType,
    Case,
    CaseAttachment,
    CaseEvent,
    CaseState,
    ReferenceSequence,
)
from jichitai.procedures.selectors import case_departments_for_staff
from jichitai.procedures.signals import case_state_changed
from jichitai.tenants.models import Municipality
from jichitai.tenants.selectors import municipality_open_day_after

CASE_OBJECT = "procedures.Case"
ATTACHMENT_OBJECT = "procedures.CaseAttachment"
# ReferenceSequence's table and columns, written out: the ORM has no UPDATE … RETURNING.
_INCREMENT_SQL = (
    'UPDATE "procedures_referencesequence" SET "last_value" = "last_value" + 1 '
    'WHERE "municipality_id" = %s AND "year" = %s RETURNING "last_value"'
)


def reference_number_issue(*, municipality: Municipality, now: dt.datetime) -> str:
    """受付番号 "2026-000123": the year and a running number of the municipality. The
    increment locks the sequence row until the transaction ends, so concurrent submissions
    never share a number; callers take it as late as they can, as every submission of the
    municipality waits for that lock."""
    year = timezone.localdate(now).year
    number = _sequence_increment(lg_code=municipality.lg_code, year=year)
    if number is None:
        ReferenceSequence.objects.get_or_create(municipality=municipality, year=year)
        number = _sequence_increment(lg_code=municipality.lg_code, year=year)
    return f"{year}-{number:06d}"


def _sequence_increment(*, lg_code: str, year: int) -> int | None:
    """The next number, or None when the year has no row yet. UPDATE … RETURNING
    (PostgreSQL, SQLite ≥ 3.35) takes the row lock and reads the number in one round trip
    instead of two: every submission of the municipality waits behind that lock until its
    holder commits, so each round trip under it counts once per submission in the queue."""
    with connection.cursor() as cursor:
        cursor.execute(_INCREMENT_SQL, [lg_code, year])
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def due_on_compute(*, municipality: Municipality, submitted_on: dt.date, open_days: int) -> dt.date:
    """処理期限: the `open_days`-th open day after the day of submission (標準処理期間 in
    開庁日: weekends, 祝日, 年末年始 and the municipality's 閉庁日 do not count). With 0, the
    day itself, or the next open day when it is closed."""
    return municipality_open_day_after(
        municipality=municipality, day=submitted_on, open_days=open_days
    )


def actor_fields(actor: Actor | None) -> dict[str, str]:
    if actor is None:
        return {"actor_type": ActorType.SYSTEM, "actor_id": ""}
    if isinstance(actor, ResidentActor):
        return {"actor_type": ActorType.RESIDENT, "actor_id": actor.key}
    return {"actor_type": ActorType.STAFF, "actor_id": str(actor.pk)}


def staff_of(actor: StaffUser, municipality: Municipality) -> StaffUser:
    """Services trust no caller: another municipality's staff get the same 404 as the API."""
    if actor.municipality_id != municipality.lg_code:
        raise CaseNotFound
    return actor


def case_department_check(*, actor: StaffUser, case: Case, action: str) -> Case:
    """Need to know: a case outside the staff member's departments (their 課, and the roles'
    departments of the catalog) is answered like a missing one, and the attempt is audited.
    Call it outside any transaction that will roll back. Raises CaseNotFound."""
    if case.department in case_departments_for_staff(staff=actor):
        return case
    audit_record(
        actor=actor,
        action=action,
        municipality_code=case.municipality_id,
        object_type=CASE_OBJECT,
        object_id=case.pk,
        result="denied",
        detail={"department_missing": True},
    )
    raise CaseNotFound


def role_check(*, actor: StaffUser, role: str) -> None:
    """The workflow step's role (procedure file) must be among the staff member's roles."""
    from jichitai.identity.models import Role

    if role not in staff_roles(user=actor):
        raise CaseRoleRequired(role_label=str(Role(role).label))


def case_event_write(
    *, case: Case, activity: Activity, actor: Actor | None, now: dt.datetime
) -> CaseEvent:
    """事象の記録, in the transaction of the change it describes; `case_state_changed` goes
    out when that transaction commits."""
    notice = {
        "municipality_code": case.municipality_id,
        "case_id": case.pk,
        "reference_number": case.reference_number,
        "procedure_id": case.procedure_id,
        "activity": str(activity),
        "state": str(case.state),
        "applicant_id": case.applicant_id,
        "applicant_key": case.applicant_key,
    }
    transaction.on_commit(lambda: case_state_changed.send(sender=Case, **notice))
    return CaseEvent.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        activity=activity,
        timestamp=now,
        channel=case.channel,
        procedure_id=case.procedure_id,
        state=case.state,
        **actor_fields(actor),
    )


def case_audit(
    *,
    case: Case,
    activity: Activity,
    actor: Actor | None,
    procedure: Procedure,
    detail: Mapping[str, Any] | None = None,
) -> None:
    audit_record(
        actor=actor,  # ResidentActor is shaped like a user
        action=f"case.{activity.value}",
        municipality_code=case.municipality_id,
        object_type=CASE_OBJECT,
        object_id=case.pk,
        purpose=procedure.name,
        detail=detail,
    )


def case_transition(
    *,
    case: Case,
    activity: Activity,
    target: CaseState,
    actor: Actor | None,
    now: dt.datetime,
    procedure: Procedure,
    fields: list[str],
    detail: Mapping[str, Any] | None = None,
) -> Case:
    """Saves a locked case in its new state with its event and audit record, in the caller's
    transaction. `target` comes from workflow.transition_target, asked before anything else
    changed; `fields` are the other fields the caller set."""
    case.state = target
    case.save(update_fields=["state", *fields])
    case_event_write(case=case, activity=activity, actor=actor, now=now)
    case_audit(
        case=case,
        activity=activity,
        actor=actor,
        procedure=procedure,
        detail={**(detail or {}), "fields": ["state", *fields]},
    )
    return case


def case_access_record(*, actor: Actor, case: Case, procedure: Procedure) -> None:
    """申請内容の閲覧の記録: reading a case's data is reading personal data (DESIGN.md)."""
    audit_record(
        actor=actor,  # ResidentActor is shaped like a user
        action="case.view",
        municipality_code=case.municipality_id,
        object_type=CASE_OBJECT,
        object_id=case.pk,
        purpose=procedure.name,
    )


def case_list_access_record(*, actor: StaffUser, cases: Sequence[Case], purpose: str) -> None:
    """受付一覧の閲覧の記録: a list that names applicants shows personal data, so one record per
    page shown, as the registry records a page of search results (the count, never names)."""
    if not cases:
        return
    audit_record(
        actor=actor,
        action="case.list",
        municipality_code=cases[0].municipality_id,
        object_type=CASE_OBJECT,
        object_id=cases[0].pk if len(cases) == 1 else "",
        purpose=purpose,
        detail={"cases": len(cases)},
    )


def case_attachment_access_record(
    *, actor: StaffUser, attachment: CaseAttachment, purpose: str
) -> None:
    """添付書類の閲覧の記録: a scan of a 通帳 or a certificate is personal data (DESIGN.md)."""
    audit_record(
        actor=actor,
        action="case.attachment_download",
        municipality_code=attachment.municipality_id,
        object_type=ATTACHMENT_OBJECT,
        object_id=attachment.pk,
        purpose=purpose,
        detail={"case": attachment.case_id},
    )
