"""Fixtures of the broker's tests: persons with valid 住民票コード and a stand-in tax
department (the department records answer through departments.selectors once merged)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from jichitai.common.checkdigits import resident_code_check_digit
from jichitai.departments.models import Business
from jichitai.departments.selectors import Holding

MIDORI = "102121"
MINAKAMI = "104493"

ProvidedBy = dict[tuple[str, str, str], dict[str, Any]]


def resident_code(body: str) -> str:
    """A valid 住民票コード from 10 digits."""
    return f"{body}{resident_code_check_digit(body)}"


@pytest.fixture
def departments(monkeypatch: pytest.MonkeyPatch) -> ProvidedBy:
    """What the businesses answer: {(municipality, business, 符号): {item: data}}; a key that
    is missing answers None, as a business holding nothing."""
    answers: ProvidedBy = {}

    def provide(
        *,
        municipality_code: str,
        business: Business,
        code: str,
        item: str,
        params: Mapping[str, Any],
    ) -> dict[str, Any] | None:
        held = answers.get((municipality_code, str(business), code), {})
        return held.get(item)

    def holdings(*, municipality_code: str, business: Business, code: str) -> list[Holding]:
        held = answers.get((municipality_code, str(business), code), {})
        return [Holding(title=item, rows=(("項目", item),)) for item in sorted(held)]

    monkeypatch.setattr("jichitai.linkage.services.exchanges.department_item_provide", provide)
    monkeypatch.setattr("jichitai.linkage.services.exchanges.department_holdings", holdings)
    return answers


@pytest.fixture
def make_code() -> Callable[[str], str]:
    return resident_code
