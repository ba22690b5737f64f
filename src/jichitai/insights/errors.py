"""Errors of insights (業務の見える化), each with a stable code and a Japanese message.

A message names where the log is wrong (the line, the event number, the column), never a
value from it: a log from another system can hold personal data.
"""

from __future__ import annotations

from jichitai.common.exceptions import Conflict, InvalidInput
from jichitai.insights.error_codes import InsightsErrorCode


class EventLogUnreadable(InvalidInput):
    def __init__(self, reason: str) -> None:
        super().__init__(
            code=InsightsErrorCode.EVENT_LOG_UNREADABLE,
            detail=f"イベントログを読み取れません: {reason}",
        )


class ObjectTypeRequired(InvalidInput):
    """OCEL 2.0 has no single case notion: the caller picks the object type to follow."""

    def __init__(self, *, object_types: list[str]) -> None:
        super().__init__(
            code=InsightsErrorCode.OBJECT_TYPE_REQUIRED,
            detail="オブジェクト中心イベントログ（OCEL 2.0）は、分析するオブジェクト型を一つ指定してください。",
            extra={"object_types": object_types},
        )


class LogNameTaken(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=InsightsErrorCode.LOG_NAME_TAKEN,
            detail="同じ名前の取り込み済みのログがあります。別の名前を指定してください。",
        )


class LogValueTooLong(InvalidInput):
    def __init__(self, *, event_number: int) -> None:
        super().__init__(
            code=InsightsErrorCode.LOG_VALUE_TOO_LONG,
            detail=f"{event_number}番目のイベントのケースIDか活動名が200文字を超えています。",
        )
