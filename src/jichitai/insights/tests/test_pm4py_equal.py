"""The analysis equals pm4py's on real logs and on hand-made nasty ones."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jichitai.insights.eventlog.analysis import analyze_file
from jichitai.insights.tests.reference import (
    assert_same,
    summary_of_csv,
    summary_of_ocel,
    summary_of_xes,
)

DATA = Path(__file__).parent / "data"
# The project's shared data sits beside the checkout (and beside CI's clone).
SHARED_LOGS = next(
    (
        candidate
        for candidate in (
            Path(__file__).resolve().parents[5] / "shared" / "data" / "eventlogs",
            Path("/work/shared/data/eventlogs"),
        )
        if candidate.is_dir()
    ),
    None,
)


@pytest.mark.parametrize("name", ["roadtraffic100traces.xes", "helpdesk.xes.gz"])
def test_real_xes_logs_equal_pm4py(name: str) -> None:
    path = DATA / name
    assert_same(analyze_file(path), summary_of_xes(path))


def test_receipt_csv_equals_pm4py() -> None:
    if SHARED_LOGS is None:
        pytest.skip("shared/data/eventlogs is not beside this checkout")
    path = SHARED_LOGS / "receipt.csv"
    assert_same(analyze_file(path), summary_of_csv(path))


@pytest.mark.parametrize(
    "object_type", ["Purchase Order", "Invoice", "Purchase Requisition", "Payment"]
)
def test_ocel_sqlite_flattened_equals_pm4py(object_type: str) -> None:
    path = DATA / "ocel20_example.sqlite"
    assert_same(analyze_file(path, object_type=object_type), summary_of_ocel(path, object_type))


def _event(activity: str, timestamp: str) -> str:
    return (
        f'<event><string key="concept:name" value="{activity}"/>'
        f'<string key="lifecycle:transition" value="complete"/>'
        f'<date key="time:timestamp" value="{timestamp}"/></event>'
    )


NASTY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n'
    '<trace><string key="concept:name" value="申請&amp;1"/>\n'
    # Out of order in the file, each with another offset; two at the same instant.
    + _event("審査", "2024-04-01T10:00:00+09:00")
    + _event("受付 &lt;窓口&gt;", "2024-04-01T00:30:00Z")
    + _event("交付", "2024-04-01T03:00:00+02:00")
    + _event("決裁", "2024-04-01T01:00:00.000+00:00")
    + "</trace>\n"
    '<trace><!-- a comment --><string key="concept:name" value="申請&#x32;"/>\n'
    "<?app note?>\n"
    + _event("受付 &lt;窓口&gt;", "2024-04-02T09:00:00.123456+09:00")
    + _event("審査", "2024-04-02T09:00:00.123456+09:00")
    + _event("審査", "2024-04-02T00:00:00.5Z")
    + _event("交付", "2024-04-03T00:00:00-05:00")
    + "</trace>\n"
    '<trace><string key="concept:name" value="3"/>\n'
    + _event("受付 &lt;窓口&gt;", "2024-04-02T09:00:00")
    + _event("交付", "2024-04-05T09:00:00")
    + "</trace>\n"
    "</log>\n"
)


@pytest.mark.parametrize("variant", ["plain", "bom-crlf", "gzip"])
def test_nasty_xes_equals_pm4py(tmp_path: Path, variant: str) -> None:
    """Events out of order, an offset per event, ties, XML escapes and character references,
    Japanese names, a naive time; written plain, with BOM and CRLF, and gzipped."""
    data = NASTY.encode()
    path = tmp_path / "nasty.xes"
    if variant == "bom-crlf":
        data = b"\xef\xbb\xbf" + NASTY.replace("\n", "\r\n").encode()
    elif variant == "gzip":
        data = gzip.compress(data)
        path = tmp_path / "nasty.xes.gz"
    path.write_bytes(data)

    ours = analyze_file(path)

    assert_same(ours, summary_of_xes(path))
    # What a reader of the figures notices: the case read in file order would start with
    # 審査; by instant it starts at the counter, three events at one instant keep file order,
    # and the escaped names come back unescaped.
    assert ours.cases == 3
    assert ours.start_activities == {"受付 <窓口>": 3}
    assert ["受付 <窓口>", "審査", "交付", "決裁"] in [v.activities for v in ours.variants]


def test_nasty_csv_equals_pm4py(tmp_path: Path) -> None:
    """BOM, CRLF, quoted names with commas and quotes, an offset per row, rows out of order."""
    rows = [
        "case:concept:name,concept:name,time:timestamp,org:resource",
        'A-1,"審査, 一次",2024-04-01T10:00:00+09:00,x',
        'A-1,"受付 ""窓口""",2024-04-01T00:30:00+00:00,y',
        "A-1,交付,2024-04-01T03:00:00+02:00,z",
        'B-2,"受付 ""窓口""",2024-04-02T09:00:00.250+09:00,x',
        'B-2,"審査, 一次",2024-04-02T09:00:00.250+09:00,x',
        "B-2,交付,2024-04-03T00:00:00-05:00,x",
    ]
    path = tmp_path / "nasty.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n")

    ours = analyze_file(path)

    assert_same(ours, summary_of_csv(path))
    assert ours.start_activities == {'受付 "窓口"': 2}


_ACTIVITIES = st.sampled_from(["受付", "審査", "決裁", "交付", "A&B", "<x>", 'q"uote'])
_OFFSETS = st.sampled_from(["Z", "+09:00", "-05:30", "+00:00", ""])
# Few distinct instants, so ties are common.
_INSTANTS = st.integers(min_value=1_700_000_000, max_value=1_700_000_000 + 5 * 86_400).map(
    lambda s: s - s % 3600
)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _stamp(epoch: int, offset: str) -> str:
    from datetime import UTC, datetime, timedelta, timezone

    moment = datetime.fromtimestamp(epoch, UTC)
    if offset in ("", "Z"):
        return moment.strftime("%Y-%m-%dT%H:%M:%S") + offset
    sign = 1 if offset[0] == "+" else -1
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return moment.astimezone(zone).isoformat()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    traces=st.lists(
        st.lists(st.tuples(_ACTIVITIES, _INSTANTS, _OFFSETS), min_size=1, max_size=6),
        min_size=1,
        max_size=8,
    )
)
def test_any_xes_log_equals_pm4py(tmp_path: Path, traces: list[list[tuple[str, int, str]]]) -> None:
    body = "".join(
        f'<trace><string key="concept:name" value="c{number}"/>'
        + "".join(_event(_xml(a), _stamp(epoch, offset)) for a, epoch, offset in events)
        + "</trace>"
        for number, events in enumerate(traces)
    )
    path = tmp_path / "random.xes"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?><log>{body}</log>', encoding="utf-8")

    assert_same(analyze_file(path), summary_of_xes(path))
