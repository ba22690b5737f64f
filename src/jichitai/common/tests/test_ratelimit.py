"""common.ratelimit: a window admits exactly `count` hits, on the per-process cache of the
tests and on the database cache every app server of a deployment shares."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from jichitai.common import ratelimit
from jichitai.common.exceptions import RateLimited
from jichitai.common.ratelimit import Rate, limit_check, limit_count, limit_take, limit_used
from jichitai.common.request_context import source_network

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": settings.CACHE_TABLE,
    }
}


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("20/m", Rate(20, 60)),
        ("10/5m", Rate(10, 300)),
        ("3/h", Rate(3, 3600)),
        ("1/30s", Rate(1, 30)),
    ],
)
def test_rate_parse_reads_count_and_window(text: str, rate: Rate) -> None:
    assert Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["", "20", "20/", "0/m", "x/m", "20/d", "5000/m", "-1/m"])
def test_rate_parse_refuses_garbage(text: str) -> None:
    with pytest.raises(ValueError, match="rate"):
        Rate.parse(text)


def test_limit_take_refuses_the_hit_after_the_last_with_retry_after() -> None:
    rate = Rate(3, 60)
    for _ in range(3):
        limit_take("test.take", key="192.0.2.1", rate=rate)
    with pytest.raises(RateLimited) as refused:
        limit_take("test.take", key="192.0.2.1", rate=rate)
    assert refused.value.status == 429
    assert refused.value.code == "rate_limited"
    assert 1 <= refused.value.retry_after <= 60
    # Another source and another limit count on their own.
    limit_take("test.take", key="192.0.2.2", rate=rate)
    limit_take("test.other", key="192.0.2.1", rate=rate)


def test_limit_check_counts_nothing_and_limit_count_stops_at_the_limit() -> None:
    rate = Rate(2, 60)
    limit_check("test.failures", key="a", rate=rate)
    assert limit_used("test.failures", key="a", rate=rate) == 0
    assert limit_count("test.failures", key="a", rate=rate)
    assert limit_count("test.failures", key="a", rate=rate)
    assert not limit_count("test.failures", key="a", rate=rate)
    assert limit_used("test.failures", key="a", rate=rate) == 2
    with pytest.raises(RateLimited):
        limit_check("test.failures", key="a", rate=rate)


def test_limit_opens_again_in_the_next_window(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: clock[0]))
    rate = Rate(1, 60)
    limit_take("test.window", key="a", rate=rate)
    with pytest.raises(RateLimited) as refused:
        limit_take("test.window", key="a", rate=rate)
    clock[0] += refused.value.retry_after
    limit_take("test.window", key="a", rate=rate)


def test_cache_holds_no_address_in_clear() -> None:
    limit_take("test.clear", key="192.0.2.77", rate=Rate(5, 60))
    keys = list(cache._cache.keys())  # type: ignore[attr-defined]  # locmem's store
    assert keys
    assert not any("192.0.2.77" in key for key in keys)


@pytest.mark.django_db
@override_settings(CACHES=DATABASE_CACHE)
def test_database_cache_admits_exactly_the_limit() -> None:
    rate = Rate(5, 60)
    admitted = [limit_count("test.db", key="192.0.2.9", rate=rate) for _ in range(7)]
    assert admitted == [True] * 5 + [False] * 2
    with pytest.raises(RateLimited):
        limit_check("test.db", key="192.0.2.9", rate=rate)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {settings.CACHE_TABLE}")  # noqa: S608
        assert cursor.fetchone()[0] == 5


@pytest.mark.django_db(transaction=True)
@override_settings(CACHES=DATABASE_CACHE)
def test_database_cache_admits_exactly_the_limit_under_concurrent_hits() -> None:
    """DatabaseCache.incr is a read then a write and loses concurrent hits; slots claimed with
    add() cannot: 4 threads x 5 hits against a limit of 12 admit exactly 12."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database locks whole tables across threads")
    rate = Rate(12, 60)
    admitted: list[bool] = []
    lock = threading.Lock()

    def hammer() -> None:
        try:
            for _ in range(5):
                result = limit_count("test.race", key="192.0.2.10", rate=rate)
                with lock:
                    admitted.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert admitted.count(True) == 12
    assert limit_used("test.race", key="192.0.2.10", rate=rate) == 12


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.5", "192.0.2.5"),
        ("not an address", "unknown"),
        ("", "unknown"),
    ],
)
def test_source_network_groups_ipv6_by_64(address: str, network: str) -> None:
    assert source_network(address) == network
