"""地域・年齢別人口 from the register: one record per 町字 on a date, counts by 5-year age band
and 性別 in the columns of the dataset definition (datasets/population.yaml), small counts
suppressed (opendata.suppression) so that no one can be singled out."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from jichitai.opendata.suppression import SUPPRESSED, suppressed_cells
from jichitai.registry.selectors import PopulationKey
from jichitai.tenants.models import Municipality

# The dataset's age bands: 0-4 … 80-84 and 85歳以上 (the older 推奨 layout's columns).
BAND_STARTS = tuple(range(0, 85, 5))
OPEN_BAND = 85
SEXES = {"1": "男性", "2": "女性"}
# 性別「適用不能」 (ISO/IEC 5218: 9) and people without a known age are in 総人口 and (for a
# known sex) in 男性/女性, but in no band: the dataset has no column for them.
OTHER = "other"
TOTAL = "総人口"
# 住所辞書にない住所 (blank 住所コード): published as one area of its own.
UNLISTED_AREA = "住所辞書にない地域"


def band_column(age: int, sex_label: str) -> str:
    if age >= OPEN_BAND:
        return f"{OPEN_BAND}歳以上の{sex_label}"
    start = age - age % 5
    return f"{start}-{start + 4}歳の{sex_label}"


BAND_COLUMNS = {
    sex: [band_column(start, label) for start in (*BAND_STARTS, OPEN_BAND)]
    for sex, label in SEXES.items()
}
# The columns each record holds, in the dataset's order after 総人口.
COUNT_COLUMNS = [TOTAL, *SEXES.values()] + [
    column for pair in zip(*BAND_COLUMNS.values(), strict=True) for column in pair
]


# …and the counts that take part in the sums but are never published.
UNPUBLISHED_COLUMNS = [OTHER, *(f"{OTHER}{label}" for label in SEXES.values())]


def _area_counts(counts: Counter[PopulationKey]) -> dict[str, Counter[str]]:
    """Per 住所コード, the count of each column (and the unpublished rest)."""
    areas: dict[str, Counter[str]] = {}
    for key, number in counts.items():
        cells = areas.setdefault(key.address_code, Counter())
        cells[TOTAL] += number
        label = SEXES.get(key.sex)
        if label is None:
            cells[OTHER] += number
            continue
        cells[label] += number
        if key.age is None:
            cells[f"{OTHER}{label}"] += number
        else:
            cells[band_column(key.age, label)] += number
    return areas


def _sums(codes: list[str]) -> list[list[tuple[str, str]]]:
    """Every equation a reader can write with the table: per area, 総人口 = 男性 + 女性 + the
    rest, and 男性 (女性) = its bands + those of unknown age; per column, the sum over the
    areas (the municipality's own totals are published elsewhere)."""
    sums: list[list[tuple[str, str]]] = []
    for code in codes:
        sums.append([(code, TOTAL), (code, OTHER), *((code, label) for label in SEXES.values())])
        for sex, label in SEXES.items():
            members = [label, f"{OTHER}{label}", *BAND_COLUMNS[sex]]
            sums.append([(code, column) for column in members])
    columns = [*COUNT_COLUMNS, *UNPUBLISHED_COLUMNS]
    sums.extend([(code, column) for code in codes] for column in columns)
    return sums


def population_records(
    *,
    municipality: Municipality,
    on: dt.date,
    counts: Counter[PopulationKey],
    area_names: dict[str, str],
) -> list[dict[str, str]]:
    """The dataset's records, one per 町字 with anyone living there, in 住所コード order."""
    areas = _area_counts(counts)
    codes = sorted(areas, key=lambda code: (code == "", code))
    cells = {
        (code, column): areas[code][column]
        for code in codes
        for column in [*COUNT_COLUMNS, *UNPUBLISHED_COLUMNS]
    }
    unpublished = frozenset(cell for cell in cells if cell[1] in UNPUBLISHED_COLUMNS)
    hidden = suppressed_cells(cells, _sums(codes), unpublished=unpublished)
    records = []
    for code in codes:
        record = {
            "全国地方公共団体コード": municipality.lg_code,
            "地域コード": code,
            "地方公共団体名": municipality.full_name,
            "調査年月日": on.isoformat(),
            "地域名": area_names.get(code, UNLISTED_AREA) if code else UNLISTED_AREA,
        }
        for column in COUNT_COLUMNS:
            value = cells[(code, column)]
            record[column] = SUPPRESSED if (code, column) in hidden else str(value)
        records.append(record)
    return records
