from __future__ import annotations

import datetime as dt

from ninja import Schema


class StaffOut(Schema):
    username: str
    display_name: str
    lg_code: str
    roles: list[str]


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
