"""The dashboard's figures from cases with known times: counts, lead times, overdue cases,
rework, channel and signature shares, waiting vs working, the filters, the process map."""

from __future__ import annotations

import datetime as dt

import pytest

from jichitai.insights.dashboard import process_map_get
from jichitai.insights.facts import case_facts
from jichitai.insights.kpis import (
    Filters,
    facts_connect,
    kpi_rows,
    step_times,
    submissions_by_hour,
)
from jichitai.insights.tests.factories import A, at, four_cases, import_cases, past
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def midori_cases(midori: Municipality) -> Municipality:
    import_cases(midori, four_cases())
    return midori


def _rows(municipality: Municipality, grouping: str, filters: Filters | None = None):  # type: ignore[no-untyped-def]
    connection = facts_connect(case_facts(municipality=municipality), filters or Filters())
    try:
        return kpi_rows(connection, grouping=grouping, today=TODAY)
    finally:
        connection.close()


def test_kpis_count_channels_signatures_and_returns(midori_cases: Municipality) -> None:
    (row,) = _rows(midori_cases, "all")
    assert (row.cases, row.decided, row.online, row.signed, row.card_sign_in, row.returned) == (
        4,
        4,
        2,
        1,
        2,
        1,
    )
    assert row.online_share == 0.5
    assert row.signed_share == 0.5
    assert row.rework_share == 0.25


def test_lead_time_median_p90_and_overdue_against_the_processing_days(
    midori_cases: Municipality,
) -> None:
    (row,) = _rows(midori_cases, "all")
    # Lead times 0.125, 0.25, 4.125 and 10.125 days: the median is the mean of the middle
    # two, p90 interpolated (pandas' and DuckDB's quantile_cont).
    assert row.lead_median_days == pytest.approx(2.1875)
    assert row.lead_p90_days == pytest.approx(8.325)
    # Only B: due on the next open day (Friday 4/3) and decided on Monday 4/6.
    assert row.overdue == 1


def test_an_open_case_past_its_deadline_counts_as_overdue(midori: Municipality) -> None:
    import_cases(midori, four_cases()[:1])
    (row,) = _rows(midori, "all")
    assert row.overdue == 0
    connection = facts_connect(case_facts(municipality=midori), Filters())
    # The same case seen as still open long after its deadline would count: decided is what
    # keeps it on time.
    connection.execute("UPDATE case_facts SET decided = NULL")
    (open_row,) = kpi_rows(connection, grouping="all", today=TODAY)
    assert open_row.overdue == 1


def test_groups_by_procedure_channel_and_month(midori_cases: Municipality) -> None:
    by_procedure = {r.key: r.cases for r in _rows(midori_cases, "procedure")}
    assert by_procedure == {"care_need_certification": 1, "juminhyo_request": 2, "move_out": 1}
    assert {r.key: r.cases for r in _rows(midori_cases, "channel")} == {"counter": 2, "online": 2}
    assert {r.key: r.cases for r in _rows(midori_cases, "month")} == {"2026-04": 2, "2026-05": 2}


def test_filters_narrow_by_procedure_channel_and_period(midori_cases: Municipality) -> None:
    def cases(filters: Filters) -> int:
        rows = _rows(midori_cases, "all", filters)
        return rows[0].cases if rows else 0

    assert cases(Filters(procedure_id="juminhyo_request")) == 2
    assert cases(Filters(channel="online")) == 2
    assert cases(Filters(channel="online", procedure_id="move_out")) == 1
    assert cases(Filters(since=dt.date(2026, 5, 1))) == 2
    assert cases(Filters(until=dt.date(2026, 5, 1))) == 2
    assert cases(Filters(since=dt.date(2026, 4, 1), until=dt.date(2026, 4, 2))) == 1
    assert cases(Filters(procedure_id="nursery_application")) == 0


def test_a_month_is_japans_month(midori: Municipality) -> None:
    # 2026-05-01 08:00 JST is still April 30th in UTC: it belongs to May here.
    import_cases(
        midori,
        [
            past(
                "juminhyo_request",
                [(A.SUBMIT, at("2026-05-01 08:00")), (A.WITHDRAW, at("2026-05-01 09:00"))],
            )
        ],
    )
    assert [r.key for r in _rows(midori, "month")] == ["2026-05"]


def test_step_times_split_waiting_working_and_the_residents_time(
    midori_cases: Municipality,
) -> None:
    connection = facts_connect(case_facts(municipality=midori_cases), Filters())
    steps = {(s.source, s.target): s for s in step_times(connection)}
    assert steps["submit", "claim"].kind == "waiting"
    assert steps["submit", "claim"].count == 4
    assert steps["submit", "claim"].median_hours == pytest.approx(3.5)
    assert steps["claim", "approve"].kind == "working"
    assert steps["return", "resubmit"].kind == "resident"
    assert steps["return", "resubmit"].median_hours == pytest.approx(72)
    slowest = step_times(connection)[0]
    assert (slowest.source, slowest.target, slowest.median_hours) == ("forward", "claim", 240)


def test_process_map_points_at_the_committee_wait(midori_cases: Municipality) -> None:
    process_map = process_map_get(facts=case_facts(municipality=midori_cases), filters=Filters())
    assert process_map is not None
    assert (process_map.cases, process_map.events) == (4, 17)
    first = process_map.slowest[0]
    assert (first.source, first.target, first.median_seconds) == (
        "次の段階へ回付",
        "審査開始",
        240 * 3600,
    )
    assert [name for name, _ in process_map.activities][:2] == ["申請", "審査開始"]
    top = process_map.variants[0]
    assert (top.activities, top.count, top.share) == (["申請", "審査開始", "承認"], 1, 0.25)


def test_a_filter_with_no_case_has_no_map(midori_cases: Municipality) -> None:
    facts = case_facts(municipality=midori_cases)
    assert process_map_get(facts=facts, filters=Filters(procedure_id="nursery_application")) is None


def test_another_municipalitys_cases_are_never_counted(
    midori_cases: Municipality, minakami: Municipality
) -> None:
    import_cases(minakami, four_cases()[:2])
    assert _rows(minakami, "all")[0].cases == 2
    assert _rows(midori_cases, "all")[0].cases == 4


def test_submissions_by_weekday_and_hour_in_japan_time(midori_cases: Municipality) -> None:
    connection = facts_connect(case_facts(municipality=midori_cases), Filters())
    # A online Wed 10:00, B counter Thu 10:00, C online Mon 10:00, D counter Tue 9:00 (JST).
    assert submissions_by_hour(connection) == [
        (0, 10, 0, 1),
        (1, 9, 1, 0),
        (2, 10, 0, 1),
        (3, 10, 1, 0),
    ]
