from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from jichitai.departments.models import Business
from jichitai.linkage.table import exchange_table, exchange_table_load

ROW = """
  - id: {id}
    requester: {requester}
    task: 児童手当の支給に関する事務
    provider: {provider}
    item: {item}
    legal_basis: 番号法第19条第8号
"""


def _table(tmp_path: Path, *rows: dict[str, str]) -> Path:
    path = tmp_path / "exchanges.yaml"
    path.write_text("exchanges:" + "".join(ROW.format(**row) for row in rows), encoding="utf-8")
    return path


def _row(**overrides: str) -> dict[str, str]:
    return {
        "id": "x",
        "requester": "child_allowance",
        "provider": "tax",
        "item": "resident_tax.income",
        **overrides,
    }


def test_the_shipped_table_lets_every_business_show_its_holdings_to_the_person() -> None:
    table = exchange_table()
    assert all(table.resident_rule(business) for business in Business)
    assert table.rule_for(
        requester="child_allowance", task="児童手当の支給に関する事務", item="resident_tax.income"
    )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (_row(provider="welfare"), "unknown provider business 'welfare'"),
        (_row(requester="police"), "unknown requester business 'police'"),
        (_row(requester="resident"), "a resident row's item is 'holdings'"),
    ],
)
def test_a_bad_row_stops_the_start_naming_file_and_row(
    tmp_path: Path, row: dict[str, str], message: str
) -> None:
    path = _table(tmp_path, _row(id="good"), row)
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)) as raised:
        exchange_table_load(path)
    assert f"{path}: exchanges[1]" in str(raised.value)


def test_an_item_the_business_does_not_provide_is_refused(tmp_path: Path) -> None:
    path = _table(tmp_path, _row(item="resident_tax.incme"))
    with pytest.raises(ImproperlyConfigured, match=r"provides no item 'resident_tax\.incme'"):
        exchange_table_load(path, items={Business.TAX: frozenset({"resident_tax.income"})})


def test_duplicate_rows_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="duplicate id"):
        exchange_table_load(_table(tmp_path, _row(), _row()))
    with pytest.raises(ImproperlyConfigured, match="share requester"):
        exchange_table_load(
            _table(tmp_path, _row(id="a"), _row(id="b", provider="nhi")),
            # Two providers of the same item: one request could not tell which to ask.
            items={
                Business.TAX: frozenset({"resident_tax.income"}),
                Business.NHI: frozenset({"resident_tax.income"}),
            },
        )
