"""回数制限 (rate limits) that hold across app servers: fixed windows counted in Django's cache.

Every app server of a deployment shares the cache (the database cache by default, Redis when
JICHITAI_CACHE_URL names one), so a source refused by one server is refused by all.

Why not django-ratelimit or django-ninja's throttles: both decorate views and count requests,
while most limits here count *failures* (a guessed token, a wrong card answer) inside
services that take no request and serve the API and the pages alike. And both count with
`cache.incr` or get-then-set, which the database cache does as a read followed by a write, so
concurrent hits overwrite each other (django-ratelimit refuses DatabaseCache for exactly this:
its system check E003).

Here each hit claims a numbered slot with `cache.add`, which every Django cache backend does
atomically (the database cache: the table's primary key; Redis: SET NX; locmem: a lock), so
N parallel requests claim N different slots and a window admits exactly `rate.count` hits.
One `get_many` (one query, or one MGET) finds the free slots; a hit costs two round trips.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from jichitai.common.crypto import keyed_hash
from jichitai.common.exceptions import RateLimited

_RATE = re.compile(r"(?P<count>\d+)/(?P<amount>\d*)(?P<unit>[smh])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}
# A window holds one cache entry per hit: keep it small enough for one get_many.
MAX_COUNT = 1000


@dataclass(frozen=True)
class Rate:
    """`count` hits per `seconds`, e.g. Rate.parse("20/m") or Rate.parse("10/5m")."""

    count: int
    seconds: int

    def __post_init__(self) -> None:
        if not 1 <= self.count <= MAX_COUNT or self.seconds < 1:
            raise ValueError(f"a rate is 1 to {MAX_COUNT} hits per at least one second")

    @classmethod
    def parse(cls, text: str) -> Rate:
        """Parse "<count>/<amount><s|m|h>", the amount defaulting to 1. Raises ValueError."""
        match = _RATE.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a rate such as '20/m' or '10/5m'")
        amount = int(match["amount"] or 1)
        return cls(count=int(match["count"]), seconds=amount * _UNIT_SECONDS[match["unit"]])

    def __str__(self) -> str:
        return f"{self.count}/{self.seconds}s"


@dataclass(frozen=True)
class _Window:
    keys: list[str]
    ends_in: int  # whole seconds until the window closes, at least 1


def _window(scope: str, key: str, rate: Rate) -> _Window:
    now = time.time()
    number = int(now // rate.seconds)
    ends_in = max(1, math.ceil((number + 1) * rate.seconds - now))
    # Keyed digest: the cache holds no address in clear, and keys stay short and safe for
    # every backend whatever the key contains.
    digest = keyed_hash(f"{scope}\x00{key}", key=f"jichitai.ratelimit:{settings.SECRET_KEY}")
    prefix = f"rl:{scope}:{digest[:32]}:{rate.seconds}:{number}"
    return _Window(keys=[f"{prefix}:{slot}" for slot in range(rate.count)], ends_in=ends_in)


def limit_used(scope: str, *, key: str, rate: Rate) -> int:
    """How many hits the current window of (scope, key) holds."""
    return len(cache.get_many(_window(scope, key, rate).keys))


def limit_check(scope: str, *, key: str, rate: Rate) -> None:
    """Refuse when the window is full, counting nothing: for limits on failures, checked
    before the attempt so that a refused source learns nothing from it. Raises RateLimited."""
    window = _window(scope, key, rate)
    if len(cache.get_many(window.keys)) >= rate.count:
        raise RateLimited(retry_after=window.ends_in)


def limit_count(scope: str, *, key: str, rate: Rate) -> bool:
    """Count one hit (a failure); False when the window was already full."""
    window = _window(scope, key, rate)
    taken = cache.get_many(window.keys)
    for slot_key in window.keys:
        # add() fails when a concurrent hit claimed the slot first: try the next one.
        if slot_key not in taken and cache.add(slot_key, 1, timeout=window.ends_in + 1):
            return True
    return False


def limit_take(scope: str, *, key: str, rate: Rate) -> None:
    """Count one hit (a request) or refuse it when the window is full. Raises RateLimited."""
    if not limit_count(scope, key=key, rate=rate):
        raise RateLimited(retry_after=_window(scope, key, rate).ends_in)


def _member_key(scope: str, *, key: str, member: str, rate: Rate) -> tuple[str, int]:
    window = _window(scope, key, rate)
    digest = keyed_hash(
        f"{scope}\x00{key}\x00{member}", key=f"jichitai.ratelimit:{settings.SECRET_KEY}"
    )
    return f"{window.keys[0]}:member:{digest[:32]}", window.ends_in


def limit_check_distinct(scope: str, *, key: str, member: str, rate: Rate) -> None:
    """Like limit_check, for limits on how many *different* members fail (login names tried
    from one source): a member already counted in this window passes. Raises RateLimited."""
    member_key, _ends_in = _member_key(scope, key=key, member=member, rate=rate)
    if cache.get(member_key) is None:
        limit_check(scope, key=key, rate=rate)


def limit_count_distinct(scope: str, *, key: str, member: str, rate: Rate) -> bool:
    """Count `member` once per window (its first failure); False when the window was full."""
    member_key, ends_in = _member_key(scope, key=key, member=member, rate=rate)
    if not cache.add(member_key, 1, timeout=ends_in + 1):
        return True
    return limit_count(scope, key=key, rate=rate)
