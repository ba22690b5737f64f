"""The fact store kept in a file between requests: extended with the new events only, the
same figures as facts read whole, one municipality's file never read for another, figures
kept per generation and renewed when new events arrive."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from jichitai.insights.dashboard import dashboard_build, process_map_get
from jichitai.insights.facts import case_facts
from jichitai.insights.kpis import Filters, facts_connect, kpi_rows
from jichitai.insights.store import StoreMismatch, fact_store, store_path
from jichitai.insights.tests.factories import A, at, four_cases, import_cases, past
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def kept(settings: Any, tmp_path: Path) -> Path:
    settings.INSIGHTS_STORE_DIR = str(tmp_path)
    settings.INSIGHTS_STORE_MAX_AGE = 0
    cache.clear()
    return tmp_path


def _months(source: object) -> list[object]:
    connection = facts_connect(source, Filters())  # type: ignore[arg-type]
    try:
        return list(kpi_rows(connection, grouping="month", today=TODAY))
    finally:
        connection.close()


def test_a_refresh_reads_the_new_events_and_equals_the_facts_read_whole(
    kept: Path, midori: Municipality
) -> None:
    import_cases(midori, four_cases()[:2])
    with fact_store(midori) as store:
        assert [r.cases for r in _months(store)] == [2]  # type: ignore[attr-defined]
    # Two more cases and a case going on: only these events are read on the next page.
    import_cases(midori, four_cases()[2:])
    with fact_store(midori) as store:
        months = _months(store)
        process_map = process_map_get(facts=store, filters=Filters())
        (events,) = store.execute("SELECT count(*) FROM events").fetchall()[0]
    assert events == 17
    whole = case_facts(municipality=midori)
    assert months == _months(whole)
    assert process_map == process_map_get(facts=whole, filters=Filters())
    assert store_path(midori) == kept / "102121.duckdb"


def test_a_page_keeps_its_figures_until_new_events_come(kept: Path, midori: Municipality) -> None:
    import_cases(midori, four_cases())

    def total() -> int:
        with fact_store(midori) as store:
            dashboard = dashboard_build(
                municipality=midori, facts=store, filters=Filters(), today=TODAY
            )
        assert dashboard.total is not None
        return dashboard.total.cases

    assert total() == 4
    assert total() == 4
    import_cases(
        midori,
        [
            past(
                "move_out",
                [(A.SUBMIT, at("2026-05-20 10:00")), (A.WITHDRAW, at("2026-05-20 11:00"))],
            )
        ],
    )
    assert total() == 5


def test_a_stale_page_waits_for_the_max_age(
    kept: Path, midori: Municipality, settings: Any
) -> None:
    import_cases(midori, four_cases()[:1])
    with fact_store(midori) as store:
        assert len(_months(store)) == 1
    settings.INSIGHTS_STORE_MAX_AGE = 3600
    import_cases(midori, four_cases()[2:3])
    with fact_store(midori) as store:
        # Still the facts of the last refresh, as the setting allows…
        assert [r.cases for r in _months(store)] == [1]  # type: ignore[attr-defined]
    with fact_store(midori, refresh=True) as store:
        # …until a refresh is asked for.
        assert [r.cases for r in _months(store)] == [1, 1]  # type: ignore[attr-defined]


def test_one_municipalitys_store_is_never_read_for_another(
    kept: Path, midori: Municipality, minakami: Municipality
) -> None:
    import_cases(midori, four_cases())
    with fact_store(midori):
        pass
    # Even a file put in the other's place is refused, not read.
    midori_file = store_path(midori)
    minakami_file = store_path(minakami)
    assert midori_file is not None and minakami_file is not None
    shutil.copy(midori_file, minakami_file)
    with pytest.raises(StoreMismatch), fact_store(minakami):
        pass
    minakami_file.unlink()
    with fact_store(minakami) as store:
        assert _months(store) == []


def test_the_refresh_command_keeps_the_unfiltered_figures(kept: Path, midori: Municipality) -> None:
    import_cases(midori, four_cases())
    out = io.StringIO()
    call_command("insights-refresh", municipality="102121", stdout=out)
    assert "102121" in out.getvalue()
    with fact_store(midori, refresh=False) as store:
        # The page reads the kept figures, not the facts: emptied behind the store's back,
        # they are not even looked at.
        store.execute("DELETE FROM step_facts")
        process_map = process_map_get(facts=store, filters=Filters(), municipality=midori)
    assert process_map is not None and process_map.cases == 4


def test_a_store_of_a_database_restored_to_an_earlier_point_is_built_again(
    kept: Path, midori: Municipality
) -> None:
    # Four cases reach the store, then the database goes back to before them (a restore to
    # an earlier point, or a demo database made again): the store outlives them.
    with pytest.raises(_Restored), transaction.atomic():
        import_cases(midori, four_cases())
        with fact_store(midori) as store:
            assert sum(r.cases for r in _months(store)) == 4  # type: ignore[attr-defined]
        raise _Restored
    # Another case comes (on SQLite under the ids the forgotten events had).
    import_cases(midori, four_cases()[:1])
    with fact_store(midori) as store:
        months = _months(store)
    assert [r.cases for r in months] == [1]  # type: ignore[attr-defined]
    assert months == _months(case_facts(municipality=midori))


class _Restored(Exception):
    """Rolls the test's database back to before the block."""
