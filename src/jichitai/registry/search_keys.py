"""検索キー (search keys): how a record's names and address are normalised for §2.1 search,
shared by the record's own key columns, the table of past names and addresses
(models.ResidentSearchKey) and the data migration that fills it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jichitai.common.kana import normalize_for_search, normalize_width
from jichitai.registry.models.search import SearchKeyKind

_KEY_MAX = 200


def written_key(text: str) -> str:
    """A name or address as written, width-normalised and without spaces (氏名 search ignores
    the space between 氏 and 名, §2.1.2)."""
    return "".join(normalize_width(text).split())


def given_part(text: str) -> str:
    """名 alone: what follows the first space between 氏 and 名 (none for one-word names)."""
    parts = normalize_width(text).split(maxsplit=1)
    return parts[1] if len(parts) == 2 else ""


def search_keys_of(items: Mapping[str, Any]) -> set[tuple[str, str]]:
    """The (kind, key) pairs of one state of a record (a history snapshot or the record's
    values): 氏名 and 通称 whole and 名 alone, in writing and reading, 旧氏 and 住所."""
    pairs: set[tuple[str, str]] = set()

    def add(kind: str, key: str) -> None:
        if key:
            pairs.add((kind, key[:_KEY_MAX]))

    for written, reading in (("name", "name_kana"), ("alias", "alias_kana")):
        text, kana = str(items.get(written) or ""), str(items.get(reading) or "")
        add(SearchKeyKind.NAME, written_key(text))
        add(SearchKeyKind.NAME, written_key(given_part(text)))
        add(SearchKeyKind.READING, normalize_for_search(kana))
        add(SearchKeyKind.READING, normalize_for_search(given_part(kana)))
    add(SearchKeyKind.FORMER_SURNAME, written_key(str(items.get("former_surname") or "")))
    add(
        SearchKeyKind.FORMER_SURNAME_READING,
        normalize_for_search(str(items.get("former_surname_kana") or "")),
    )
    add(SearchKeyKind.ADDRESS, written_key(str(items.get("address") or "")))
    return pairs
