"""空き枠の一覧 (the slot choices of a day) as the booking pages show them, rendered once per
distinct content and kept in the process.

The fragment depends only on the day, each slot's start and free places, the time already
booked, the time chosen and the language: all of them are the key, so a booking that changes
a count makes a new key and nothing has to be invalidated. At the spring peak thousands of
residents look at the same morning, whose counts change a few times a second: the same
fragment serves many of them (the booking page's template was ≈ 5 ms of its ≈ 10 ms CPU).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from jichitai.visits.selectors import SlotOffer

register = template.Library()

# A day has at most a few dozen slots; each key is one state of one day of one service.
FRAGMENTS_KEPT = 512


@lru_cache(maxsize=FRAGMENTS_KEPT)
def _slot_choices(
    language: str | None,
    day: dt.date | None,
    offers: tuple[SlotOffer, ...],
    chosen: str,
    current: str,
) -> SafeString:
    html = render_to_string(
        "visits/_slots.html",
        {"day": day, "offers": offers, "chosen": chosen, "current": current},
    )
    return mark_safe(html)  # noqa: S308 - rendered by the autoescaping template


@register.simple_tag
def slot_choices(
    day: dt.date | None,
    offers: Iterable[SlotOffer],
    chosen: object = "",
    current: object = "",
) -> SafeString:
    """`{% slot_choices day offers chosen current %}`: the radio buttons named starts_at."""
    offers = tuple(offers)
    values = {offer.starts_at.isoformat() for offer in offers}
    # Only a time of the list can be checked: anything else sent in the form is not part of
    # the key (a key per hostile string would fill the cache with nothing).
    chosen_value = chosen if isinstance(chosen, str) and chosen in values else ""
    current_value = current if isinstance(current, str) and current in values else ""
    return _slot_choices(get_language(), day, offers, chosen_value, current_value)
