"""わたしの情報のやりとり履歴 and わたしの情報 as the portal shows them: the broker's records
and answers put in the person's words — municipality names instead of 団体コード, the 業務 and
the item by their Japanese names (as マイナポータル's やりとり履歴 shows them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

from jichitai.departments.models import Business
from jichitai.departments.selectors import Holding
from jichitai.linkage.models import RESIDENT_REQUESTER, ExchangeRecord
from jichitai.linkage.selectors import (
    exchange_item_label,
    resident_exchange_count,
    resident_exchanges,
)
from jichitai.linkage.services import ResidentHolding
from jichitai.tenants.models import Municipality

HISTORY_PAGE_SIZE = 20
# A page number is at most this many characters: any real history ends long before, and
# int() of a long digit string is not work a request should cause.
_PAGE_NUMBER_MAX = 6


@dataclass(frozen=True)
class ExchangeRow:
    """One line of the やりとり履歴, ready to read: 「みなかみ町 児童手当」 asked
    「みどり市 個人住民税」 for 「所得・住民税額」."""

    occurred_at: dt.datetime
    requester: str
    by_resident: bool
    provider: str
    item: str
    task: str
    legal_basis: str
    result: str
    result_label: str


def _business_label(value: str) -> str:
    return str(Business(value).label) if value in Business.values else ""


def _municipality_names(codes: Iterable[str]) -> dict[str, str]:
    wanted = {code for code in codes if code}
    return {
        municipality.lg_code: municipality.display_name
        for municipality in Municipality.objects.filter(lg_code__in=wanted)
    }


def _party(names: dict[str, str], municipality_code: str, business: str) -> str:
    parts = [names.get(municipality_code, municipality_code), _business_label(business)]
    return " ".join(part for part in parts if part)


def exchange_rows(records: Sequence[ExchangeRecord]) -> list[ExchangeRow]:
    names = _municipality_names(
        code
        for record in records
        for code in (record.requester_municipality, record.provider_municipality)
    )
    rows = []
    for record in records:
        by_resident = record.requester_business == RESIDENT_REQUESTER
        rows.append(
            ExchangeRow(
                occurred_at=record.occurred_at,
                requester=gettext("ご本人（わたしの情報）")
                if by_resident
                else _party(names, record.requester_municipality, record.requester_business),
                by_resident=by_resident,
                # A request refused before the table named a provider asked nobody.
                provider=_party(names, record.provider_municipality, record.provider_business)
                or gettext("（照会先なし）"),
                item=exchange_item_label(record.item),
                task=record.task,
                legal_basis=record.legal_basis or gettext("（定めがありません）"),
                result=record.result,
                result_label=str(ExchangeRecord.Result(record.result).label),
            )
        )
    return rows


@dataclass(frozen=True)
class HistoryPage:
    """A page of the やりとり履歴: `number` of `pages`, `count` exchanges in all."""

    rows: list[ExchangeRow]
    number: int
    pages: int
    count: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def _page_number(text: str | None, pages: int) -> int:
    """A page number that is not one (text, 0, negative, too long) means the first page; one
    past the end the last, as Django's Paginator.get_page does."""
    if not text or len(text) > _PAGE_NUMBER_MAX or not text.isascii() or not text.isdigit():
        return 1
    return max(1, min(int(text), pages))


def exchange_history_page(*, resident_code: str, page_number: str | None) -> HistoryPage:
    """A page of the person's やりとり履歴, newest first, reading only the rows shown."""
    count = resident_exchange_count(resident_code=resident_code)
    pages = max(1, -(-count // HISTORY_PAGE_SIZE))
    number = _page_number(page_number, pages)
    records = (
        resident_exchanges(
            resident_code=resident_code,
            limit=HISTORY_PAGE_SIZE,
            offset=(number - 1) * HISTORY_PAGE_SIZE,
        )
        if count
        else []
    )
    return HistoryPage(rows=exchange_rows(records), number=number, pages=pages, count=count)


@dataclass(frozen=True)
class BusinessHoldings:
    business: str
    holdings: tuple[Holding, ...]


@dataclass(frozen=True)
class MunicipalityHoldings:
    municipality: str
    businesses: tuple[BusinessHoldings, ...]


def holdings_by_municipality(holdings: Sequence[ResidentHolding]) -> list[MunicipalityHoldings]:
    """わたしの情報, grouped by municipality and then 業務 (the broker answers them in that
    order: by 団体コード, then 業務)."""
    names = _municipality_names(holding.municipality_code for holding in holdings)
    groups: dict[str, list[BusinessHoldings]] = {}
    for holding in holdings:
        groups.setdefault(holding.municipality_code, []).append(
            BusinessHoldings(business=_business_label(holding.business), holdings=holding.holdings)
        )
    return [
        MunicipalityHoldings(municipality=names.get(code, code), businesses=tuple(businesses))
        for code, businesses in groups.items()
    ]
