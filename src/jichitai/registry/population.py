"""住民基本台帳による人口 (population from the register) on a date, for statistics such as the
open dataset 地域・年齢別人口: how many people lived in each 町字, by age and 性別. No name, no
number, no date of birth leaves this module: only counts.

Each 住民票 is read as it stood on the date (its 住民履歴, §1.2.1), so a person who moved out,
died or moved within the town after the date is counted where they lived then, and a change
later cancelled (取消) counts as if it had never happened, as in `resident_as_of`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models.fields.json import KT

from jichitai.common.partial_dates import UnknownDateForm
from jichitai.registry.models import AddressArea, ResidentHistory, ResidentStatus
from jichitai.registry.models.changes import CANCELLATION_CODES
from jichitai.tenants.models import Municipality


@dataclass(frozen=True)
class PopulationKey:
    """One cell of the count: a 町字's 住所コード ("" outside the 住所辞書), the age in full
    years on the date (None for 年月日不詳) and the 性別 (ISO/IEC 5218: 1, 2 or 9)."""

    address_code: str
    age: int | None
    sex: str


def _age_on(birth: dt.date, on: dt.date) -> int:
    """満年齢 on `on`: full years since birth, as 住民基本台帳に基づく人口 counts them (the
    birthday itself counts; one born on 2月29日 turns a year older on 3月1日 in a common year)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _cancelled_rows(municipality: Municipality, on: dt.date) -> set[tuple[int, int]]:
    """(change, resident) pairs a 取消 recorded by `on` undid."""
    return {
        (cancels_id, resident_id)
        for cancels_id, resident_id in ResidentHistory.objects.filter(
            municipality=municipality,
            effective_on__lte=on,
            change__change_type__in=CANCELLATION_CODES,
        ).values_list("change__cancels_id", "resident_id")
        if cancels_id is not None
    }


def population_counts(*, municipality: Municipality, on: dt.date) -> Counter[PopulationKey]:
    """住民の数 on `on` by 町字, age and 性別: every 住民票 whose latest history row by `on` is
    住民 (not 除票, no 転出予定日 reached). One pass over the history in (住民, 異動日, 履歴番号)
    order, reading only the five items it counts by."""
    cancelled = _cancelled_rows(municipality, on)
    latest: dict[int, tuple[str, str, str, str, str, str]] = {}
    rows = (
        ResidentHistory.objects.filter(municipality=municipality, effective_on__lte=on)
        .exclude(change__change_type__in=CANCELLATION_CODES)
        .order_by("resident_id", "effective_on", "history_number")
        .values_list(
            "resident_id",
            "change_id",
            KT("snapshot__status"),
            KT("snapshot__removed_on"),
            KT("snapshot__address_code"),
            KT("snapshot__birth_date"),
            KT("snapshot__birth_date_form"),
            KT("snapshot__sex"),
        )
    )
    for resident_id, change_id, *items in rows.iterator(chunk_size=5000):
        if (change_id, resident_id) not in cancelled:
            latest[resident_id] = tuple(str(item or "") for item in items)  # type: ignore[assignment]
    counts: Counter[PopulationKey] = Counter()
    for status, removed_on, address_code, birth, birth_form, sex in latest.values():
        if status != ResidentStatus.ACTIVE or (removed_on and removed_on <= on.isoformat()):
            continue
        age = None
        if birth and birth_form != UnknownDateForm.UNKNOWN:
            age = _age_on(dt.date.fromisoformat(birth), on)
        counts[PopulationKey(address_code=address_code, age=age, sex=sex)] += 1
    return counts


def address_area_names(*, municipality: Municipality, codes: set[str]) -> dict[str, str]:
    """町字の名称 (大字・町 + 丁目・小字) of the given 住所コード, from the 住所辞書."""
    return {
        area.address_code: f"{area.oaza}{area.koaza}" or area.city
        for area in AddressArea.objects.filter(municipality=municipality, address_code__in=codes)
    }
