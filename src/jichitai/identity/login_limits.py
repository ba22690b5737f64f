"""Limits on staff sign-in attempts, kept in Django's cache so they hold across app servers.

Two limits work together (issue 9, finding 5):

- django-axes locks a login name after `AXES_FAILURE_LIMIT` failures, counted per
  municipality's login page (`axes_username`): failures on another municipality's page can
  no longer lock a staff member out of their own.
- Password spraying (one password tried against many names) is stopped per client address:
  at most `JICHITAI_LOGIN_NAMES_PER_ADDRESS` different login names may fail from one address
  within `JICHITAI_LOGIN_NAMES_WINDOW_MINUTES`; after that the address is refused (429 with
  `Retry-After`) for any further name until the window ends. Names that already failed
  there stay with axes' own limit. Only failures count, so an office whose counter staff
  share one address (NAT) is not refused for signing in correctly.

The cache is the shared store: the database cache by default, Redis where configured. With
the database cache the counter is not atomic under concurrent requests (get-then-set), so a
burst may pass a few names over the limit; it is a brake, not an exact count.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

_KEY_PREFIX = "identity.login_names"
_NO_MUNICIPALITY = "-"


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """AXES_USERNAME_CALLABLE: the login name scoped by the municipality whose page was used.

    `/admin/` and any other page outside a municipality share one scope of their own.
    """
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    municipality = getattr(request, "municipality", None)
    scope = municipality.lg_code if municipality is not None else _NO_MUNICIPALITY
    return f"{scope}:{username or ''}"


def login_source(request: HttpRequest) -> str:
    """The client's address as axes sees it: REMOTE_ADDR, or AXES_CLIENT_IP_CALLABLE's answer.

    Behind a reverse proxy REMOTE_ADDR is the proxy's: every client would share one limit,
    so a deployment behind one must resolve the client's address (see docs/security.md).
    """
    return get_client_ip_address(request) or "unknown"


@dataclass(frozen=True)
class _Window:
    index: int
    seconds_left: int
    length: int


def _window() -> _Window:
    length = settings.JICHITAI_LOGIN_NAMES_WINDOW_MINUTES * 60
    now = int(time.time())
    return _Window(index=now // length, seconds_left=length - now % length, length=length)


def _digest(text: str) -> str:
    # Keys carry no address or login name in clear: the cache may be a shared Redis.
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _keys(*, address: str, username: str, window: _Window) -> tuple[str, str]:
    base = f"{_KEY_PREFIX}:{window.index}:{_digest(address)}"
    return f"{base}:count", f"{base}:name:{_digest(username)}"


def login_names_retry_after(*, address: str, username: str) -> int | None:
    """Seconds the address must wait before trying `username`, or None when it may try now."""
    window = _window()
    count_key, name_key = _keys(address=address, username=username, window=window)
    if cache.get(name_key) is not None:
        return None
    if cache.get(count_key, 0) < settings.JICHITAI_LOGIN_NAMES_PER_ADDRESS:
        return None
    return window.seconds_left


def login_name_failure_note(*, address: str, username: str) -> None:
    """Count a login name that failed from `address` (once per name and window)."""
    window = _window()
    count_key, name_key = _keys(address=address, username=username, window=window)
    # Keys outlive their window a little so a slow clock on another server still finds them.
    timeout = window.seconds_left + 60
    if not cache.add(name_key, 1, timeout):
        return
    if not cache.add(count_key, 1, timeout):
        try:
            cache.incr(count_key)
        except ValueError:  # expired between add and incr
            cache.add(count_key, 1, timeout)


def login_limit_first_refusal(*, address: str) -> bool:
    """True once per address and window: the refusal worth an audit record (not every one)."""
    window = _window()
    key = f"{_KEY_PREFIX}:{window.index}:{_digest(address)}:audited"
    return bool(cache.add(key, 1, window.seconds_left + 60))
