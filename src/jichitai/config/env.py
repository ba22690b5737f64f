"""Typed readers for environment variables.

Each helper raises ImproperlyConfigured on garbage instead of silently falling back, and
`env_secret` also reads `NAME_FILE` so secrets can come from mounted files (Docker/systemd).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from jichitai.common.ratelimit import Rate

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, default: str | None = None) -> str:
    """A secret from NAME, or from the file named by NAME_FILE; required when no default."""
    if (path := os.environ.get(f"{name}_FILE")) is not None:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc}") from None
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set")
    return value


def env_rate(name: str, default: str) -> Rate:
    """A rate limit such as "20/m" (20 per minute) or "10/5m" (10 per 5 minutes)."""
    raw = os.environ.get(name, default)
    try:
        return Rate.parse(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a rate such as 20/m or 10/5m (count/seconds|minutes|hours), "
            f"got {raw!r}"
        ) from None
