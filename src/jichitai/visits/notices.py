"""来庁予約のお知らせ: the confirmation code, the booking and the reminder the day before.

Each goes by the contact the resident gave (mail, or SMS through the gateway) via the task
queue (messaging). Texts say what and when, never what the visit is about beyond the service.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jichitai.messaging.models import Channel
from jichitai.messaging.services import message_send
from jichitai.tenants.models import Municipality
from jichitai.visits.contacts import Contact
from jichitai.visits.models import Reservation
from jichitai.visits.slots import TOKYO
from jichitai.visits.tasks import reservation_remind

# The reminder goes at this hour (Tokyo) of the open or closed day before the visit.
REMINDER_HOUR = 9
_WEEKDAYS = "月火水木金土日"
# Task priority of a confirmation code over the other messages (django-tasks: -100 to 100).
CODE_PRIORITY = 10


def visit_time_text(starts_at: dt.datetime) -> str:
    local = starts_at.astimezone(TOKYO)
    return f"{local:%Y年%m月%d日}（{_WEEKDAYS[local.weekday()]}）{local:%H:%M}"


def _send(
    municipality: Municipality,
    contact: Contact,
    *,
    subject: str,
    body: str,
    topic: str,
    not_before: dt.datetime | None = None,
    priority: int = 0,
) -> None:
    message_send(
        municipality_code=municipality.lg_code,
        channel=Channel.EMAIL if contact.email else Channel.SMS,
        to=contact.address,
        subject=f"【{municipality.display_name}】{subject}",
        body=body,
        topic=topic,
        not_before=not_before,
        priority=priority,
    )


def verification_code_send(*, municipality: Municipality, contact: Contact, code: str) -> None:
    _send(
        municipality,
        contact,
        subject="来庁予約の確認コード",
        body=f"{municipality.display_name}の来庁予約の確認コードは {code} です（10分間有効）。"
        "お心当たりのない場合は、このお知らせを破棄してください。",
        topic="visit_code",
        # The resident is waiting on the page for it.
        priority=CODE_PRIORITY,
    )


def reservation_confirmed_notify(*, reservation: Reservation, changed: bool = False) -> None:
    """Send the 予約番号 now (after a change: the new time) and queue the reminder for the
    day before."""
    municipality = reservation.service.municipality
    contact = Contact(name=reservation.name, email=reservation.email, phone=reservation.phone)
    when = visit_time_text(reservation.slot.starts_at)
    _send(
        municipality,
        contact,
        subject="来庁予約の日時を変更しました" if changed else "来庁予約を受け付けました",
        body=f"{reservation.service.name}　{when}\n予約番号：{reservation.code}\n"
        "来庁されたら、受付機で予約番号を入力してください。変更・取消しは予約のページから"
        "できます。",
        topic="visit_booked",
    )
    day_before = reservation.slot.starts_at.astimezone(TOKYO).date() - dt.timedelta(days=1)
    remind_at = dt.datetime.combine(day_before, dt.time(REMINDER_HOUR), tzinfo=TOKYO)
    if remind_at > timezone.now():
        reservation_remind.using(run_after=remind_at).enqueue(
            reservation_id=reservation.pk, slot_id=reservation.slot_id
        )


def reservation_reminder_send(*, reservation: Reservation) -> None:
    contact = Contact(name=reservation.name, email=reservation.email, phone=reservation.phone)
    _send(
        reservation.service.municipality,
        contact,
        subject="明日は来庁予約の日です",
        body=f"{reservation.service.name}　{visit_time_text(reservation.slot.starts_at)}\n"
        f"予約番号：{reservation.code}\n都合が悪くなったら、予約のページから変更・取消しができます。",
        topic="visit_reminder",
    )
