"""The date filters of the pages (jichitai_ui): one style for dates and moments."""

from __future__ import annotations

import datetime as dt

from jichitai.common.templatetags.jichitai_ui import seireki, wareki

TOKYO_AFTERNOON = dt.datetime(2026, 12, 6, 5, 5, 9, tzinfo=dt.UTC)  # 14:05:09 in Tokyo


def test_a_date_is_written_in_wareki_and_a_moment_adds_the_time_in_tokyo() -> None:
    assert wareki(dt.date(2026, 12, 6)) == "令和8年12月6日"
    assert wareki("2026-12-06") == "令和8年12月6日"
    assert wareki(TOKYO_AFTERNOON) == "令和8年12月6日 14:05"
    assert wareki(TOKYO_AFTERNOON, "seconds") == "令和8年12月6日 14:05:09"


def test_the_day_of_a_moment_is_tokyo_s_day() -> None:
    late_evening = dt.datetime(2026, 12, 6, 15, 30, tzinfo=dt.UTC)  # 00:30 on the 7th
    assert wareki(late_evening) == "令和8年12月7日 00:30"
    assert seireki(late_evening) == "2026年12月7日"


def test_nothing_is_written_for_nothing() -> None:
    assert wareki(None) == "" and wareki("") == "" and wareki("not a date") == ""
