"""OCEL 2.0 (Object-Centric Event Log, ocel-standard.org, 2023) in JSON and SQLite.

Reading flattens the log along one object type, the case notion of a classic log: each
object of that type is a case and holds every event related to it (an event related to two
such objects is in both cases; related twice to one object, once). This is pm4py's
`ocel_flattening`, so the figures of a flattened log equal pm4py's.

Writing exports the project's case events with two object types: the case (申請) and the
procedure (手続) it belongs to, so a tool can flatten along either.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import IO, Any

from jichitai.insights.errors import EventLogUnreadable, ObjectTypeRequired
from jichitai.insights.eventlog.log import EventLog, bad_instant, parse_instant
from jichitai.insights.eventlog.records import RecordedEvent

SQLITE_MAGIC = b"SQLite format 3\x00"

CASE_TYPE = "case"
PROCEDURE_TYPE = "procedure"
# The attribute that names the procedure among a RecordedEvent's case attributes.
PROCEDURE_ATTRIBUTE = "procedure"
_EPOCH_TEXT = "1970-01-01T00:00:00Z"


@dataclass(frozen=True, slots=True)
class _Event:
    event_id: str
    activity: str
    time: str


def _flatten(
    events: Sequence[_Event],
    relations: Iterable[tuple[str, str]],
    object_types: dict[str, str],
    object_type: str | None,
) -> EventLog:
    """Events (in log order) per object of `object_type`, relations as (event id, object id)."""
    types = sorted(set(object_types.values()))
    if object_type is None and len(types) == 1:
        object_type = types[0]
    if object_type is None or object_type not in types:
        raise ObjectTypeRequired(object_types=types)
    objects_of_event: dict[str, list[str]] = {}
    for event_id, object_id in relations:
        if object_types.get(object_id) == object_type:
            related = objects_of_event.setdefault(event_id, [])
            if object_id not in related:
                related.append(object_id)
    log = EventLog()
    for number, event in enumerate(events, start=1):
        if event.event_id not in objects_of_event:
            continue
        try:
            instant = parse_instant(event.time)
        except ValueError:
            raise bad_instant(f"{number}番目のイベント") from None
        for object_id in objects_of_event[event.event_id]:
            log.append(object_id, event.activity, instant)
    return log


def read_ocel_json(path: Path, *, object_type: str | None = None) -> EventLog:
    """The OCEL 2.0 JSON log flattened along `object_type` (may be omitted when the log has
    one object type)."""
    try:
        with path.open("r", encoding="utf-8-sig") as stream:
            document = json.load(stream)
        object_types = {str(o["id"]): str(o["type"]) for o in document["objects"]}
        events = [_Event(str(e["id"]), str(e["type"]), str(e["time"])) for e in document["events"]]
        relations = [
            (str(e["id"]), str(r["objectId"]))
            for e in document["events"]
            for r in e.get("relationships") or []
        ]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise EventLogUnreadable("JSON として読めません。") from None
    except (KeyError, TypeError):
        raise EventLogUnreadable(
            "OCEL 2.0 の objects / events（id・type・time）がそろっていません。"
        ) from None
    return _flatten(events, relations, object_types, object_type)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_ocel_sqlite(path: Path, *, object_type: str | None = None) -> EventLog:
    """The OCEL 2.0 SQLite log flattened along `object_type`; the file is opened read-only."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        raise EventLogUnreadable("SQLite のファイルを開けません。") from None
    try:
        event_tables = dict(
            connection.execute("SELECT ocel_type, ocel_type_map FROM event_map_type")
        )
        times: dict[str, str] = {}
        for table in event_tables.values():
            for event_id, time in connection.execute(
                f"SELECT ocel_id, ocel_time FROM {_quoted('event_' + table)}"  # noqa: S608 - table names come from the log's own map, quoted
            ):
                times[str(event_id)] = str(time)
        events = [
            _Event(str(event_id), str(activity), times[str(event_id)])
            for event_id, activity in connection.execute(
                "SELECT ocel_id, ocel_type FROM event ORDER BY rowid"
            )
        ]
        object_types = {
            str(object_id): str(kind)
            for object_id, kind in connection.execute("SELECT ocel_id, ocel_type FROM object")
        }
        relations = [
            (str(event_id), str(object_id))
            for event_id, object_id in connection.execute(
                "SELECT ocel_event_id, ocel_object_id FROM event_object ORDER BY rowid"
            )
        ]
    except (sqlite3.Error, KeyError):
        raise EventLogUnreadable(
            "OCEL 2.0 の SQLite 形式（event・object・event_object の表）ではありません。"
        ) from None
    finally:
        connection.close()
    return _flatten(events, relations, object_types, object_type)


