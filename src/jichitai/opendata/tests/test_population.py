"""地域・年齢別人口 from the register: counted as the register stood on the date, by 町字, age
band and 性別, small counts hidden so that no cell can be read or computed back, published as
a version that validates like any file."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jichitai.audit.models import AuditRecord
from jichitai.identity.models import StaffUser
from jichitai.opendata.errors import PopulationDateInvalid, PopulationEmpty
from jichitai.opendata.models import Licence
from jichitai.opendata.population import COUNT_COLUMNS
from jichitai.opendata.selectors import publication_file
from jichitai.opendata.services import population_publish
from jichitai.opendata.suppression import MINIMUM_COUNT, suppressed_cells
from jichitai.registry.addresses import address_dictionary_load, postal_rows_read
from jichitai.registry.models import ChangeType
from jichitai.registry.services import Address, residents_register
from jichitai.registry.tests.factories import person, yamada_family
from jichitai.tenants.models import Municipality

ON = dt.date(2026, 4, 1)


def _sums_of(table: list[list[int]]) -> list[list[tuple[int, int]]]:
    """A table with a published total column (the last) and known column totals."""
    rows = [[(r, c) for c in range(len(table[0]))] for r in range(len(table))]
    columns = [[(r, c) for r in range(len(table))] for c in range(len(table[0]))]
    return rows + columns


@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=6), min_size=3, max_size=5),
        min_size=2,
        max_size=5,
    ).filter(lambda rows: len({len(r) for r in rows}) == 1)
)
def test_no_small_count_is_shown_and_none_can_be_computed_from_a_sum(
    cells: list[list[int]],
) -> None:
    table = [[*row, sum(row)] for row in cells]
    counts = {(r, c): v for r, row in enumerate(table) for c, v in enumerate(row)}
    sums = _sums_of(table)
    hidden = suppressed_cells(counts, sums, unpublished=frozenset())
    assert all(cell in hidden for cell, v in counts.items() if 0 < v < MINIMUM_COUNT)
    for group in sums:
        assert sum(cell in hidden for cell in group) != 1, group


def test_a_small_count_and_its_complement_are_hidden() -> None:
    # One row: 男性 5 = 0-4歳 1 + 5-9歳 4. Hiding the 1 alone would leave 5 - 4.
    counts = {"total": 5, "a": 1, "b": 4}
    hidden = suppressed_cells(counts, [["total", "a", "b"]], unpublished=frozenset())
    assert hidden == {"a", "b"}


def test_an_unpublished_small_count_hides_the_difference_that_would_show_it() -> None:
    # 総人口 10 = 男性 5 + 女性 4 + 適用不能 1: the 1 is never shown, but 10 - 5 - 4 would.
    counts = {"total": 10, "male": 5, "female": 4, "other": 1}
    sums = [["total", "male", "female", "other"]]
    hidden = suppressed_cells(counts, sums, unpublished=frozenset({"other"}))
    assert hidden == {"female"}


def _register(municipality: Municipality, *people: tuple[str, dt.date, str]) -> None:
    residents_register(
        municipality=municipality,
        change_type=ChangeType.MOVE_IN,
        people=[
            person(f"住民　{i}", f"ジュウミン　{chr(0x30A2 + i * 2)}", born, sex, relation)
            for i, (relation, born, sex) in enumerate(people)
        ],
        address=Address(address="群馬県みどり市笠懸町阿左美1番地", postal_code="3790298"),
        effective_on=dt.date(2025, 4, 1),
        notified_on=dt.date(2025, 4, 1),
        actor=None,
    )


@pytest.fixture
def town(midori: Municipality) -> Municipality:
    """みどり市 with its 住所辞書 (from Japan Post's data), the 山田 family in 大間々町大間々
    (2024) and four men aged 32 in 笠懸町阿左美 (2025)."""
    address_dictionary_load(municipality=midori, rows=postal_rows_read(lg_code="102121"))
    yamada_family(midori)
    born = dt.date(1993, 5, 1)
    _register(
        midori, ("世帯主", born, "1"), ("子", born, "1"), ("子", born, "1"), ("子", born, "1")
    )
    return midori


def _published_rows(municipality: Municipality) -> list[dict[str, str]]:
    published = publication_file(
        municipality_code=municipality.lg_code, dataset_key="population", file_format="csv"
    )
    assert published is not None
    return list(csv.DictReader(io.StringIO(published.body.decode("utf-8-sig"))))


def test_population_is_published_from_the_register_with_small_counts_hidden(
    town: Municipality, clerk: StaffUser
) -> None:
    publication = population_publish(
        municipality_code=town.lg_code, on=ON, licence=Licence.CC_BY, actor=clerk
    )
    assert publication.version == 1
    rows = _published_rows(town)
    by_total = {row["総人口"]: row for row in rows}
    # 笠懸町阿左美: four men of 32 — a count of 4 is shown.
    kasakake = by_total["4"]
    assert (kasakake["地域名"], kasakake["調査年月日"]) == ("笠懸町阿左美", "2026-04-01")
    assert kasakake["30-34歳の男性"] == "4"
    # …but its 男性 and 女性 are hidden too: with the municipality's totals known, they would
    # give away 大間々's hidden 男性 1 and 女性 2 (二次秘匿).
    assert (kasakake["男性"], kasakake["女性"]) == ("X", "X")
    # 大間々: 花子 (35), 翔太 (7), 美咲 (3): every count is 1 or 2, all hidden but 総人口.
    omama = by_total["3"]
    assert omama["地域名"] == "大間々町大間々"
    assert omama["男性"] == "X" and omama["女性"] == "X"
    assert omama["35-39歳の女性"] == "X" and omama["5-9歳の男性"] == "X"
    assert omama["0-4歳の女性"] == "X"
    assert omama["10-14歳の男性"] == "0"
    assert set(COUNT_COLUMNS) <= set(rows[0])
    audit = AuditRecord.objects.get(action="opendata.population_count")
    assert (audit.object_id, audit.detail) == ("2026-04-01", {"residents": 7})


def test_the_register_is_read_as_it_stood_on_the_date(town: Municipality, clerk: StaffUser) -> None:
    # On 2025-01-01 only the 山田 family lived here; the four men came in 2025-04.
    population_publish(
        municipality_code=town.lg_code, on=dt.date(2025, 1, 1), licence=Licence.PDL, actor=clerk
    )
    rows = _published_rows(town)
    assert [row["総人口"] for row in rows] == ["3"]


def test_a_day_before_anyone_lived_here_or_after_today_publishes_nothing(
    town: Municipality, clerk: StaffUser
) -> None:
    with pytest.raises(PopulationEmpty):
        population_publish(
            municipality_code=town.lg_code,
            on=dt.date(2020, 1, 1),
            licence=Licence.PDL,
            actor=clerk,
        )
    with pytest.raises(PopulationDateInvalid):
        population_publish(
            municipality_code=town.lg_code,
            on=dt.date.today() + dt.timedelta(days=2),
            licence=Licence.PDL,
            actor=clerk,
        )
