"""jichitai import-xes: a log from another system is kept for its municipality, analysed on
the process map exactly as pm4py analyses the file, and never shown to another."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.conftest import _staff, signed_in
from jichitai.identity.models import Role
from jichitai.insights.eventlog.analysis import summarize_log
from jichitai.insights.models import ImportedLog
from jichitai.insights.selectors import imported_log_events
from jichitai.insights.tests.reference import assert_same, summary_of_xes
from jichitai.tenants.models import Municipality

DATA = Path(__file__).parent / "data"


def test_an_imported_log_is_analysed_as_pm4py_analyses_the_file(
    midori: Municipality, capsys: pytest.CaptureFixture[str]
) -> None:
    path = DATA / "roadtraffic100traces.xes"
    call_command("import-xes", str(path), "--municipality", "102121", "--name", "罰金の処理")
    assert "「罰金の処理」を取り込みました（ケース 100 件" in capsys.readouterr().out
    imported = ImportedLog.objects.get(municipality=midori)
    log = imported_log_events(municipality=midori, log_id=imported.pk)
    assert log is not None
    assert_same(summarize_log(log), summary_of_xes(path))
    assert AuditRecord.objects.get(action="insights.event_log_import").detail["events"] == len(log)


def test_a_gzipped_log_imports_and_a_name_is_used_once(midori: Municipality) -> None:
    path = DATA / "helpdesk.xes.gz"
    call_command("import-xes", str(path), "--municipality", "102121")
    assert ImportedLog.objects.get().name == "helpdesk.xes.gz"
    with pytest.raises(CommandError, match=r"event_log\.name_taken"):
        call_command("import-xes", str(path), "--municipality", "102121")
    assert ImportedLog.objects.count() == 1


def test_a_file_that_is_no_log_is_refused(midori: Municipality, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xes"
    broken.write_text("<log><trace>", encoding="utf-8")
    with pytest.raises(CommandError, match=r"event_log\.unreadable"):
        call_command("import-xes", str(broken), "--municipality", "102121")
    assert not ImportedLog.objects.exists()


def test_the_process_map_shows_an_imported_log_to_its_municipality_only(
    midori: Municipality, minakami: Municipality
) -> None:
    call_command("import-xes", str(DATA / "roadtraffic100traces.xes"), "--municipality", "102121")
    log_id = ImportedLog.objects.get().pk
    own = signed_in(_staff(midori, "dx-lead", Role.ADMIN))
    page = own.get("/102121/insights/process/", {"log": log_id}).content.decode()
    assert "申請 100件" in page
    assert "Create Fine" in page
    text = own.get("/102121/insights/csv/variants/", {"log": log_id}).content.decode("utf-8")
    assert "Create Fine → Send Fine" in text
    other: Client = signed_in(_staff(minakami, "other-lead", Role.ADMIN))
    # Not among the other's choices: the field refuses the id and the map is the town's own.
    page = other.get("/104493/insights/process/", {"log": log_id}).content.decode()
    assert "Create Fine" not in page
