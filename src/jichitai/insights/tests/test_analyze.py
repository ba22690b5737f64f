"""`jichitai analyze FILE`: the figures of a log file, printed without the database (these
tests have no database: pytest-django refuses any query), and a clear refusal of bad files."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jichitai.insights.errors import EventLogUnreadable
from jichitai.insights.eventlog.analysis import analyze_file

DATA = Path(__file__).parent / "data"


def _run(*args: str) -> str:
    out = StringIO()
    call_command("analyze", *args, stdout=out)
    return out.getvalue()


def test_json_output_has_every_figure() -> None:
    figures = json.loads(_run(str(DATA / "roadtraffic100traces.xes"), "--json"))

    assert figures["cases"] == 100
    assert figures["events"] == sum(figures["activities"].values())
    assert figures["activities"]["Create Fine"] == 100
    first_edge = figures["dfg"][0]
    assert set(first_edge) == {"source", "target", "count", "median_seconds"}
    assert sum(v["count"] for v in figures["variants"]) == 100
    assert figures["case_durations"]["cases"] == 100
    assert figures == analyze_file(DATA / "roadtraffic100traces.xes").as_dict()


def test_text_report_for_people() -> None:
    report = _run(str(DATA / "helpdesk.xes.gz"))

    assert report.startswith("ケース ")
    assert "所要時間: 中央値" in report
    assert "→" in report


def test_ocel_needs_an_object_type_and_names_the_choices() -> None:
    with pytest.raises(CommandError, match="Purchase Order"):
        _run(str(DATA / "ocel20_example.sqlite"))

    figures = json.loads(
        _run(str(DATA / "ocel20_example.sqlite"), "--object-type", "Purchase Order", "--json")
    )
    assert figures["cases"] == 2


def _xes(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><log>{body}</log>'


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.xes", "<log><trace>", "XML として正しくありません"),
        ("no-case.xes", _xes("<trace><event/></trace>"), "1番目のトレースに concept:name"),
        (
            "no-time.xes",
            _xes(
                '<trace><string key="concept:name" value="1"/>'
                '<event><string key="concept:name" value="A"/></event></trace>'
            ),
            "1番目のトレースの1番目のイベントに",
        ),
        (
            "bad-time.xes",
            _xes(
                '<trace><string key="concept:name" value="1"/>'
                '<event><string key="concept:name" value="A"/>'
                '<date key="time:timestamp" value="昨日"/></event></trace>'
            ),
            "日時が ISO 8601 ではありません",
        ),
        (
            "no-column.csv",
            "case:concept:name,concept:name\n1,A\n",
            "列 time:timestamp がありません",
        ),
        (
            "bad-row.csv",
            "case:concept:name,concept:name,time:timestamp\n1,A,2024-01-01\n1,B,someday\n",
            "3行目",
        ),
        ("not-ocel.json", '{"objects": 1}', "OCEL 2.0"),
        ("broken.json", "{", "JSON として読めません"),
        ("broken.xes.gz", "\x1f\x8bnot gzip", "gzip"),
    ],
)
def test_unreadable_files_are_refused_with_the_place(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("latin-1") if name.endswith(".gz") else content.encode())

    with pytest.raises(EventLogUnreadable, match=message):
        analyze_file(path)
    with pytest.raises(CommandError, match="イベントログを読み取れません"):
        _run(str(path))


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    """A log from another system is untrusted: an entity naming a local file stays unread."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "xxe.xes"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE log [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        '<log><trace><string key="concept:name" value="&x;"/>'
        '<event><string key="concept:name" value="A"/>'
        '<date key="time:timestamp" value="2024-01-01T00:00:00Z"/></event></trace></log>',
        encoding="utf-8",
    )

    try:
        summary = analyze_file(path)
    except EventLogUnreadable:
        return
    assert "TOP-SECRET" not in json.dumps(summary.as_dict())


def test_empty_log_has_no_durations(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("case:concept:name,concept:name,time:timestamp\n", encoding="utf-8")

    summary = analyze_file(path)

    assert (summary.cases, summary.events, summary.case_durations) == (0, 0, None)