def _utc_text(event: RecordedEvent) -> str:
    return event.time.astimezone(UTC).isoformat()


def _ocel_objects(events: Sequence[RecordedEvent]) -> dict[str, tuple[str, dict[str, str]]]:
    """Object id → (type, attributes): one object per case and per procedure."""
    objects: dict[str, tuple[str, dict[str, str]]] = {}
    for event in events:
        objects.setdefault(event.case_id, (CASE_TYPE, dict(event.case_attributes)))
        procedure = event.case_attributes.get(PROCEDURE_ATTRIBUTE)
        if procedure:
            objects.setdefault(_procedure_object_id(procedure), (PROCEDURE_TYPE, {}))
    return objects


def _procedure_object_id(procedure: str) -> str:
    return f"procedure:{procedure}"


def _relationships(event: RecordedEvent) -> list[tuple[str, str]]:
    """(object id, qualifier) of the event."""
    related = [(event.case_id, CASE_TYPE)]
    procedure = event.case_attributes.get(PROCEDURE_ATTRIBUTE)
    if procedure:
        related.append((_procedure_object_id(procedure), PROCEDURE_TYPE))
    return related


def _attribute_names(mappings: Iterable[dict[str, str] | Any]) -> list[str]:
    names: dict[str, None] = {}
    for mapping in mappings:
        names.update(dict.fromkeys(mapping))
    return list(names)


def write_ocel_json(events: Iterable[RecordedEvent], target: IO[str]) -> int:
    """Write the events as an OCEL 2.0 JSON log; returns the number of events."""
    rows = list(events)
    objects = _ocel_objects(rows)
    event_attributes: dict[str, list[str]] = {}
    for event in rows:
        names = event_attributes.setdefault(event.activity, [])
        names.extend(name for name in event.attributes if name not in names)
    case_attributes = _attribute_names(a for kind, a in objects.values() if kind == CASE_TYPE)
    document = {
        "objectTypes": [
            {
                "name": CASE_TYPE,
                "attributes": [{"name": n, "type": "string"} for n in case_attributes],
            },
            {"name": PROCEDURE_TYPE, "attributes": []},
        ],
        "eventTypes": [
            {"name": activity, "attributes": [{"name": n, "type": "string"} for n in names]}
            for activity, names in event_attributes.items()
        ],
        "objects": [
            {
                "id": object_id,
                "type": kind,
                "attributes": [
                    {"name": name, "time": _EPOCH_TEXT, "value": value}
                    for name, value in attributes.items()
                ],
                "relationships": [],
            }
            for object_id, (kind, attributes) in objects.items()
        ],
        "events": [
            {
                "id": event.event_id,
                "type": event.activity,
                "time": _utc_text(event),
                "attributes": [{"name": n, "value": v} for n, v in event.attributes.items()],
                "relationships": [
                    {"objectId": object_id, "qualifier": qualifier}
                    for object_id, qualifier in _relationships(event)
                ],
            }
            for event in rows
        ],
    }
    json.dump(document, target, ensure_ascii=False, indent=1)
    return len(rows)


_TABLE_NAME = re.compile(r"[^0-9A-Za-z]+")


