from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class AuditRecordOut(Schema):
    seq: int
    occurred_at: dt.datetime
    actor_type: str
    actor_label: str
    action: str
    object_type: str
    object_id: str
    purpose: str
    result: str
    detail: dict[str, Any]
    request_id: str
    hash: str


class ChainProblemOut(Schema):
    seq: int
    kind: str
    message: str


class AuditVerificationOut(Schema):
    ok: bool
    records: int
    problems: list[ChainProblemOut]
