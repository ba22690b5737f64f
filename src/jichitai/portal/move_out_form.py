"""転出届: the 転出先住所 completed from what she already chose, so she types only the rest.

- The destination municipality (引越しワンストップ): an address typed without its 都道府県 and
  市区町村 gets them in front (「湯原123」 → 「群馬県利根郡みなかみ町湯原123」); one typed in
  full, from any 都道府県, is kept as typed.
- The 郵便番号: with the address box still empty, it gives the address as far as the 町域
  (common.postal, Japan Post's data), and the form comes back once so she adds the 番地.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from jichitai.common.exceptions import DomainError
from jichitai.common.postal import normalize_postal_code, postal_code_lookup
from jichitai.tenants.models import Municipality

# 都道府県名 at the start: 北海道, 東京都, 京都府, 大阪府 and the 43 県 (2 or 3 characters before 県).
_PREFECTURE_AT_START = re.compile(r"^(?:北海道|東京都|京都府|大阪府|[^\s\d]{2,3}県)")
# KEN_ALL's 町域 carry notes in brackets: （次のビルを除く）, （１丁目）.
_TOWN_NOTE = re.compile(r"（.*?）")


@dataclass(frozen=True)
class CompletedAddress:
    data: dict[str, Any]
    filled_from_postal_code: str = ""  # the address given by the postal code, when it was used


def address_in_municipality(address: str, *, municipality: Municipality) -> str:
    """`address` with the municipality's 都道府県+市区町村 in front, unless it has them (or
    names a 都道府県, so it is a full address the resident typed on purpose)."""
    text = address.strip()
    if not text or _PREFECTURE_AT_START.match(text):
        return text
    full_name = municipality.full_name
    # 「利根郡みなかみ町…」 or 「みなかみ町…」: she typed the municipality, not the 都道府県.
    for typed in _municipality_spellings(municipality.name):
        if text.startswith(typed):
            return full_name + text[len(typed) :]
    return full_name + text


def _municipality_spellings(name: str) -> list[str]:
    spellings = [name]
    if "郡" in name:
        spellings.append(name.split("郡", 1)[1])  # 郡 is often left out
    return spellings


def _postal_address(code: str, *, destination: Municipality | None) -> str:
    try:
        found = postal_code_lookup(code)
    except DomainError:
        return ""  # the form's pattern reports a malformed code next to its field
    if destination is not None and found.lg_code != destination.lg_code:
        return ""  # a code of another town: she checks it against the chosen destination
    return f"{found.prefecture}{found.city}{_TOWN_NOTE.sub('', found.town)}"


def moving_to_completed(
    data: dict[str, Any], *, destination: Municipality | None
) -> CompletedAddress:
    """The posted 転出届 data with its 転出先住所 completed (see the module's docstring)."""
    moving_to = data.get("moving_to")
    if not isinstance(moving_to, dict):
        return CompletedAddress(data)
    address = str(moving_to.get("address", ""))
    postal_code = str(moving_to.get("postal_code", ""))
    try:
        postal_code = normalize_postal_code(postal_code) if postal_code else ""
        moving_to = {**moving_to, "postal_code": postal_code} if postal_code else moving_to
        data = {**data, "moving_to": moving_to}
    except DomainError:
        pass  # kept as typed: the form's pattern reports it next to the field
    if not address and postal_code:
        filled = _postal_address(postal_code, destination=destination)
        if filled:
            return CompletedAddress(
                {**data, "moving_to": {**moving_to, "address": filled}},
                filled_from_postal_code=filled,
            )
    if address and destination is not None:
        completed = address_in_municipality(address, municipality=destination)
        return CompletedAddress({**data, "moving_to": {**moving_to, "address": completed}})
    return CompletedAddress(data)
