"""The event a writer takes: what the project records for one case event, format-neutral."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """One event to export.

    `case_attributes` are the same on every event of a case (channel, procedure) and become
    trace attributes in XES and object attributes in OCEL; `attributes` are the event's own
    (`org:resource`, the state after the event). Writers take events ordered by case, then
    by time: a case's events are contiguous.
    """

    event_id: str
    case_id: str
    activity: str
    time: datetime
    case_attributes: Mapping[str, str]
    attributes: Mapping[str, str]
