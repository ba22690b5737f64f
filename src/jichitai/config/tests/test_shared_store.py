"""Where limits are counted (issue 9, finding 5): the database cache unless JICHITAI_CACHE_URL
names a Redis server, never a per-process cache; rates are read strictly from the env."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from jichitai.common.ratelimit import Rate, limit_count, limit_used
from jichitai.config.env import env_rate

# Inside one window and one audit minute, however slow the machine (conftest).
pytestmark = pytest.mark.usefixtures("limit_clock")

REDIS_URL = "redis://127.0.0.1:6379/15"


def _caches_of(env: dict[str, str]) -> str:
    return _setting_of(
        env, "settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION']"
    )


def _setting_of(env: dict[str, str], expression: str) -> str:
    """What the dev settings give for `expression` under `env`, in a fresh interpreter.
    Raises CalledProcessError when the settings refuse the env."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("JICHITAI_", "DJANGO_"))}
    script = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(  # noqa: S603 - a fixed script in this interpreter
        [sys.executable, "-c", script],
        env={**clean, "DJANGO_SETTINGS_MODULE": "jichitai.config.settings.dev", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_the_database_cache_is_the_default_store() -> None:
    assert _caches_of({}) == "django.core.cache.backends.db.DatabaseCache jichitai_cache"


def test_a_cache_url_switches_the_store_to_redis() -> None:
    assert _caches_of({"JICHITAI_CACHE_URL": REDIS_URL}) == (
        f"django.core.cache.backends.redis.RedisCache {REDIS_URL}"
    )


def test_sessions_stay_in_the_database_unless_redis_is_the_cache() -> None:
    assert _setting_of({}, "settings.SESSION_ENGINE") == "django.contrib.sessions.backends.db"
    in_redis = {"JICHITAI_CACHE_URL": REDIS_URL, "JICHITAI_SESSION_ENGINE": "cache"}
    assert _setting_of(in_redis, "settings.SESSION_ENGINE") == (
        "django.contrib.sessions.backends.cache"
    )
    # The database cache culls entries past MAX_ENTRIES: sessions there would end at random.
    with pytest.raises(subprocess.CalledProcessError):
        _setting_of({"JICHITAI_SESSION_ENGINE": "cache"}, "settings.SESSION_ENGINE")
    with pytest.raises(subprocess.CalledProcessError):
        _setting_of({"JICHITAI_SESSION_ENGINE": "file"}, "settings.SESSION_ENGINE")


def test_env_rate_refuses_garbage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JICHITAI_RATE_TEST", "twenty a minute")
    with pytest.raises(ImproperlyConfigured, match="JICHITAI_RATE_TEST"):
        env_rate("JICHITAI_RATE_TEST", "20/m")
    monkeypatch.setenv("JICHITAI_RATE_TEST", "5/10m")
    assert env_rate("JICHITAI_RATE_TEST", "20/m") == Rate(5, 600)


def _redis_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_running(), reason="no Redis on 127.0.0.1:6379")
def test_redis_admits_exactly_the_limit() -> None:
    prefix = f"jichitai-test-{uuid.uuid4().hex}"
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=redis_cache):
        try:
            rate = Rate(3, 60)
            admitted = [limit_count("test.redis", key="192.0.2.3", rate=rate) for _ in range(5)]
            assert admitted == [True, True, True, False, False]
            assert limit_used("test.redis", key="192.0.2.3", rate=rate) == 3
        finally:
            cache.clear()  # db 15 holds only test keys


@override_settings(JICHITAI_RATE_CERTIFICATE_VERIFY=Rate.parse("2/m"))
def test_a_forged_forwarded_for_does_not_escape_a_limit(midori: object) -> None:
    """With no proxy configured X-Forwarded-For is the client's own word: ignored."""
    from django.test import Client

    from jichitai.registry.tests.certificates.test_verification_limits import _upload

    statuses = [
        _upload(Client(HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"), "102121").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


@override_settings(JICHITAI_TRUSTED_PROXIES=1)
def test_behind_a_proxy_the_address_it_saw_counts() -> None:
    from django.test import RequestFactory

    from jichitai.config.middleware import client_address

    factory = RequestFactory()
    forged = factory.get(
        "/", REMOTE_ADDR="203.0.113.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 192.0.2.8"
    )
    assert client_address(forged) == "192.0.2.8"  # what the proxy appended, not the forgery
    direct = factory.get("/", REMOTE_ADDR="192.0.2.9")
    assert client_address(direct) == "192.0.2.9"
