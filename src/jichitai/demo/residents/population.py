"""The demo population as it stood some years ago: households of every shape until the count is
reached, each person's 転入 or 出生, written as a layout in memory (registry.layout) that
registry_load validates and loads like a file."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from jichitai.demo.residents.households import FOREIGN_SHAPES, HOUSEHOLD_SHAPES
from jichitai.demo.residents.people import People, Person, add_years, age_on
from jichitai.registry.layout import (
    CHANGE_COLUMNS,
    CHANGES,
    HISTORY,
    HISTORY_COLUMNS,
    HOUSEHOLD_COLUMNS,
    HOUSEHOLDS,
    RESIDENT_COLUMNS,
    RESIDENTS,
    MemoryLayout,
    layout_header,
    layout_row,
    sequence_number,
)
from jichitai.registry.models import HEAD, CardStatus, ChangeType, ResidentStatus, ResidentType
from jichitai.registry.selectors import address_code_for, member_rank
from jichitai.registry.services import Address
from jichitai.tenants.models import Municipality

# Households of foreigners are smaller than average; this gives about 3% foreign residents.
FOREIGN_HOUSEHOLD_SHARE = 0.035


@dataclass
class Plan:
    """The layout being built in memory."""

    households: list[list[str]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    residents: list[list[str]] = field(default_factory=list)
    history: list[list[str]] = field(default_factory=list)
    atena: int = 0
    household: int = 0


class Population:
    """The initial population of one municipality, planned person by person."""

    def __init__(self, *, municipality: Municipality, count: int, people: People) -> None:
        self.municipality = municipality
        self.count = count
        self.people = people
        self.rng = people.rng
        self.today = people.today
        self.plan = Plan()
        self.address_codes: dict[str, str] = {}

    def _address_code(self, address: str) -> str:
        # 住所コード from the demo's 住所辞書 (loaded first by demo_seed), once per address.
        if address not in self.address_codes:
            self.address_codes[address] = address_code_for(
                municipality=self.municipality, address=address
            )
        return self.address_codes[address]

    def _card(self, values: dict[str, Any], birth: dt.date) -> None:
        """カード管理状況: about 4 in 5 hold a My Number card (総務省: 約8割 in 2025), issued
        since 2016, so the renewal forecast (visits) shows the first wave. Its own generator
        per resident keeps the rest of the demo as it was."""
        rng = random.Random(values["resident_code"])  # noqa: S311 - reproducible demo data
        first = max(dt.date(2016, 1, 4), birth)
        days = (self.today - first).days
        if values["my_number"] and days > 0 and rng.random() < 0.8:
            values["my_number_card_status"] = CardStatus.ISSUED
            values["my_number_card_status_on"] = first + dt.timedelta(days=rng.randrange(days))

    def fill_items(self, person: Person, members: Sequence[Person], address: Address) -> None:
        """The remaining items, derived from age and household (flags as on a real 住民票)."""
        values = person.values
        age = age_on(person.birth, self.today)
        japanese = values["resident_type"] == ResidentType.JAPANESE
        values.setdefault("name_alphabet", "")
        values.setdefault("nhi_retiree", False)
        values.update(
            resident_code=self.people.resident_code(),
            my_number=self.people.my_number() if self.rng.random() < 0.97 else "",
            status=ResidentStatus.ACTIVE,
            postal_code=address.postal_code,
            address=address.address,
            address_code=self._address_code(address.address),
            address_extra=address.address_extra,
            on_electoral_roll=japanese and age >= 18,
            national_pension=20 <= age < 60 and self.rng.random() < 0.45,
            late_elderly_insurance=age >= 75,
            care_insurance=age >= 65,
            child_allowance=values["relationship"] == HEAD
            and any(age_on(m.birth, self.today) < 18 for m in members),
        )
        self._card(values, person.birth)
        for key in (
            "former_surname",
            "former_surname_kana",
            "alias",
            "alias_kana",
            "domicile",
            "domicile_head",
            "nationality",
            "foreign_category",
            "residence_status",
            "period_of_stay",
            "residence_card_number",
            "previous_address",
            "removal_reason",
            "moving_to_address",
        ):
            values.setdefault(key, "")
        for key in ("former_surname_kana_confirmed", "alias_kana_confirmed"):
            values.setdefault(key, bool(values.get(key.removesuffix("_confirmed"))))
        for key in ("stay_expires_on", "removed_on"):
            values.setdefault(key, None)

    def domiciles(self, members: list[Person], address: Address) -> None:
        """本籍・筆頭者 of the Japanese members: the couple's 戸籍 (its 筆頭者 the husband, or
        a single parent); a married son has a 戸籍 of his own with his wife and children; a
        widowed parent keeps the old one, whose 筆頭者 may be the late husband."""
        japanese = [m for m in members if m.values["resident_type"] == ResidentType.JAPANESE]
        if not japanese:
            return
        home = address.address if self.rng.random() < 0.6 else self.people.elsewhere()
        husband = next(
            (m for m in japanese if m.sex == "1" and m.values["relationship"] in (HEAD, "夫")),
            None,
        )
        first = husband or japanese[0]
        married_son = None
        if any(m.values["relationship"] == "子の妻" for m in japanese):
            married_son = next(
                (m for m in japanese if m.values["relationship"] == "子" and m.sex == "1"), None
            )
        for member in japanese:
            relationship = member.values["relationship"]
            domicile, head = home, first.name
            if married_son is not None and (
                member is married_son or relationship in ("子の妻", "子の子")
            ):
                head = married_son.name
            if relationship in ("父", "母", "夫の父", "夫の母"):
                domicile = self.people.elsewhere() if self.rng.random() < 0.5 else home
                surname = member.name.split("\u3000")[0]
                head = (
                    member.name
                    if member.sex == "1"
                    else f"{surname}\u3000{self.people.fake.first_name_male_pair()[0]}"
                )
            member.values.update(domicile=domicile, domicile_head=head)

    def household(self, members: list[Person]) -> None:
        plan = self.plan
        plan.household += 1
        number = sequence_number(plan.household)
        plan.households.append(
            layout_row(HOUSEHOLD_COLUMNS, {"household_number": number, "is_active": True})
        )
        address = self.people.address()
        self.domiciles(members, address)
        nhi = self.rng.random() < 0.3
        adults = [m for m in members if m.values["relationship"] not in ("子", "子の子")]
        latest = self.people.recent_from - dt.timedelta(days=1)
        earliest = max(
            max(add_years(m.birth, 18) for m in adults), self.today - dt.timedelta(days=40 * 365)
        )
        if earliest > latest:
            latest = self.today - dt.timedelta(days=30)
        moved_in = self.people.between(min(earliest, latest), latest)
        arrivals = [m for m in members if m.birth <= moved_in]
        previous = self.people.elsewhere()
        move_in = self.change(ChangeType.MOVE_IN, moved_in) if arrivals else None
        ordered = sorted(
            enumerate(members),
            key=lambda pair: (member_rank(pair[1].values["relationship"]), pair[1].birth, pair[0]),
        )
        for order, (_, person) in enumerate(ordered, start=1):
            plan.atena += 1
            values = person.values
            self.fill_items(person, members, address)
            values.update(
                atena_number=sequence_number(plan.atena),
                household_number=number,
                history_number=1,
                household_order=order,
                national_health_insurance=nhi and not values["late_elderly_insurance"],
            )
            if person in arrivals and move_in is not None:
                change = move_in
                values["previous_address"] = previous
            else:
                change = self.change(ChangeType.BIRTH, person.birth)
            values.update(
                became_resident_on=change["effective_on"],
                address_fixed_on=change["effective_on"],
                notified_on=change["change_notified_on"],
            )
            plan.residents.append(layout_row(RESIDENT_COLUMNS, values))
            plan.history.append(layout_row(HISTORY_COLUMNS, {**values, **change}))

    def change(self, kind: ChangeType, effective_on: dt.date) -> dict[str, Any]:
        # 届出 within 14 days (住民基本台帳法 第22条, 戸籍法 第49条), processed that day.
        notified = min(
            effective_on + dt.timedelta(days=self.rng.randint(0, 13)),
            self.today - dt.timedelta(days=1),
        )
        notified = max(notified, effective_on)
        processed = timezone.make_aware(
            dt.datetime.combine(notified, dt.time(self.rng.randint(8, 16), self.rng.randint(0, 59)))
        )
        change = {
            "change_number": len(self.plan.changes) + 1,
            "change_type": kind,
            "effective_on": effective_on,
            "change_notified_on": notified,
            "processed_at": processed,
            "note": "",
        }
        self.plan.changes.append(change)
        return change

    def make(self, target: int) -> None:
        """Households until `target` people: every shape once first (so that small demos
        have them all), then by weight, with FOREIGN_HOUSEHOLD_SHARE of foreigners."""
        weights = [w for w, _ in HOUSEHOLD_SHAPES]
        makers = [m for _, m in HOUSEHOLD_SHAPES]
        foreign = FOREIGN_SHAPES
        every_shape = [*makers, *foreign]
        count = 0
        while count < target:
            index = self.plan.household
            if index < len(every_shape):
                maker = every_shape[index]
            elif self.rng.random() < FOREIGN_HOUSEHOLD_SHARE:
                maker = self.rng.choice(foreign)
            else:
                maker = self.rng.choices(makers, weights)[0]
            members = self.people.distinct_given_names(maker(self.people)[: target - count])
            self.household(members)
            count += len(members)

    def layout(self) -> MemoryLayout:
        plan = self.plan
        changes = sorted(plan.changes, key=lambda c: (c["processed_at"], c["change_number"]))
        return MemoryLayout(
            {
                HOUSEHOLDS: [layout_header(HOUSEHOLD_COLUMNS), *plan.households],
                CHANGES: [
                    layout_header(CHANGE_COLUMNS),
                    *(layout_row(CHANGE_COLUMNS, c) for c in changes),
                ],
                RESIDENTS: [layout_header(RESIDENT_COLUMNS), *plan.residents],
                HISTORY: [layout_header(HISTORY_COLUMNS), *plan.history],
            }
        )
