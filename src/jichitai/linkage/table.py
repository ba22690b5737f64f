"""The table of allowed exchanges (情報連携の定め), read from linkage/exchanges.yaml.

Loaded and checked once when the process starts (LinkageConfig.ready): a row naming an
unknown business or item stops the start with the file and the row, so a typo can never turn
into an exchange that is silently refused — or allowed.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ImproperlyConfigured

from jichitai.departments.models import Business
from jichitai.departments.selectors import ITEMS
from jichitai.linkage.models import RESIDENT_REQUESTER

TABLE_PATH = Path(__file__).with_name("exchanges.yaml")
# The item of a 本人 row: everything the business holds about the person.
HOLDINGS_ITEM = "holdings"
_FIELDS = ("id", "requester", "task", "provider", "item", "legal_basis")
_TASK_MAX = 100


@dataclass(frozen=True)
class ExchangeRule:
    """One row of the table: `requester` (a Business value or "resident") doing `task` may
    obtain `item` from `provider`, on `legal_basis`."""

    id: str
    requester: str
    task: str
    provider: Business
    item: str
    legal_basis: str


@dataclass(frozen=True)
class ExchangeTable:
    rules: tuple[ExchangeRule, ...]

    def rule_for(self, *, requester: str, task: str, item: str) -> ExchangeRule | None:
        """The row allowing a business doing `task` to obtain `item`, or None (refused).
        Resident rows are not asked for here: 本人 reaches them through resident_rule."""
        return self._index.get((requester, task, item))

    def resident_rule(self, provider: Business) -> ExchangeRule | None:
        """The row letting the person see what `provider` holds about them."""
        return self._resident_index.get(provider)

    @functools.cached_property
    def _index(self) -> dict[tuple[str, str, str], ExchangeRule]:
        return {
            (rule.requester, rule.task, rule.item): rule
            for rule in self.rules
            if rule.requester != RESIDENT_REQUESTER
        }

    @functools.cached_property
    def _resident_index(self) -> dict[Business, ExchangeRule]:
        return {rule.provider: rule for rule in self.rules if rule.requester == RESIDENT_REQUESTER}


def _row_error(path: Path, number: int, message: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{path}: exchanges[{number}]: {message}")


def _rule(
    path: Path, number: int, row: Any, items: Mapping[Business, frozenset[str]]
) -> ExchangeRule:
    if not isinstance(row, dict) or set(row) != set(_FIELDS):
        raise _row_error(path, number, f"a row has exactly the keys {', '.join(_FIELDS)}")
    if not all(isinstance(row[name], str) and row[name].strip() for name in _FIELDS):
        raise _row_error(path, number, "every value is a non-empty text")
    requester, provider, item = row["requester"], row["provider"], row["item"]
    if requester != RESIDENT_REQUESTER and requester not in Business.values:
        raise _row_error(path, number, f"unknown requester business {requester!r}")
    if provider not in Business.values:
        raise _row_error(path, number, f"unknown provider business {provider!r}")
    if len(row["task"]) > _TASK_MAX:
        raise _row_error(path, number, f"task longer than {_TASK_MAX} characters")
    if requester == RESIDENT_REQUESTER:
        if item != HOLDINGS_ITEM:
            raise _row_error(path, number, f"a resident row's item is {HOLDINGS_ITEM!r}")
    elif item not in items.get(Business(provider), frozenset()):
        raise _row_error(path, number, f"business {provider!r} provides no item {item!r}")
    return ExchangeRule(
        id=row["id"],
        requester=requester,
        task=row["task"],
        provider=Business(provider),
        item=item,
        legal_basis=" ".join(row["legal_basis"].split()),
    )


def exchange_table_load(
    path: Path = TABLE_PATH, *, items: Mapping[Business, frozenset[str]] = ITEMS
) -> ExchangeTable:
    """Read and check the table. `items`: what each business provides (departments'
    ITEMS); ImproperlyConfigured names the file and row of the first bad row."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ImproperlyConfigured(f"{path}: {error}") from error
    rows = document.get("exchanges") if isinstance(document, dict) else None
    if not isinstance(rows, list) or not rows:
        raise ImproperlyConfigured(f"{path}: no list of exchanges")
    rules = tuple(_rule(path, number, row, items) for number, row in enumerate(rows))
    seen: set[str] = set()
    for number, rule in enumerate(rules):
        if rule.id in seen:
            raise _row_error(path, number, f"duplicate id {rule.id!r}")
        seen.add(rule.id)
    table = ExchangeTable(rules)
    if len(table._index) + len(table._resident_index) != len(rules):
        raise ImproperlyConfigured(
            f"{path}: two rows share requester, task and item (or a resident row its provider)"
        )
    return table


@functools.cache
def exchange_table() -> ExchangeTable:
    """The table, loaded once: at start-up (LinkageConfig.ready)."""
    return exchange_table_load(items=ITEMS)
