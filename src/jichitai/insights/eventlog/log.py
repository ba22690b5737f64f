"""The flat event log every reader produces and the analysis consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from jichitai.insights.errors import EventLogUnreadable

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@dataclass(slots=True)
class EventLog:
    """イベントログ: one entry per event in file order, three parallel columns.

    `instants` are microseconds since the Unix epoch (UTC): an offset on each event is
    applied, a time with no offset is read as UTC (pm4py does the same).
    """

    case_ids: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    instants: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.activities)

    def append(self, case_id: str, activity: str, instant: int) -> None:
        self.case_ids.append(case_id)
        self.activities.append(activity)
        self.instants.append(instant)


def parse_instant(text: str) -> int:
    """An ISO 8601 date-time (XES `date`, OCEL `time`) as microseconds since the epoch, the
    way pm4py reads it (`datetime.fromisoformat`). Raises ValueError."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // _MICROSECOND


def bad_instant(where: str) -> EventLogUnreadable:
    """The refusal of a date-time that is not ISO 8601; `where` names the event, the text
    itself is not repeated."""
    return EventLogUnreadable(f"{where}の日時が ISO 8601 ではありません。")
