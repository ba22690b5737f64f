"""Stable codes of insights (業務の見える化): event logs read, analysed and exported."""

from __future__ import annotations

from jichitai.common.error_codes import ErrorCode


class InsightsErrorCode(ErrorCode):
    EVENT_LOG_UNREADABLE = (
        "event_log.unreadable",
        422,
        "the file is not an event log this reads (XES, XES.gz, OCEL 2.0 JSON or SQLite, CSV "
        "with `case:concept:name` / `concept:name` / `time:timestamp`), or an event in it has "
        "no case, activity or valid timestamp; `detail` says which",
    )
    OBJECT_TYPE_REQUIRED = (
        "event_log.object_type_required",
        422,
        "an OCEL 2.0 log is analysed along one object type (the case notion): the log has "
        "several and none was chosen, or the chosen one is not in the log; `object_types` "
        "lists the log's types",
    )
    LOG_NAME_TAKEN = (
        "event_log.name_taken",
        409,
        "the municipality already has an imported log of this name: choose another name",
    )
    LOG_VALUE_TOO_LONG = (
        "event_log.value_too_long",
        422,
        "a case id or an activity name of the log is longer than 200 characters; `detail` "
        "says which event",
    )
