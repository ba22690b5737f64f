"""Counter services: every write of a counter session, one function per use case (selectors.py
reads). Each locks the session, writes it and an audit record (no personal values) in one
transaction, or nothing. Completion (`session_complete`) is in completion.py.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.exceptions import FieldError
from jichitai.common.text import text_is_clean
from jichitai.counter.errors import (
    CardNotMatching,
    EventNotApplicable,
    EventRequired,
    InputInvalid,
    PairingCodeInvalid,
    SessionCompleted,
    SessionNotFound,
    StartRequired,
)
from jichitai.counter.filings import (
    Filing,
    MissingField,
    served_person,
    session_facts,
    session_filings,
    session_people,
)
from jichitai.counter.models import CounterSession, Pairing
from jichitai.counter.tokens import pairing_hash
from jichitai.identity.models import StaffUser
from jichitai.procedures.selectors import (
    form_field_schema,
    life_event_applicable,
    life_event_get,
)
from jichitai.registry.models import MoveOutCertificate, Resident, ResidentStatus
from jichitai.registry.selectors import ResidentQuery, resident_search
from jichitai.registry.services import resident_access_record
from jichitai.tenants.models import Municipality

COUNTER_PURPOSE = "書かないワンストップ窓口"
PAIRING_MINUTES = 5
MAX_INPUT_LENGTH = 200


@dataclass(frozen=True)
class CardRead:
    """基本4情報 as the card reader (the bridge, or the demo device) gave them; the 個人番号
    read with them is not kept by the counter."""

    name: str
    birth_date: dt.date
    sex: str
    address: str
    card_id: str = ""  # the demo's virtual card (its 券面 changes after a 転入)


def session_audit(
    session: CounterSession, action: str, actor: StaffUser | None, **detail: Any
) -> None:
    audit_record(
        actor=actor,
        action=action,
        municipality_code=session.municipality_id,
        object_type="counter.CounterSession",
        object_id=session.pk,
        purpose=COUNTER_PURPOSE,
        detail=detail or None,
    )


# A counter search names the person in front of the desk: a few candidates are enough.
RESIDENT_SEARCH_LIMIT = 20


def residents_find(
    *, municipality: Municipality, actor: StaffUser, name: str, birth: str
) -> list[Resident]:
    """住民検索 at the counter, to start a session from the register: living residents by 氏名
    (writing or reading, as the register's search) and 生年月日, at most 20; the read of their
    data is audited (閲覧記録). Raises StartRequired when both are empty, and the register
    search's InvalidInput for an unreadable date or name."""
    query = ResidentQuery(name=name[:100], birth=birth[:20])
    if query.is_empty:
        raise StartRequired
    found = resident_search(municipality=municipality, query=query, limit=RESIDENT_SEARCH_LIMIT)
    resident_access_record(
        actor=actor, residents=found, action="counter.resident_search", purpose=COUNTER_PURPOSE
    )
    return found


def session_lock(*, municipality: Municipality, session_id: str) -> CounterSession:
    """The open session, locked. Raises SessionNotFound, SessionCompleted."""
    session = (
        CounterSession.objects.for_municipality(municipality)
        .select_for_update()
        .filter(public_id=session_id)
        .first()
    )
    if session is None:
        raise SessionNotFound
    if session.status == CounterSession.Status.COMPLETED:
        raise SessionCompleted
    return session


@transaction.atomic
def session_open(
    *,
    municipality: Municipality,
    actor: StaffUser,
    certificate_id: int | None = None,
    resident_id: int | None = None,
) -> CounterSession:
    """窓口受付の開始 from a 転入待ち entry or from a living resident of the register.
    Raises StartRequired (neither or both, or not found here)."""
    if (certificate_id is None) == (resident_id is None):
        raise StartRequired
    session = CounterSession(municipality=municipality, staff=actor)
    if certificate_id is not None:
        session.move_out_certificate = (
            MoveOutCertificate.objects.for_municipality(municipality)
            .filter(pk=certificate_id, status=MoveOutCertificate.Status.PENDING)
            .first()
        )
        if session.move_out_certificate is None:
            raise StartRequired
        session.event_on = min(session.move_out_certificate.planned_on, timezone.localdate())
    elif resident_id is not None:
        session.resident = (
            Resident.objects.for_municipality(municipality)
            .filter(pk=resident_id, status=ResidentStatus.ACTIVE)
            .first()
        )
        if session.resident is None:
            raise StartRequired
        session.event_on = timezone.localdate()
    session.save()
    session_audit(session, "counter.session_open", actor)
    return session


@transaction.atomic
def session_card_record(
    *, municipality: Municipality, session_id: str, actor: StaffUser, card: CardRead
) -> CounterSession:
    """カードの読取り: keeps the card's 基本4情報 when they are of someone the session is about.
    Raises CardNotMatching (nothing kept), SessionNotFound, SessionCompleted."""
    session = session_lock(municipality=municipality, session_id=session_id)
    session.card = {
        "name": card.name,
        "birth_date": card.birth_date.isoformat(),
        "sex": card.sex,
        "address": card.address,
        "card_id": card.card_id,
    }
    if served_person(session, session_people(session)) is None:
        raise CardNotMatching
    session.confirmed_at = None
    session.save(update_fields=["card", "confirmed_at"])
    session_audit(session, "counter.card_read", actor)
    return session


@transaction.atomic
def session_event_choose(
    *,
    municipality: Municipality,
    session_id: str,
    actor: StaffUser,
    event_id: str,
    answers: Mapping[str, Any],
    event_on: dt.date,
) -> CounterSession:
    """ライフイベントの選択 and the answers to its questions. A 転入 only for a 転入待ち entry,
    the others only for a resident living here. Raises LifeEventNotFound,
    LifeEventAnswersInvalid, EventNotApplicable, SessionNotFound, SessionCompleted."""
    session = session_lock(municipality=municipality, session_id=session_id)
    event = life_event_get(event_id=event_id)
    arriving = session.move_out_certificate is not None
    if arriving and event.register != "arriving":
        raise EventNotApplicable(
            f"「{event.name.ja}」は、住民記録にある人の手続です。転入待ちの人には選べません。"
        )
    if not arriving and event.register == "arriving":
        raise EventNotApplicable(
            "この人はすでに住民として記録されています。転入は選べません（転居なら「転居」）。"
        )
    session.event_id = event.id
    session.answers = dict(answers)
    session.event_on = event_on
    # Checks the answers (refused with one error per question) before anything is kept.
    life_event_applicable(event_id=event.id, facts=session_facts(session))
    session.staff_inputs = {}
    session.confirmed_at = None
    session.save(update_fields=["event_id", "answers", "event_on", "staff_inputs", "confirmed_at"])
    session_audit(session, "counter.event_choose", actor, questions=len(session.answers))
    return session


def filings_of(session: CounterSession) -> list[Filing]:
    if not session.event_id:
        raise EventRequired
    return session_filings(session, life_event_get(event_id=session.event_id))


def _typed_value(kind: str, choices: tuple[str, ...], raw: str, at: str) -> Any:
    text = raw.strip()
    problem = None
    if len(text) > MAX_INPUT_LENGTH or not text_is_clean(text):
        problem = f"{MAX_INPUT_LENGTH}文字以内の文字で入力してください。"
    elif choices and text not in choices:
        problem = "選択肢から選んでください。"
    elif kind == "integer" and not re.fullmatch(r"[0-9]{1,9}", text):
        problem = "数字で入力してください。"
    if problem:
        raise InputInvalid(errors=[FieldError(at, "counter.input_invalid", problem)])
    if kind == "integer":
        return int(text)
    if kind == "boolean":
        return text in {"1", "true", "on", "はい"}
    return text


@transaction.atomic
def session_inputs_save(
    *,
    municipality: Municipality,
    session_id: str,
    actor: StaffUser,
    inputs: Mapping[str, Mapping[str, str]],
) -> CounterSession:
    """職員の入力: the values no system knows, per filing and field (only the fields the
    filings ask). Blank values are not kept. Raises InputInvalid (nothing kept), EventRequired,
    SessionNotFound, SessionCompleted."""
    session = session_lock(municipality=municipality, session_id=session_id)
    asked = {
        f.key: {m.pointer: m for m in f.missing} | _already_typed(f, session)
        for f in filings_of(session)
    }
    kept: dict[str, dict[str, Any]] = {}
    for key, values in inputs.items():
        for pointer, raw in values.items():
            field = asked.get(key, {}).get(pointer)
            if field is None:
                raise InputInvalid(
                    errors=[
                        FieldError(
                            "/inputs", "counter.input_invalid", "この受付の項目ではありません。"
                        )
                    ]
                )
            if str(raw).strip():
                value = _typed_value(field.kind, field.choices, str(raw), f"/inputs/{key}{pointer}")
                kept.setdefault(key, {})[pointer] = value
    session.staff_inputs = kept
    session.confirmed_at = None
    session.save(update_fields=["staff_inputs", "confirmed_at"])
    session_audit(session, "counter.inputs_save", actor, inputs=sum(len(v) for v in kept.values()))
    return session


def _already_typed(filing: Filing, session: CounterSession) -> dict[str, MissingField]:
    """Fields staff typed before stay editable (they are no longer `missing`)."""
    typed = session.staff_inputs.get(filing.key, {})
    found = {}
    for pointer in typed:
        schema = form_field_schema(filing.procedure.form, pointer) or {}
        found[pointer] = MissingField(
            pointer=pointer,
            title=str(schema.get("title", pointer)),
            kind=str(schema.get("type", "string")),
            choices=tuple(str(c) for c in schema.get("enum", ())),
        )
    return found


# ---------------------------------------------------------------------------- pairing


@transaction.atomic
def pairing_issue(
    *, municipality: Municipality, session_id: str, actor: StaffUser
) -> tuple[Pairing, str]:
    """確認画面の接続コード: 6 digits, valid PAIRING_MINUTES, used once; earlier codes of the
    session end. Returns the pairing and the code (shown once, stored only hashed)."""
    session = session_lock(municipality=municipality, session_id=session_id)
    now = timezone.now()
    Pairing.objects.for_municipality(municipality).filter(session=session, used_at=None).update(
        expires_at=now
    )
    while True:
        code = f"{secrets.randbelow(1_000_000):06d}"
        taken = Pairing.objects.for_municipality(municipality).filter(code_hash=pairing_hash(code))
        if not taken.filter(expires_at__gt=now).exists():
            taken.delete()  # an expired code's row: the code may be given again
            break
    pairing = Pairing.objects.create(
        municipality=municipality,
        session=session,
        code_hash=pairing_hash(code),
        expires_at=now + dt.timedelta(minutes=PAIRING_MINUTES),
    )
    session_audit(session, "counter.pairing_issue", actor)
    return pairing, code


@transaction.atomic
def pairing_use(*, municipality: Municipality, code: str) -> tuple[CounterSession, str]:
    """The tablet types the code: returns the session and a display token for the tablet's
    browser session. Raises PairingCodeInvalid (unknown, expired, used)."""
    now = timezone.now()
    if not re.fullmatch(r"[0-9]{6}", code):
        raise PairingCodeInvalid
    pairing = (
        Pairing.objects.for_municipality(municipality)
        .select_for_update()
        .select_related("session")
        .filter(code_hash=pairing_hash(code), used_at=None, expires_at__gt=now)
        .first()
    )
    if pairing is None or pairing.session.status != CounterSession.Status.OPEN:
        raise PairingCodeInvalid
    token = secrets.token_urlsafe(32)
    pairing.used_at = now
    pairing.display_token_hash = pairing_hash(token)
    pairing.save(update_fields=["used_at", "display_token_hash"])
    session_audit(pairing.session, "counter.pairing_use", None)
    return pairing.session, token


def display_session_lock(*, municipality: Municipality, token: str) -> CounterSession:
    """The open session a display token was paired with, locked. Raises SessionNotFound,
    SessionCompleted."""
    session = display_session_get(municipality=municipality, token=token)
    return session_lock(municipality=municipality, session_id=str(session.public_id))


def display_session_get(*, municipality: Municipality, token: str) -> CounterSession:
    """The session a display token was paired with (completed too: the display says so).
    Raises SessionNotFound."""
    pairing = (
        Pairing.objects.for_municipality(municipality)
        .select_related("session")
        .filter(display_token_hash=pairing_hash(token))
        .exclude(display_token_hash="")
        .first()
        if token
        else None
    )
    if pairing is None:
        raise SessionNotFound
    return pairing.session


@transaction.atomic
def session_confirm(*, municipality: Municipality, token: str) -> CounterSession:
    """住民の確認: the resident confirmed everything shown on the paired display. Raises
    SessionNotFound, SessionCompleted, EventRequired, FilingsIncomplete."""
    from jichitai.counter.completion import filings_complete_check

    session = display_session_lock(municipality=municipality, token=token)
    filings_complete_check(filings_of(session))
    session.confirmed_at = timezone.now()
    session.save(update_fields=["confirmed_at"])
    session_audit(session, "counter.resident_confirm", None)
    return session
