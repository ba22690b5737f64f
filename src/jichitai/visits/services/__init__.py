"""Writes of 来庁予約 and the queue (one module per use-case group; same public names)."""

from jichitai.visits.services.booking import (
    BOOKING_CODE_MINUTES,
    confirmation_request,
    reservation_book,
    reservation_cancel,
    reservation_cancel_for_resident,
    reservation_change,
    reservation_change_for_resident,
    reservation_confirm,
)
from jichitai.visits.services.queue import (
    ticket_call_next,
    ticket_check_in,
    ticket_finish,
    ticket_issue,
    ticket_no_show,
    ticket_recall,
    ticket_start,
    ticket_transfer,
)
from jichitai.visits.services.setup import visits_setup_defaults

__all__ = [
    "BOOKING_CODE_MINUTES",
    "confirmation_request",
    "reservation_book",
    "reservation_cancel",
    "reservation_cancel_for_resident",
    "reservation_change",
    "reservation_change_for_resident",
    "reservation_confirm",
    "ticket_call_next",
    "ticket_check_in",
    "ticket_finish",
    "ticket_issue",
    "ticket_no_show",
    "ticket_recall",
    "ticket_start",
    "ticket_transfer",
    "visits_setup_defaults",
]
