"""一括完了 (one completion): after the resident confirmed, the register change and every case
of the session in one transaction on the main database, or nothing; what lives elsewhere (the
card's 券面 and 署名用電子証明書 at the card issuer) follows after commit from the outbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from jichitai.common.exceptions import DomainError, FieldError
from jichitai.counter.errors import ConfirmationRequired, FilingsIncomplete, SessionNotFound
from jichitai.counter.filings import (
    Filing,
    new_address,
    normalized_name,
    paper_field_count,
    session_filings,
)
from jichitai.counter.models import CounterSession, FieldOrigin, OutboxMessage
from jichitai.counter.outbox import outbox_deliver
from jichitai.counter.services import session_audit
from jichitai.identity.models import StaffUser
from jichitai.procedures.selectors import life_event_get
from jichitai.procedures.services import case_decide_at_counter, case_submit
from jichitai.registry.models import Change, MoveOutCertificate, Resident
from jichitai.registry.services import Address, residents_move_in_from_certificate
from jichitai.tenants.models import Municipality


def filings_complete_check(filings: Sequence[Filing]) -> None:
    """Every filing has all its data. Raises FilingsIncomplete (`/filings/<key><pointer>`)."""
    errors = [
        FieldError(f"/filings/{f.key}{e.field}", e.code, f"{f.procedure.name}: {e.message}")
        for f in filings
        for e in f.problems
    ] + [
        FieldError(
            f"/filings/{f.key}{m.pointer}",
            "form.required",
            f"{f.procedure.name}: 「{m.title}」を入力してください。",
        )
        for f in filings
        for m in f.missing
    ]
    if errors:
        raise FilingsIncomplete(errors=errors)


def _recorded_people(certificate: MoveOutCertificate, change: Change) -> dict[str, Resident]:
    """The records the 転入 wrote, by the certificate position of each person."""
    written = list(Resident.objects.filter(history__change=change).distinct())
    found: dict[str, Resident] = {}
    for position, stored in enumerate(certificate.persons):
        match = next(
            (
                r
                for r in written
                if normalized_name(r.name) == normalized_name(stored["name"])
                and r.birth_date.isoformat() == stored["birth_date"]
            ),
            None,
        )
        if match is not None:
            found[str(position)] = match
    return found


def _register_change(
    session: CounterSession, actor: StaffUser
) -> tuple[Change | None, dict[str, Resident]]:
    """The life event's change of the register, when the counter records it (the 転入 from
    the 転出証明書情報; its 転入予約 completes with it, registry.signals.move_in_recorded)."""
    certificate = session.move_out_certificate
    if certificate is None:
        return None, {}
    change = residents_move_in_from_certificate(
        municipality=session.municipality,
        certificate_id=certificate.pk,
        address=Address(address=new_address(session)),
        effective_on=session.event_on or timezone.localdate(),
        notified_on=timezone.localdate(),
        actor=actor,
    )
    return change, _recorded_people(certificate, change)


def _measure(session: CounterSession, filings: Sequence[Filing]) -> dict[str, int]:
    """書かない測定: per field of every filing, where it came from; the answers to the life
    event's questions count as typed by staff. Paper: the fields the same forms take."""
    rows = [
        FieldOrigin(
            municipality_id=session.municipality_id,
            session=session,
            procedure_id=filing.procedure.id,
            field=pointer,
            origin=origin,
        )
        for filing in filings
        for pointer, origin in filing.origins.items()
    ] + [
        FieldOrigin(
            municipality_id=session.municipality_id,
            session=session,
            procedure_id=f"life_event.{session.event_id}",
            field=f"/answers/{question}",
            origin=FieldOrigin.Origin.STAFF,
        )
        for question in session.answers
    ]
    FieldOrigin.objects.bulk_create(rows)
    counts = {origin.value: 0 for origin in FieldOrigin.Origin}
    for row in rows:
        counts[row.origin] += 1
    counts["paper"] = sum(
        paper_field_count(f.procedure, rows=len(f.applicable.people)) for f in filings
    )
    return counts


