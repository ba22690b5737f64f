"""Counter reads: a session, what it will file, the warnings staff see, the 書かない counts, and
the export insights reads (the shape is documented in docs/counter.md)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jichitai.counter.errors import SessionNotFound
from jichitai.counter.filings import (
    Filing,
    new_address,
    normalized_name,
    paper_field_count,
    session_people,
)
from jichitai.counter.models import CounterSession, FieldOrigin
from jichitai.registry.models import MoveOutCertificate
from jichitai.tenants.models import Municipality


def session_get(*, municipality: Municipality, session_id: str | uuid.UUID) -> CounterSession:
    """One session of this municipality by its public id. Raises SessionNotFound (also for
    another municipality's, or a malformed id)."""
    try:
        public_id = uuid.UUID(str(session_id))
    except ValueError:
        raise SessionNotFound from None
    session = (
        CounterSession.objects.for_municipality(municipality)
        .select_related("move_out_certificate", "resident")
        .filter(public_id=public_id)
        .first()
    )
    if session is None:
        raise SessionNotFound
    return session


def pending_move_ins(*, municipality: Municipality) -> list[MoveOutCertificate]:
    """転入待ち: the 転出証明書情報 received here and not yet recorded, the earliest move first."""
    return list(
        MoveOutCertificate.objects.for_municipality(municipality)
        .filter(status=MoveOutCertificate.Status.PENDING)
        .order_by("planned_on", "pk")
    )


def session_warnings(session: CounterSession) -> list[str]:
    """Where the card and the records disagree: staff see it before anything is filed."""
    card = session.card
    if not card:
        return []
    warnings = []
    certificate = session.move_out_certificate
    if certificate is not None and card.get("address") != new_address(session):
        warnings.append(
            "カードの券面の住所は転入前の住所です（転出前の住所: "
            f"{certificate.previous_address}）。完了すると券面の住所を新しい住所に変更し、"
            "署名用電子証明書を再発行します（継続利用）。"
        )
    resident = session.resident
    if resident is not None:
        if card.get("address") != resident.address:
            warnings.append(
                "カードの券面の住所と住民記録の住所が異なります。券面記載事項の変更が必要か確認してください。"
            )
        people = session_people(session)
        if not any(normalized_name(p.name) == normalized_name(card["name"]) for p in people):
            warnings.append("カードの氏名と住民記録の氏名の表記が異なります（代替文字の可能性）。")
    return warnings


@dataclass(frozen=True)
class Measurement:
    """書かない: how many fields came filled, how many staff and the resident typed, against
    the fields the same procedures take on paper."""

    prefilled: int
    staff: int
    resident: int
    paper: int


def measurement_of(session: CounterSession, filings: Sequence[Filing]) -> Measurement:
    """The counts as they stand (a completed session's are the recorded ones)."""
    counts = session.result.get("counts")
    if counts:
        return Measurement(
            prefilled=counts["prefilled"],
            staff=counts["staff"],
            resident=counts["resident"],
            paper=counts["paper"],
        )
    origins = [o for f in filings for o in f.origins.values()]
    return Measurement(
        prefilled=origins.count(FieldOrigin.Origin.PREFILLED),
        # The answers to the life event's questions are typed (chosen) by staff too.
        staff=origins.count(FieldOrigin.Origin.STAFF) + len(session.answers),
        resident=origins.count(FieldOrigin.Origin.RESIDENT),
        paper=sum(paper_field_count(f.procedure, rows=len(f.applicable.people)) for f in filings),
    )


def field_origins_export(
    *, municipality: Municipality, since: dt.datetime, until: dt.datetime
) -> list[dict[str, Any]]:
    """書かない測定の出力 for insights: one row per filed field of the sessions completed in
    [since, until): session (public id), event, procedure, field (JSON pointer), origin
    (prefilled | staff | resident), recorded_at (UTC ISO). No personal values."""
    rows = (
        FieldOrigin.objects.for_municipality(municipality)
        .filter(recorded_at__gte=since, recorded_at__lt=until)
        .select_related("session")
        .order_by("recorded_at", "pk")
    )
    return [
        {
            "session": str(row.session.public_id),
            "event": row.session.event_id,
            "procedure": row.procedure_id,
            "field": row.field,
            "origin": row.origin,
            "recorded_at": row.recorded_at.isoformat(),
        }
        for row in rows
    ]
