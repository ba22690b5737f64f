"""予約枠の暦 (the slot grid): which start times a service offers on which days.

The days are the municipality's 開庁日 from tenants (the calendar the procedures' 標準処理期間
count in): weekends, national holidays (jpholiday), 年末年始 and its own 閉庁日 are closed.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from jichitai.tenants.selectors import municipality_is_open_on, municipality_open_days
from jichitai.visits.error_codes import VisitErrorCode
from jichitai.visits.errors import SlotRefused
from jichitai.visits.models import Service

TOKYO = ZoneInfo("Asia/Tokyo")
# Bookings open this many calendar days ahead (ZMS offers about two months).
BOOKING_DAYS_AHEAD = 60


def local_today() -> dt.date:
    return timezone.now().astimezone(TOKYO).date()


def slot_starts(service: Service, day: dt.date) -> list[dt.datetime]:
    """Every slot start of `day` (opening hours on the slot grid), aware, in Tokyo time."""
    start = dt.datetime.combine(day, service.opens_at, tzinfo=TOKYO)
    end = dt.datetime.combine(day, service.closes_at, tzinfo=TOKYO)
    step = dt.timedelta(minutes=service.slot_minutes)
    starts = []
    while start + step <= end:
        starts.append(start)
        start += step
    return starts


def open_days(service: Service, *, first: dt.date, count: int) -> list[dt.date]:
    """The next `count` 開庁日 from `first` (itself when open)."""
    return municipality_open_days(municipality=service.municipality, first=first, count=count)


def slot_check(service: Service, starts_at: dt.datetime, *, now: dt.datetime) -> None:
    """Refuse a time that is not a bookable slot. Raises SlotRefused."""
    local = starts_at.astimezone(TOKYO)
    if local not in slot_starts(service, local.date()):
        raise SlotRefused(
            code=VisitErrorCode.SLOT_INVALID,
            detail="その時間は予約枠ではありません。表示された時間から選んでください。",
        )
    if starts_at <= now:
        raise SlotRefused(code=VisitErrorCode.SLOT_IN_PAST, detail="過ぎた時間は予約できません。")
    if local.date() > now.astimezone(TOKYO).date() + dt.timedelta(days=BOOKING_DAYS_AHEAD):
        raise SlotRefused(
            code=VisitErrorCode.SLOT_TOO_FAR,
            detail=f"予約は{BOOKING_DAYS_AHEAD}日先までです。",
        )
    if not municipality_is_open_on(municipality=service.municipality, day=local.date()):
        raise SlotRefused(
            code=VisitErrorCode.SLOT_CLOSED_DAY,
            detail="その日は閉庁日（土日・祝日・年末年始・休日）のため予約できません。",
        )
