"""Stable codes of 来庁予約 and the queue."""

from __future__ import annotations

from jichitai.common.error_codes import ErrorCode


class VisitErrorCode(ErrorCode):
    SERVICE_NOT_FOUND = ("visit.service_not_found", 404, "no bookable service with this key")
    SLOT_INVALID = (
        "visit.slot_invalid",
        422,
        "the time is not a slot of the service (outside opening hours or off the slot grid)",
    )
    SLOT_IN_PAST = ("visit.slot_in_past", 422, "the slot has already begun")
    SLOT_CLOSED_DAY = (
        "visit.slot_closed_day",
        422,
        "the office is closed that day (weekend, national holiday, 年末年始 or a 閉庁日)",
    )
    SLOT_TOO_FAR = ("visit.slot_too_far", 422, "bookings open this many days ahead at most")
    SLOT_FULL = ("visit.slot_full", 409, "every place of the slot is taken")
    SLOT_UNCHANGED = (
        "visit.slot_unchanged",
        409,
        "the reservation is already at this time (a change sent twice, or the same slot chosen)",
    )
    RESERVATION_PASSED = (
        "visit.reservation_passed",
        409,
        "the reservation's time has already begun: it can no longer be moved",
    )
    CONTACT_INVALID = (
        "visit.contact_invalid",
        422,
        "a name and an email address or a mobile phone number are needed",
    )
    CODE_INVALID = (
        "visit.code_invalid",
        422,
        "the confirmation code is wrong, expired or already used",
    )
    RESERVATION_NOT_FOUND = (
        "visit.reservation_not_found",
        404,
        "no open reservation with this number and contact",
    )
    TICKET_NOT_FOUND = ("visit.ticket_not_found", 404, "no such ticket today")
    TICKET_STATE = (
        "visit.ticket_state",
        409,
        "the ticket is not in a state that allows this (called twice, finished …)",
    )
    COUNTER_NOT_FOUND = ("visit.counter_not_found", 404, "no such counter")
    COUNTER_CLOSED = ("visit.counter_closed", 422, "the counter is closed")
    QUEUE_EMPTY = ("visit.queue_empty", 404, "nobody is waiting for this counter's services")
