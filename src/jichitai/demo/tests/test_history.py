"""The demo's year of case history tells the story the dashboard is for: a spring peak, online
filing growing, and a process map that points at the committee's wait."""

from __future__ import annotations

import datetime as dt
import time

from jichitai.demo.history import demo_history_seed, demo_history_seed_all
from jichitai.insights.dashboard import process_map_get
from jichitai.insights.facts import case_facts
from jichitai.insights.kpis import Filters, facts_connect, kpi_rows
from jichitai.insights.models import PublishedFigures
from jichitai.tenants.models import Municipality

TODAY = dt.date(2027, 1, 1)


def test_a_year_with_a_spring_peak_and_a_real_bottleneck(minakami: Municipality) -> None:
    started = time.monotonic()
    made = demo_history_seed(municipality=minakami, seed=2026, today=TODAY)
    assert made.cases > 500
    facts = case_facts(municipality=minakami)
    connection = facts_connect(facts, Filters())
    months = {r.key: r for r in kpi_rows(connection, grouping="month", today=TODAY)}
    assert sorted(months) == [f"2026-{m:02d}" for m in range(1, 13)]
    calm = sum(months[f"2026-{m:02d}"].cases for m in (6, 7, 9, 10)) / 4
    assert months["2026-03"].cases > 1.5 * calm
    assert months["2026-04"].cases > 1.5 * calm
    # Online filing grows over the year.
    assert (months["2026-12"].online_share or 0) > (months["2026-01"].online_share or 0)
    process_map = process_map_get(facts=facts, filters=Filters())
    assert process_map is not None
    slowest = process_map.slowest[0]
    assert (slowest.source, slowest.target) == ("次の段階へ回付", "審査開始")
    assert slowest.median_seconds > 7 * 86_400
    # Cheap enough for `make demo` (the town's year, on a loaded 2-core machine).
    assert time.monotonic() - started < 60


def test_a_second_seed_adds_nothing_and_both_publish(
    midori: Municipality, minakami: Municipality
) -> None:
    demo_history_seed(municipality=minakami, seed=2026, today=TODAY)
    made = {h.lg_code: h.cases for h in demo_history_seed_all(seed=2026, today=TODAY)}
    assert made["104493"] == 0
    assert made["102121"] > 0
    assert PublishedFigures.objects.filter(municipality=midori).count() == 12
