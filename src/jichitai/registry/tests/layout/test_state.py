"""What the import keeps of millions of numbers (importer/state.py): every number found again
once the index has merged its latest numbers into its sorted arrays, whatever their form."""

from __future__ import annotations

import random

import pytest

from jichitai.registry.layout.importer.state import (
    NumberIndex,
    ResidentRows,
    compact_number,
    expanded_number,
)


def test_numbers_are_found_across_merges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(NumberIndex, "DELTA_SIZE", 7)
    index = NumberIndex()
    numbers = random.Random(3).sample(range(10**15), 500)
    keys = [compact_number(f"{n:016d}") for n in numbers]
    for row, key in enumerate(keys):
        assert index.get(key) is None
        index.add(key, row)
    assert len(index) == 500
    assert [index.get(key) for key in keys] == list(range(500))
    assert index.get(compact_number("0000000000000001")) is None


def test_numbers_that_are_not_int64_are_kept_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(NumberIndex, "DELTA_SIZE", 2)
    index = NumberIndex()
    odd = [compact_number("12A"), compact_number(10**30), compact_number("0" * 19), 5, 6]
    for row, key in enumerate(odd):
        index.add(key, row)
    assert [index.get(key) for key in odd] == [0, 1, 2, 3, 4]


def test_leading_zeros_keep_numbers_apart_and_come_back_as_written() -> None:
    rows = ResidentRows()
    for line, atena in enumerate(["01", "1", "001", "12A"], start=2):
        rows.add(atena, line=line, history_number=1)
    assert [rows.line[rows.at(n)] for n in ("01", "1", "001", "12A")] == [2, 3, 4, 5]
    assert [number for number, _ in rows.numbers()] == ["01", "1", "001", "12A"]
    assert "0001" not in rows
    assert expanded_number(compact_number(42)) == "42"
