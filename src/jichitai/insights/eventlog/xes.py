"""XES (IEEE 1849-2023, eXtensible Event Stream) read and written with lxml.

Reading streams trace by trace (`iterparse`), so a log of millions of events holds one trace
in memory at a time; a gzip file (`.xes.gz`) is recognised by its magic bytes. The XML
parser does the rest of what real files need: a UTF-8 byte order mark, CRLF line ends,
character references and entities (`&amp;`, `&#x3042;`). External entities and network
access are refused: a log from another system is untrusted input.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, cast

from lxml import etree

from jichitai.insights.errors import EventLogUnreadable
from jichitai.insights.eventlog.log import EventLog, bad_instant, parse_instant
from jichitai.insights.eventlog.records import RecordedEvent

GZIP_MAGIC = b"\x1f\x8b"

# The standard extensions the written attributes belong to (IEEE 1849-2023 §5, the XES
# extension definitions at xes-standard.org).
_EXTENSIONS = (
    ("Concept", "concept", "http://www.xes-standard.org/concept.xesext"),
    ("Time", "time", "http://www.xes-standard.org/time.xesext"),
    ("Organizational", "org", "http://www.xes-standard.org/org.xesext"),
    ("Identity", "identity", "http://www.xes-standard.org/identity.xesext"),
)


@contextmanager
def _binary(path: Path) -> Iterator[IO[bytes]]:
    with path.open("rb") as raw:
        if raw.read(2) == GZIP_MAGIC:
            raw.seek(0)
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                yield cast(IO[bytes], unzipped)
        else:
            raw.seek(0)
            yield raw


def read_xes(path: Path) -> EventLog:
    """The events of an XES or XES.gz file: case = the trace's `concept:name`, activity = the
    event's `concept:name`, instant = its `time:timestamp` (an attribute given twice keeps
    its last value, as in pm4py).

    Raises EventLogUnreadable for a file that is not well-formed XML or an event without one
    of the three.
    """
    log = EventLog()
    try:
        with _binary(path) as stream:
            parser = etree.iterparse(
                stream,
                events=("end",),
                tag="{*}trace",
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                # Values live in attributes: whitespace, comments and processing
                # instructions between elements are dropped before they cost anything.
                remove_blank_text=True,
                remove_comments=True,
                remove_pis=True,
            )
            for trace_number, (_event, trace) in enumerate(parser, start=1):
                _read_trace(log, trace, trace_number)
                # Free the finished trace and what precedes it: memory stays one trace.
                trace.clear()
                parent = trace.getparent()
                while parent is not None and trace.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as error:
        raise EventLogUnreadable(f"XML として正しくありません（{error.lineno}行目）。") from None
    except (OSError, EOFError, gzip.BadGzipFile):
        raise EventLogUnreadable("ファイルを開けないか、gzip が壊れています。") from None
    return log


def _read_trace(log: EventLog, trace: etree._Element, trace_number: int) -> None:
    # The hot loop of a large log: plain loops over the children, no helper calls. An event
    # is the child in the trace's namespace named `event`; attributes are the children with
    # a `key` (events have none).
    event_tag = trace.tag[: -len("trace")] + "event"
    case_id = None
    events: list[tuple[str | None, str | None]] = []
    for child in trace:
        if child.tag == event_tag:
            activity = timestamp = None
            for attribute in child:
                key = attribute.get("key")
                if key == "concept:name":
                    activity = attribute.get("value")
                elif key == "time:timestamp":
                    timestamp = attribute.get("value")
            events.append((activity, timestamp))
        elif child.get("key") == "concept:name":
            case_id = child.get("value")
    if case_id is None:
        raise EventLogUnreadable(f"{trace_number}番目のトレースに concept:name がありません。")
    for event_number, (activity, timestamp) in enumerate(events, start=1):
        if activity is None or timestamp is None:
            raise EventLogUnreadable(
                f"{trace_number}番目のトレースの{event_number}番目のイベントに concept:name か "
                "time:timestamp がありません。"
            )
        try:
            instant = parse_instant(timestamp)
        except ValueError:
            raise bad_instant(
                f"{trace_number}番目のトレースの{event_number}番目のイベント"
            ) from None
        log.append(case_id, activity, instant)


def write_xes(events: Iterable[RecordedEvent], target: IO[bytes] | gzip.GzipFile) -> int:
    """Write the events as one XES log (traces in the order the cases come); returns the
    number of events written. Times keep their offset, to the microsecond."""
    written = 0
    seen_cases: set[str] = set()
    with etree.xmlfile(target, encoding="utf-8") as xml:
        xml.write_declaration()
        with xml.element(
            "log",
            {"xes.version": "1849-2016", "xes.features": ""},
        ):
            for name, prefix, uri in _EXTENSIONS:
                xml.write(etree.Element("extension", name=name, prefix=prefix, uri=uri))
            xml.write(etree.Element("classifier", name="Activity", keys="concept:name"))
            for case_id, case_events in _by_case(events, seen_cases):
                with xml.element("trace"):
                    xml.write(etree.Element("string", key="concept:name", value=case_id))
                    for key, value in case_events[0].case_attributes.items():
                        xml.write(etree.Element("string", key=key, value=value))
                    for event in case_events:
                        xml.write(_event_element(event))
                        written += 1
    return written


def _event_element(event: RecordedEvent) -> etree._Element:
    element = etree.Element("event")
    etree.SubElement(element, "string", key="concept:name", value=event.activity)
    etree.SubElement(element, "date", key="time:timestamp", value=event.time.isoformat())
    etree.SubElement(element, "string", key="identity:id", value=event.event_id)
    for key, value in event.attributes.items():
        etree.SubElement(element, "string", key=key, value=value)
    return element


def _by_case(
    events: Iterable[RecordedEvent], seen_cases: set[str]
) -> Iterator[tuple[str, list[RecordedEvent]]]:
    """Contiguous runs of one case; a case seen again later is a caller's ordering bug."""
    current: list[RecordedEvent] = []
    for event in events:
        if current and event.case_id != current[0].case_id:
            yield current[0].case_id, current
            current = []
        if not current:
            if event.case_id in seen_cases:
                raise ValueError("events must come ordered by case")
            seen_cases.add(event.case_id)
        current.append(event)
    if current:
        yield current[0].case_id, current
