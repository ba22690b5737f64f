"""Errors of 来庁予約 and the queue, each with a stable code and a Japanese message."""

from __future__ import annotations

from jichitai.common.exceptions import Conflict, InvalidInput, NotFound, RuleViolation
from jichitai.visits.error_codes import VisitErrorCode as Code


class ServiceNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(code=Code.SERVICE_NOT_FOUND, detail="その用件は予約できません。")


class SlotRefused(RuleViolation):
    """The time cannot be booked: not a slot, past, a closed day or too far ahead."""

    def __init__(self, *, code: Code, detail: str) -> None:
        super().__init__(code=code, detail=detail)


class SlotFull(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=Code.SLOT_FULL,
            detail="この時間の予約はいっぱいになりました。ほかの時間を選んでください。",
        )


class SlotUnchanged(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=Code.SLOT_UNCHANGED,
            detail="予約はすでにこの時間です。変更するときは、ほかの時間を選んでください。",
        )


class ContactInvalid(InvalidInput):
    def __init__(self, detail: str) -> None:
        super().__init__(code=Code.CONTACT_INVALID, detail=detail)


class CodeInvalid(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CODE_INVALID,
            detail="確認コードが違うか、有効期限（10分）が切れたか、すでに使われています。",
        )


class ReservationNotFound(NotFound):
    def __init__(self, detail: str = "その予約番号と連絡先の予約は見つかりません。") -> None:
        super().__init__(code=Code.RESERVATION_NOT_FOUND, detail=detail)


class ReservationPassed(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=Code.RESERVATION_PASSED,
            detail="この予約の時間はすでに過ぎています。新しく予約してください。",
        )


class TicketNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(code=Code.TICKET_NOT_FOUND, detail="その番号札は見つかりません。")


class TicketState(Conflict):
    def __init__(self, detail: str) -> None:
        super().__init__(code=Code.TICKET_STATE, detail=detail)


class CounterNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(code=Code.COUNTER_NOT_FOUND, detail="その窓口は見つかりません。")


class CounterClosed(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code=Code.COUNTER_CLOSED, detail="その窓口は閉じています。ほかの窓口を選んでください。"
        )


class QueueEmpty(NotFound):
    def __init__(self) -> None:
        super().__init__(code=Code.QUEUE_EMPTY, detail="お待ちの方はいません。")
