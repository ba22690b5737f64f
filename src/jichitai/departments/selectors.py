"""Reads of the department records: what a business answers to the linkage broker.

The broker (linkage) is the only caller that knows which 符号 to ask about: a business holds
nothing that leads back to the register.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jichitai.departments.models import Business


@dataclass(frozen=True)
class Holding:
    """わたしの情報: one thing a business holds about a person, in words the person reads
    (label and value pairs in Japanese)."""

    title: str
    rows: tuple[tuple[str, str], ...]


def department_item_provide(
    *,
    municipality_code: str,
    business: Business,
    code: str,
    item: str,
    params: Mapping[str, Any],
) -> dict[str, Any] | None:
    """特定個人情報の提供: the data item `item` about the person the business of the
    municipality knows by `code`; None when it holds nothing for it (e.g. no income for that
    year). Values are JSON (str, int, bool, ISO dates)."""
    return None


def department_holdings(*, municipality_code: str, business: Business, code: str) -> list[Holding]:
    """What the business of the municipality holds about the person known by `code`."""
    return []
