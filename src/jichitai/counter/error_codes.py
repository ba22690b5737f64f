"""Stable codes of the counter (書かないワンストップ窓口) and its confirmation display."""

from __future__ import annotations

from jichitai.common.error_codes import ErrorCode


class CounterErrorCode(ErrorCode):
    SESSION_NOT_FOUND = (
        "counter.session_not_found",
        404,
        "no such counter session in this municipality (also another municipality's)",
    )
    SESSION_COMPLETED = (
        "counter.session_completed",
        409,
        "the session is completed: nothing more can change (completing again changes nothing)",
    )
    SESSION_NOT_COMPLETED = (
        "counter.session_not_completed",
        409,
        "the printed summary exists only once the session is completed",
    )
    START_REQUIRED = (
        "counter.start_required",
        422,
        "a session starts from one 転入待ち entry or one resident of the register",
    )
    CARD_NOT_MATCHING = (
        "counter.card_not_matching",
        422,
        "the card read is not of anyone the session is about (氏名・生年月日・性別 differ)",
    )
    CARD_UNREADABLE = (
        "counter.card_unreadable",
        422,
        "the card could not be read (wrong PIN, no such demo card, PIN format)",
    )
    EVENT_NOT_APPLICABLE = (
        "counter.event_not_applicable",
        422,
        "the life event does not fit the session (a 転入 for someone living here, or an event "
        "of residents for a 転入待ち entry)",
    )
    EVENT_REQUIRED = "counter.event_required", 422, "choose the life event first"
    INPUT_INVALID = (
        "counter.input_invalid",
        422,
        "a value typed by staff is too long or not for a field the filings ask",
    )
    CONFIRMATION_REQUIRED = (
        "counter.confirmation_required",
        422,
        "the resident has not confirmed on the confirmation display yet",
    )
    FILINGS_INCOMPLETE = (
        "counter.filings_incomplete",
        422,
        "a filing still misses data (`errors[]`: `/filings/<key><pointer>`)",
    )
    PAIRING_CODE_INVALID = (
        "counter.pairing_code_invalid",
        422,
        "the pairing code is unknown, expired or already used",
    )