def _type_tables(names: Iterable[str]) -> dict[str, str]:
    """Type name → the suffix of its table (`event_<suffix>`): letters and digits of the
    name, numbered when two names share one, as OCEL 2.0 SQLite's `*_map_type` tables allow."""
    tables: dict[str, str] = {}
    for number, name in enumerate(names, start=1):
        suffix = _TABLE_NAME.sub("", name) or f"type{number}"
        if suffix in tables.values():
            suffix = f"{suffix}{number}"
        tables[name] = suffix
    return tables


def write_ocel_sqlite(events: Iterable[RecordedEvent], target: Path) -> int:
    """Write the events as a new OCEL 2.0 SQLite file at `target` (replaced if it exists);
    returns the number of events. Table layout of the OCEL 2.0 specification §4.3."""
    rows = list(events)
    objects = _ocel_objects(rows)
    target.unlink(missing_ok=True)
    connection = sqlite3.connect(target)
    try:
        with connection:
            _write_sqlite(connection, rows, objects)
    finally:
        connection.close()
    return len(rows)


def _write_sqlite(
    connection: sqlite3.Connection,
    rows: list[RecordedEvent],
    objects: dict[str, tuple[str, dict[str, str]]],
) -> None:
    event_tables = _type_tables(dict.fromkeys(event.activity for event in rows))
    object_tables = _type_tables([CASE_TYPE, PROCEDURE_TYPE])
    connection.executescript(
        """
        CREATE TABLE event_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT);
        CREATE TABLE object_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT);
        CREATE TABLE event (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
        CREATE TABLE object (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
        CREATE TABLE event_object (ocel_event_id TEXT, ocel_object_id TEXT, ocel_qualifier TEXT,
            PRIMARY KEY (ocel_event_id, ocel_object_id, ocel_qualifier));
        CREATE TABLE object_object (ocel_source_id TEXT, ocel_target_id TEXT, ocel_qualifier TEXT,
            PRIMARY KEY (ocel_source_id, ocel_target_id, ocel_qualifier));
        """
    )
    connection.executemany("INSERT INTO event_map_type VALUES (?, ?)", event_tables.items())
    connection.executemany("INSERT INTO object_map_type VALUES (?, ?)", object_tables.items())
    for activity, table in event_tables.items():
        names = _attribute_names(e.attributes for e in rows if e.activity == activity)
        columns = ", ".join(f"{_quoted(n)} TEXT" for n in names)
        connection.execute(
            f"CREATE TABLE {_quoted('event_' + table)} (ocel_id TEXT PRIMARY KEY, ocel_time TIMESTAMP"
            + (f", {columns}" if columns else "")
            + ")"
        )
        placeholders = ", ".join("?" * (len(names) + 2))
        connection.executemany(
            f"INSERT INTO {_quoted('event_' + table)} VALUES ({placeholders})",  # noqa: S608 - names quoted
            (
                [e.event_id, _utc_text(e), *(e.attributes.get(n) for n in names)]
                for e in rows
                if e.activity == activity
            ),
        )
    connection.executemany(
        "INSERT INTO event VALUES (?, ?)", ((e.event_id, e.activity) for e in rows)
    )
    connection.executemany(
        "INSERT INTO event_object VALUES (?, ?, ?)",
        ((e.event_id, o, q) for e in rows for o, q in _relationships(e)),
    )
    connection.executemany(
        "INSERT INTO object VALUES (?, ?)", ((i, kind) for i, (kind, _a) in objects.items())
    )
    for kind, table in object_tables.items():
        names = _attribute_names(a for k, a in objects.values() if k == kind)
        columns = "".join(f", {_quoted(n)} TEXT" for n in names)
        connection.execute(
            f"CREATE TABLE {_quoted('object_' + table)} (ocel_id TEXT, ocel_time TIMESTAMP, "
            f"ocel_changed_field TEXT{columns})"
        )
        placeholders = ", ".join("?" * (len(names) + 3))
        connection.executemany(
            f"INSERT INTO {_quoted('object_' + table)} VALUES ({placeholders})",  # noqa: S608 - names quoted
            (
                [i, "1970-01-01 00:00:00", None, *(a.get(n) for n in names)]
                for i, (k, a) in objects.items()
                if k == kind
            ),
        )
