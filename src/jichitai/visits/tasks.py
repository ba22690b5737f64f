"""Tasks of 来庁予約 run by the task queue's worker."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from jichitai.visits.models import Reservation, ReservationStatus


@task()
def reservation_remind(reservation_id: int, slot_id: int) -> None:
    """前日のお知らせ: remind of a reservation still booked for the slot it was queued for
    (a cancelled or moved one is skipped; its new slot has its own reminder)."""
    from jichitai.visits.notices import reservation_reminder_send

    with transaction.atomic():
        reservation = (
            Reservation.objects.select_related("service__municipality", "slot")
            .filter(pk=reservation_id, slot_id=slot_id, status=ReservationStatus.BOOKED)
            .first()
        )
        if reservation is not None:
            reservation_reminder_send(reservation=reservation)
