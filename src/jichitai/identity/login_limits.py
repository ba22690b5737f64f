"""Limits on staff sign-in attempts, kept in the shared cache so they hold across app servers.

Two limits work together (issue 9, finding 5):

- django-axes locks a login name after `AXES_FAILURE_LIMIT` failures, counted per
  municipality's login page (`axes_username`): failures on another municipality's page can
  no longer lock a staff member out of their own.
- Password spraying (one password tried against many names) is stopped per source (the
  client's address, common.request_context.current_source, behind JICHITAI_TRUSTED_PROXIES):
  at most `JICHITAI_LOGIN_NAMES_PER_ADDRESS` different login names may fail from one source
  within `JICHITAI_LOGIN_NAMES_WINDOW_MINUTES`; after that the source is refused (429 with
  `Retry-After`) for any further name until the window ends. Names that already failed
  there stay with axes' own limit. Only failures count, so an office whose counter staff
  share one address (NAT) is not refused for signing in correctly.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from jichitai.common.ratelimit import Rate, limit_check_distinct, limit_count_distinct
from jichitai.common.request_context import current_source

_SCOPE = "identity.login_names"
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


def _rate() -> Rate:
    return Rate(
        count=settings.JICHITAI_LOGIN_NAMES_PER_ADDRESS,
        seconds=settings.JICHITAI_LOGIN_NAMES_WINDOW_MINUTES * 60,
    )


def login_names_check(*, username: str) -> None:
    """Refuse the source once its different failing names are used up, unless `username` is
    one of them. Raises RateLimited (429, Retry-After)."""
    limit_check_distinct(_SCOPE, key=current_source(), member=username, rate=_rate())


def login_name_failure_note(*, username: str) -> None:
    """Count a login name that failed from this source (once per name and window)."""
    limit_count_distinct(_SCOPE, key=current_source(), member=username, rate=_rate())
