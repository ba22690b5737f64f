"""Past cases with known times for the insights tests, written through procedures'
history import (the same path the demo and a migration take)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from jichitai.procedures.models import Activity, ActorType
from jichitai.procedures.selectors import procedure_get
from jichitai.procedures.services import PastCase, PastEvent, case_history_import
from jichitai.tenants.models import Municipality

JST = ZoneInfo("Asia/Tokyo")
A = Activity
_ROLES = {A.SUBMIT: ActorType.RESIDENT, A.RESUBMIT: ActorType.RESIDENT}


def at(text: str) -> dt.datetime:
    """A JST wall-clock time, "2026-04-01 10:00"."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=JST)


def past(
    procedure_id: str,
    steps: Sequence[tuple[Activity, dt.datetime]],
    *,
    online: bool = False,
    signed: bool = False,
) -> PastCase:
    return PastCase(
        procedure=procedure_get(procedure_id=procedure_id),
        channel="online" if online else "counter",
        applicant_key="resident-key" if online else "",
        signature_verified_at=steps[0][1] if signed else None,
        events=[PastEvent(a, t, _ROLES.get(a, ActorType.STAFF)) for a, t in steps],
    )


def four_cases() -> list[PastCase]:
    """A: 住民票 online, signed, 3 hours. B: 住民票 at the counter, returned once, decided
    after its 処理期限. C: 転出届 online, unsigned, rejected. D: 要介護認定 at the counter,
    its second step waiting ten days for the 審査会."""
    return [
        past(
            "juminhyo_request",
            [
                (A.SUBMIT, at("2026-04-01 10:00")),
                (A.CLAIM, at("2026-04-01 12:00")),
                (A.APPROVE, at("2026-04-01 13:00")),
            ],
            online=True,
            signed=True,
        ),
        past(
            "juminhyo_request",
            [
                (A.SUBMIT, at("2026-04-02 10:00")),
                (A.CLAIM, at("2026-04-03 10:00")),
                (A.RETURN, at("2026-04-03 11:00")),
                (A.RESUBMIT, at("2026-04-06 11:00")),
                (A.CLAIM, at("2026-04-06 12:00")),
                (A.APPROVE, at("2026-04-06 13:00")),
            ],
        ),
        past(
            "move_out",
            [
                (A.SUBMIT, at("2026-05-11 10:00")),
                (A.CLAIM, at("2026-05-11 15:00")),
                (A.REJECT, at("2026-05-11 16:00")),
            ],
            online=True,
        ),
        past(
            "care_need_certification",
            [
                (A.SUBMIT, at("2026-05-12 09:00")),
                (A.CLAIM, at("2026-05-12 10:00")),
                (A.FORWARD, at("2026-05-12 11:00")),
                (A.CLAIM, at("2026-05-22 11:00")),
                (A.APPROVE, at("2026-05-22 12:00")),
            ],
        ),
    ]


def import_cases(municipality: Municipality, cases: Sequence[PastCase]) -> int:
    return case_history_import(municipality=municipality, cases=cases, actor=None)
