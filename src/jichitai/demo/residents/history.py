"""The recent past of the demo register, made through the registry services themselves so the
history is what they write: 転居 (whole households and a child leaving home), 死亡 with a
世帯主変更, 転出 and 国外転出, 出生, 氏名の変更 and 旧氏の記載, and newcomers' 転入."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from jichitai.demo.residents.households import single_young
from jichitai.demo.residents.people import age_on
from jichitai.demo.residents.population import Population
from jichitai.registry.models import HEAD, ChangeType, Resident, ResidentStatus, ResidentType
from jichitai.registry.services import (
    Address,
    PersonData,
    resident_former_surname_change,
    resident_name_change,
    residents_move_within,
    residents_register,
    residents_remove,
)


class History:
    """The recent past, made through the registry services."""

    def __init__(self, population: Population) -> None:
        self.population = population
        self.people = population.people
        self.rng = population.rng
        self.municipality = population.municipality
        self.today = population.today
        self.changes = 0
        self.last_on: dict[int, dt.date] = dict(
            Resident.objects.for_municipality(self.municipality).values_list(
                "pk", "became_resident_on"
            )
        )

    def living(self) -> list[Resident]:
        return list(
            Resident.objects.for_municipality(self.municipality)
            .filter(status=ResidentStatus.ACTIVE)
            .order_by("atena_number")
        )

    def members(self, resident: Resident) -> list[Resident]:
        return list(
            Resident.objects.filter(
                household_id=resident.household_id, status=ResidentStatus.ACTIVE
            ).order_by("household_order", "pk")
        )

    def previous(self, people: Sequence[Resident]) -> dt.date:
        return max(self.last_on.get(p.pk, p.became_resident_on) for p in people)

    def day_after(self, people: Sequence[Resident]) -> dt.date | None:
        """A date after everything already recorded for these people, before today."""
        first = self.previous(people) + dt.timedelta(days=1)
        last = self.today - dt.timedelta(days=1)
        if first > last:
            return None
        day = self.people.between(first, last)
        for person in people:
            self.last_on[person.pk] = day
        return day

    def notified(self, day: dt.date) -> dt.date:
        return min(day + dt.timedelta(days=self.rng.randint(0, 10)), self.today)

    def run(self, births: int) -> None:
        count = self.population.count
        living = self.living()
        self.rng.shuffle(living)
        heads = [r for r in living if r.relationship == HEAD]
        self.moves_within(heads[: max(1, count * 3 // 100 // 2)])
        adult_children = [
            r
            for r in living
            if r.relationship == "子" and 20 <= age_on(r.birth_date, self.today) < 40
        ]
        self.children_leaving(adult_children[: max(1, count // 200)])
        elders = [r for r in living if age_on(r.birth_date, self.today) >= 80]
        self.deaths(elders[: max(1, count // 100)])
        self.moves_out(heads[len(heads) // 2 :][: max(1, count // 150)])
        self.births(births)
        self.name_changes(living, max(1, count // 300))

    def moves_within(self, heads: list[Resident]) -> None:
        for head in heads:
            members = self.members(head)
            day = self.day_after(members)
            if day is None:
                continue
            residents_move_within(
                municipality=self.municipality,
                resident_ids=[m.pk for m in members],
                address=self.people.address(),
                effective_on=day,
                notified_on=self.notified(day),
                actor=None,
            )
            self.changes += 1

    def children_leaving(self, children: list[Resident]) -> None:
        """A grown child moves to a flat in town: 転居 that makes a household of its own."""
        for child in children:
            child.refresh_from_db()
            if child.status != ResidentStatus.ACTIVE:
                continue
            day = self.day_after(self.members(child))
            if day is None:
                continue
            residents_move_within(
                municipality=self.municipality,
                resident_ids=[child.pk],
                address=self.people.address(),
                effective_on=day,
                notified_on=self.notified(day),
                actor=None,
            )
            self.changes += 1

    def deaths(self, elders: list[Resident]) -> None:
        for elder in elders:
            elder.refresh_from_db()
            if elder.status != ResidentStatus.ACTIVE:
                continue
            members = self.members(elder)
            others = [m for m in members if m.pk != elder.pk]
            new_head_id, relationships = None, None
            if elder.relationship == HEAD and len(others) > 1:
                spouse = next((m for m in others if m.relationship in ("妻", "夫")), None)
                if spouse is None:
                    continue
                new_head_id = spouse.pk
                seen = {
                    m.pk: _seen_from_spouse(m.relationship, spouse.sex)
                    for m in others
                    if m.pk != spouse.pk
                }
                relationships = {pk: seen for pk, seen in seen.items() if seen is not None}
                if len(relationships) < len(seen):
                    continue
            day = self.day_after(members)
            if day is None:
                continue
            residents_remove(
                municipality=self.municipality,
                change_type=ChangeType.DEATH,
                resident_ids=[elder.pk],
                effective_on=day,
                notified_on=self.notified(day),
                actor=None,
                new_head_id=new_head_id,
                relationships=relationships,
            )
            self.changes += 1

    def moves_out(self, heads: list[Resident]) -> None:
        for head in heads:
            head.refresh_from_db()
            if head.status != ResidentStatus.ACTIVE or head.relationship != HEAD:
                continue
            members = self.members(head)
            previous = self.previous(members)
            day = self.day_after(members)
            if day is None:
                continue
            foreign = all(m.resident_type == ResidentType.FOREIGN for m in members)
            kind = (
                ChangeType.EMIGRATION
                if foreign and self.rng.random() < 0.7
                else ChangeType.MOVE_OUT
            )
            destination = (
                f"{members[0].nationality}（国外）"
                if kind == ChangeType.EMIGRATION
                else self.people.elsewhere()
            )
            residents_remove(
                municipality=self.municipality,
                change_type=kind,
                resident_ids=[m.pk for m in members],
                effective_on=day,
                # 転出届 comes before the move (住民基本台帳法 第24条).
                notified_on=max(day - dt.timedelta(days=self.rng.randint(0, 14)), previous),
                actor=None,
                moving_to_address=destination,
            )
            self.changes += 1

    def births(self, count: int) -> None:
        mothers = [
            r
            for r in self.living()
            if r.sex == "2"
            and r.relationship in ("妻", "子の妻")
            and 22 <= age_on(r.birth_date, self.today) <= 40
            and r.resident_type == ResidentType.JAPANESE
        ]
        self.rng.shuffle(mothers)
        for mother in mothers[:count]:
            members = self.members(mother)
            day = self.day_after(members)
            if day is None:
                continue
            surname = mother.name.split("\u3000")[0], mother.name_kana.split("\u3000")[0]
            sex = self.rng.choice("12")
            baby = self.people.japanese(
                sex=sex,
                birth=day,
                relationship="子" if mother.relationship == "妻" else "子の子",
                surname=surname,
            )
            residents_register(
                municipality=self.municipality,
                change_type=ChangeType.BIRTH,
                people=[
                    PersonData(
                        name=baby.name,
                        name_kana=str(baby.values["name_kana"]),
                        birth_date=day,
                        sex=sex,
                        relationship=str(baby.values["relationship"]),
                        resident_code=self.people.resident_code(),
                        my_number=self.people.my_number(),
                        # The child enters its parents' 戸籍.
                        domicile=mother.domicile,
                        domicile_head=mother.domicile_head,
                        national_health_insurance=mother.national_health_insurance,
                    )
                ],
                address=Address(
                    address=mother.address,
                    address_extra=mother.address_extra,
                    postal_code=mother.postal_code,
                ),
                effective_on=day,
                notified_on=self.notified(day),
                actor=None,
                household_id=mother.household_id,
            )
            self.changes += 1

    def other_surname(self, current: str) -> tuple[str, str]:
        """A (氏, 振り仮名) other than `current`: a change to the same 氏 changes nothing and is
        refused (registry.nothing_changed)."""
        while True:
            family = self.people.fake.last_name_pair()
            if family[0] != current:
                return family[0], family[1]

    def name_changes(self, living: list[Resident], count: int) -> None:
        """婚姻による氏の変更 of a daughter, and 旧氏の記載 on 請求 by a wife."""
        daughters = [
            r
            for r in living
            if r.relationship == "子"
            and r.sex == "2"
            and 22 <= age_on(r.birth_date, self.today) < 40
            and r.resident_type == ResidentType.JAPANESE
        ]
        wives = [
            r for r in living if r.relationship == "妻" and r.resident_type == ResidentType.JAPANESE
        ]
        for daughter in daughters[:count]:
            daughter.refresh_from_db()
            if daughter.status != ResidentStatus.ACTIVE:
                continue
            day = self.day_after([daughter])
            if day is None:
                continue
            family = self.other_surname(daughter.name.split("\u3000")[0])
            given = daughter.name.split("\u3000")[-1]
            given_kana = daughter.name_kana.split("\u3000")[-1]
            resident_name_change(
                municipality=self.municipality,
                resident_id=daughter.pk,
                name=f"{family[0]}\u3000{given}",
                name_kana=f"{family[1]}\u3000{given_kana}",
                effective_on=day,
                notified_on=self.notified(day),
                actor=None,
            )
            self.changes += 1
        for wife in wives[:count]:
            wife.refresh_from_db()
            if wife.status != ResidentStatus.ACTIVE:
                continue
            day = self.day_after([wife])
            if day is None:
                continue
            maiden = self.other_surname(wife.name.split("\u3000")[0])
            resident_former_surname_change(
                municipality=self.municipality,
                resident_id=wife.pk,
                former_surname=maiden[0],
                former_surname_kana=maiden[1],
                effective_on=day,
                notified_on=day,
                actor=None,
            )
            self.changes += 1

    def newcomers(self, count: int) -> None:
        """転入 of new households (young singles) in the recent past."""
        for _ in range(count):
            person = single_young(self.people)[0]
            address = self.people.address()
            self.population.domiciles([person], address)
            self.population.fill_items(person, [person], address)
            values = person.values
            day = self.people.between(self.people.recent_from, self.today - dt.timedelta(days=1))
            residents_register(
                municipality=self.municipality,
                change_type=ChangeType.MOVE_IN,
                people=[PersonData(**{k: values[k] for k in _PERSON_FIELDS if k in values})],
                address=address,
                effective_on=day,
                notified_on=self.notified(day),
                actor=None,
                previous_address=self.people.elsewhere(),
            )
            self.changes += 1


_PERSON_FIELDS = tuple(f.name for f in dataclasses.fields(PersonData))


def _seen_from_spouse(relationship: str, spouse_sex: str) -> str | None:
    """続柄 after the 世帯主 died and the widowed spouse heads the household."""
    if relationship in ("子", "子の妻", "子の夫", "子の子"):
        return relationship
    if relationship in ("父", "母"):
        return ("夫の" if spouse_sex == "2" else "妻の") + relationship
    return None