def _card_update_queue(session: CounterSession) -> OutboxMessage | None:
    """券面記載事項の変更 and the 署名用電子証明書 re-issue (公的個人認証法 第15条: the address
    change revokes it) for a card read at a 転入; 継続利用 (番号法施行令 第14条) is recorded."""
    if session.move_out_certificate is None or not session.card.get("card_id"):
        return None
    return OutboxMessage.objects.create(
        municipality_id=session.municipality_id,
        session=session,
        kind=OutboxMessage.Kind.CARD_UPDATE,
        payload={
            "card_id": session.card["card_id"],
            "address": new_address(session),
            "continued_use": True,
        },
    )


@transaction.atomic(durable=True)
def session_complete(
    *, municipality: Municipality, session_id: str, actor: StaffUser
) -> CounterSession:
    """一括完了: the register change, every case (窓口 channel, 受付番号 each; those the life
    event marks `complete_at_counter` approved here) and the 書かない measurement, in one
    transaction; the card update after commit. A completed session is
    returned as it is (completing twice applies once).
    Raises ConfirmationRequired, FilingsIncomplete, EventRequired, SessionNotFound and what
    the registry's and the cases' services raise (then nothing is written)."""
    session = (
        CounterSession.objects.for_municipality(municipality)
        .select_for_update()
        .filter(public_id=session_id)
        .first()
    )
    if session is None:
        raise SessionNotFound
    if session.status == CounterSession.Status.COMPLETED:
        return session
    if session.confirmed_at is None:
        raise ConfirmationRequired
    event = life_event_get(event_id=session.event_id)
    filings_complete_check(session_filings(session, event))
    change, recorded = _register_change(session, actor)
    filings = session_filings(session, event, recorded=recorded)
    filings_complete_check(filings)
    applicant_id = _applicant_id(session, recorded)
    cases = [
        _file(filing, municipality=municipality, actor=actor, applicant_id=applicant_id)
        for filing in filings
    ]
    counts = _measure(session, filings)
    outbox = _card_update_queue(session)
    session.status = CounterSession.Status.COMPLETED
    session.completed_at = timezone.now()
    session.result = {
        "change_id": change.pk if change else None,
        "cases": cases,
        "counts": counts,
        "card_update": outbox is not None,
    }
    session.save(update_fields=["status", "completed_at", "result"])
    session_audit(session, "counter.session_complete", actor, cases=len(cases))
    if outbox is not None:
        message_id = outbox.pk
        transaction.on_commit(lambda: outbox_deliver(message_id=message_id))
    return session


def _file(
    filing: Filing, *, municipality: Municipality, actor: StaffUser, applicant_id: int | None
) -> dict[str, Any]:
    """One case on the 窓口 channel; decided here when its life event marks the procedure
    `complete_at_counter` and the facts carry the decision, else left in the inbox."""
    case = case_submit(
        municipality=municipality,
        procedure_id=filing.procedure.id,
        data=filing.data,
        actor=actor,
        applicant_id=applicant_id,
    ).case
    filed: dict[str, Any] = {
        "procedure": filing.procedure.name,
        "procedure_id": filing.procedure.id,
        "reference": case.reference_number,
        "decided": False,
        "waiting": "",
    }
    if not filing.applicable.rule.complete_at_counter:
        return filed
    try:
        # A savepoint: a decision the facts do not carry (no income assessed for a 児童手当
        # claimant) undoes only itself; the case waits for the department, which decides it.
        with transaction.atomic():
            case_decide_at_counter(municipality=municipality, case_id=case.pk, actor=actor)
    except DomainError as refused:
        filed["waiting"] = refused.detail
        return filed
    filed["decided"] = True
    return filed


def _applicant_id(session: CounterSession, recorded: dict[str, Resident]) -> int | None:
    """申請者: the person whose card was read (the 世帯主 filing for the household)."""
    card = session.card
    people = list(recorded.values()) or ([session.resident] if session.resident is not None else [])
    for resident in people:
        if normalized_name(resident.name) == normalized_name(
            card.get("name", "")
        ) and resident.birth_date.isoformat() == card.get("birth_date"):
            return resident.pk
    return None
