"""`jichitai export-events`: a municipality's case events as XES and OCEL 2.0 that pm4py
loads, with the figures our analysis finds in them equal to pm4py's."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sqlite3
import warnings
from pathlib import Path

import pm4py
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jichitai.audit.models import AuditRecord
from jichitai.insights.eventlog.analysis import analyze_file
from jichitai.insights.tests.reference import assert_same, summary_of_ocel, summary_of_xes
from jichitai.procedures.models import Activity, ActorType, Case, CaseEvent, CaseState
from jichitai.procedures.tests.factories import case_of, neighbour
from jichitai.tenants.models import Municipality

JST = dt.timezone(dt.timedelta(hours=9))


def _event(case: Case, activity: Activity, moment: dt.datetime, state: CaseState) -> None:
    CaseEvent.objects.create(
        municipality_id=case.municipality_id,
        case=case,
        activity=activity,
        timestamp=moment,
        actor_type=ActorType.STAFF,
        actor_id="staff-1",
        channel=case.channel,
        procedure_id=case.procedure_id,
        state=state,
    )


@pytest.fixture
def cases(midori: Municipality) -> list[Case]:
    """Two 妊娠の届出 of みどり市 with a review each, one returned for correction."""
    first = case_of(midori)
    second = case_of(midori, neighbour(midori))
    submitted = CaseEvent.objects.filter(case=second).get().timestamp
    # Given in JST: the export writes the instant, whatever the offset it was given in.
    start = (submitted + dt.timedelta(hours=1)).astimezone(JST)
    _event(first, Activity.CLAIM, start, CaseState.IN_REVIEW)
    _event(first, Activity.APPROVE, start + dt.timedelta(hours=3), CaseState.APPROVED)
    _event(second, Activity.CLAIM, start + dt.timedelta(days=1), CaseState.IN_REVIEW)
    _event(second, Activity.RETURN, start + dt.timedelta(days=1, hours=1), CaseState.RETURNED)
    _event(second, Activity.RESUBMIT, start + dt.timedelta(days=3), CaseState.SUBMITTED)
    return [first, second]


def _export(midori: Municipality, target: Path) -> None:
    call_command("export-events", municipality=midori.lg_code, output=str(target))


@pytest.mark.parametrize("name", ["log.xes", "log.xes.gz"])
def test_xes_export_loads_in_pm4py_with_the_same_figures(
    midori: Municipality, minakami: Municipality, cases: list[Case], tmp_path: Path, name: str
) -> None:
    case_of(minakami)  # another municipality's case is never in みどり市's log
    target = tmp_path / name

    _export(midori, target)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = pm4py.read_xes(str(target), show_progress_bar=False)
    assert set(frame["case:concept:name"]) == {c.reference_number for c in cases}
    assert set(frame["concept:name"]) == {"申請", "審査開始", "承認", "差戻し", "再提出"}
    assert set(frame["case:procedure"]) == {"pregnancy_notification"}
    ours = analyze_file(target)
    assert_same(ours, summary_of_xes(target))
    assert ours.events == 7
    assert ["申請", "審査開始", "差戻し", "再提出"] in [v.activities for v in ours.variants]
    if name.endswith(".gz"):
        assert target.read_bytes()[:2] == b"\x1f\x8b"


def test_export_carries_no_actor_id_and_is_audited(
    midori: Municipality, cases: list[Case], tmp_path: Path
) -> None:
    target = tmp_path / "log.xes"

    _export(midori, target)

    text = target.read_text(encoding="utf-8")
    assert "staff-1" not in text
    assert 'key="org:role" value="職員"' in text
    record = AuditRecord.objects.filter(action="insights.export_events").get()
    assert record.municipality_code == midori.lg_code
    assert record.detail["events"] == 7


@pytest.mark.parametrize("name", ["log.json", "log.sqlite"])
def test_ocel_export_loads_in_pm4py_with_the_same_figures(
    midori: Municipality, cases: list[Case], tmp_path: Path, name: str
) -> None:
    target = tmp_path / name

    _export(midori, target)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ocel = (
            pm4py.read_ocel2_sqlite(str(target))
            if name.endswith(".sqlite")
            else pm4py.read_ocel2_json(str(target))
        )
    assert set(ocel.objects["ocel:type"]) == {"case", "procedure"}
    assert len(ocel.events) == 7
    for object_type in ("case", "procedure"):
        assert_same(
            analyze_file(target, object_type=object_type), summary_of_ocel(target, object_type)
        )
    assert analyze_file(target, object_type="case").cases == 2
    if name.endswith(".json"):
        document = json.loads(target.read_text(encoding="utf-8"))
        assert {e["type"] for e in document["events"]} >= {"差戻し", "再提出"}
    else:
        with sqlite3.connect(target) as connection:
            assert connection.execute("SELECT count(*) FROM event_object").fetchone() == (14,)


def test_procedure_filter_and_unknown_format(
    midori: Municipality, cases: list[Case], tmp_path: Path
) -> None:
    other = tmp_path / "none.xes"
    call_command(
        "export-events", municipality=midori.lg_code, output=str(other), procedure="no_such"
    )
    assert analyze_file(other).events == 0

    with pytest.raises(CommandError, match="出力形式が決まりません"):
        call_command("export-events", municipality=midori.lg_code, output=str(tmp_path / "x.txt"))
    with pytest.raises(CommandError, match="999999"):
        call_command("export-events", municipality="999999", output=str(other))
    gz = tmp_path / "log.out"
    call_command("export-events", municipality=midori.lg_code, output=str(gz), format="xes.gz")
    assert gzip.decompress(gz.read_bytes()).startswith(b"<?xml")
