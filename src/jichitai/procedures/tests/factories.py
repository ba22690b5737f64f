"""Test data for procedures, made through the services (never by writing rows directly)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.utils import timezone

from jichitai.procedures.actors import ResidentActor
from jichitai.procedures.attachments import Upload
from jichitai.procedures.models import Case
from jichitai.procedures.selectors import case_signing_bytes
from jichitai.procedures.services import case_submit, case_submit_moving
from jichitai.procedures.signals import case_fee_paid
from jichitai.procedures.signing import SignedApplication
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import residents_register
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person, yamada_family
from jichitai.tenants.models import Municipality


def actor_of(resident: Resident) -> ResidentActor:
    """The resident signed in to the portal (the key is what the portal would choose)."""
    return ResidentActor(
        key=f"test:{resident.municipality_id}:{resident.pk}", resident_id=resident.pk
    )


def juminhyo_request_submit(municipality: Municipality, resident: Resident) -> Case:
    """住民票の写しの交付請求 online for oneself (signed; needs the fake_jpki fixture)."""
    data = {
        "applicant": {
            "name": resident.name,
            "birth_date": resident.birth_date.isoformat(),
            "address": resident.address,
        },
        "persons": [{"resident_id": resident.pk}],
        "purpose": "各種手続",
    }
    signed = case_signing_bytes(
        applications=[SignedApplication(municipality.lg_code, "juminhyo_request", data)]
    )
    return case_submit(
        municipality=municipality,
        procedure_id="juminhyo_request",
        data=data,
        actor=actor_of(resident),
        signature=fake_signature(signed),
    ).case


def fee_paid(case: Case) -> Case:
    """The payments app announces the case's fee as paid (procedures.signals.case_fee_paid),
    as a confirmed online payment does."""
    case_fee_paid.send(
        sender=None,
        municipality_code=case.municipality_id,
        reference_number=case.reference_number,
        amount=300,
        paid_at=timezone.now(),
    )
    case.refresh_from_db()
    return case


def fake_signature(data: bytes) -> bytes:
    """What the fake JPKI verifier (conftest `fake_jpki`) accepts for `data`."""
    return b"fake-cms:" + hashlib.sha256(data).digest()


def pregnancy_data(resident: Resident) -> dict[str, Any]:
    """妊娠の届出 (no signature required): the simplest case to make."""
    return {
        "applicant": {
            "name": resident.name,
            "name_kana": resident.name_kana,
            "birth_date": resident.birth_date.isoformat(),
            "address": resident.address,
        },
        "expected_delivery_on": (timezone.localdate() + dt.timedelta(days=200)).isoformat(),
        "pregnancy_weeks": 10,
        "fetuses": 1,
        "diagnosed_at": "みどり市民病院",
    }


def move_out_data(
    members: list[Resident], *, moving_to: str = "群馬県利根郡みなかみ町後閑318番地"
) -> dict[str, Any]:
    head = members[0]
    return {
        "applicant": {
            "name": head.name,
            "name_kana": head.name_kana,
            "birth_date": head.birth_date.isoformat(),
            "address": head.address,
        },
        "movers": [{"resident_id": m.pk, "name": m.name} for m in members],
        "planned_move_on": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
        "moving_to": {"address": moving_to},
    }


def move_in_data(members: list[Resident]) -> dict[str, Any]:
    head = members[0]
    return {
        "applicant": {
            "name": head.name,
            "name_kana": head.name_kana,
            "birth_date": head.birth_date.isoformat(),
            "sex": head.sex,
            "current_address": head.address,
        },
        "movers": [
            {"resident_id": m.pk, "name": m.name, "birth_date": m.birth_date.isoformat()}
            for m in members
        ],
        "planned_move_in_on": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
        "new_address": {"address": "群馬県利根郡みなかみ町後閑318番地", "postal_code": "3790292"},
    }


# The smallest file the attachment check takes for a PNG (its signature, then bytes).
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def school_transfer_submit(municipality: Municipality, guardian: Resident, child: Resident) -> Case:
    """A 転入学の届出 (学校教育, `education`) filed online by `guardian` for `child`, with its
    在学証明書 attached as a PNG."""
    return case_submit(
        municipality=municipality,
        procedure_id="school_transfer",
        data={
            "guardian": {
                "name": guardian.name,
                "birth_date": guardian.birth_date.isoformat(),
                "address": guardian.address,
            },
            "child": {
                "name": child.name,
                "name_kana": child.name_kana,
                "birth_date": child.birth_date.isoformat(),
            },
            "grade": 3,
            "moved_in_on": "2026-04-01",
        },
        actor=actor_of(guardian),
        attachments=[Upload(kind="enrollment_certificate", content=PNG)],
    ).case


def case_of(municipality: Municipality, resident: Resident | None = None) -> Case:
    """A submitted 妊娠の届出 of `resident` (山田花子, registered here, when not given)."""
    applicant = resident or yamada_family(municipality)["花子"]
    return case_submit(
        municipality=municipality,
        procedure_id="pregnancy_notification",
        data=pregnancy_data(applicant),
        actor=actor_of(applicant),
    ).case


def neighbour(municipality: Municipality) -> Resident:
    """佐藤一郎, head of another household of `municipality`."""
    change = residents_register(
        municipality=municipality,
        change_type=ChangeType.MOVE_IN,
        people=[person("佐藤　一郎", "サトウ　イチロウ", dt.date(1980, 2, 3), "1", "世帯主")],
        address=MIDORI_ADDRESS,
        effective_on=dt.date(2024, 4, 1),
        notified_on=dt.date(2024, 4, 1),
        actor=None,
        previous_address="東京都千代田区千代田1番1号",
    )
    return Resident.objects.get(history__change=change)


def case_submitted_days_ago(municipality: Municipality, resident: Resident, days: int) -> Case:
    """A 妊娠の届出 submitted `days` ago (its 処理期限 long past when days is large)."""
    real_now = timezone.now
    moment = real_now() - dt.timedelta(days=days)
    timezone.now = lambda: moment
    try:
        return case_of(municipality, resident)
    finally:
        timezone.now = real_now


def onestop_submit(
    origin: Municipality, destination: Municipality, family: dict[str, Resident]
) -> Case:
    """引越しワンストップ as 山田花子 files it: 転出届 at `origin` for the whole household and its
    転入予約 at `destination`, signed once (fake_signature: the verifier is replaced in these
    tests). Returns the 転出届; the 転入予約 is the destination's one case."""
    members = list(family.values())
    out, into = move_out_data(members), move_in_data(members)
    signature = fake_signature(
        case_signing_bytes(
            applications=[
                SignedApplication(origin.lg_code, "move_out", out),
                SignedApplication(destination.lg_code, "move_in_reservation", into),
            ]
        )
    )
    return case_submit_moving(
        municipality=origin,
        move_out_data=out,
        destination_lg_code=destination.lg_code,
        move_in_data=into,
        actor=actor_of(family["花子"]),
        signature=signature,
    ).case
