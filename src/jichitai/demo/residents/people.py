"""People of the demo register as they are planned: names (Faker ja_JP's 漢字, カナ and romaji
pairs, or a foreign nationality's), numbers with valid check digits (個人番号, 住民票コード,
在留カード等の番号), birth dates and addresses. One `People` per municipality holds the random
state, so the whole register follows from the seed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from faker import Faker

from jichitai.common.checkdigits import modulus11_check_digit, my_number_check_digit
from jichitai.demo.residents.addresses import other_area, postal_areas, street_number
from jichitai.demo.residents.foreign_names import BRAZILIAN, CHINESE, FILIPINO, KOREAN, VIETNAMESE
from jichitai.registry.models import ForeignCategory, ResidentType
from jichitai.registry.services import Address
from jichitai.tenants.models import Municipality

# The recent past made through the services; the initial population is older than this.
RECENT_DAYS = 3 * 365


@dataclass
class Person:
    """One resident as planned: the items of the record and when they were recorded."""

    values: dict[str, Any]
    birth: dt.date
    sex: str

    @property
    def name(self) -> str:
        return str(self.values["name"])


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 2月29日
        return day.replace(year=day.year + years, day=28)


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class People:
    """Makes the people of one municipality's demo register, deterministic by seed."""

    def __init__(self, *, municipality: Municipality, seed: int) -> None:
        # Demo data must be reproducible, not secret.
        self.rng = random.Random(f"{seed}:{municipality.lg_code}")  # noqa: S311
        self.fake = Faker("ja_JP")
        self.fake.seed_instance(self.rng.randrange(2**32))
        self.today = timezone.localdate()
        self.recent_from = self.today - dt.timedelta(days=RECENT_DAYS)
        self.areas = postal_areas(municipality.lg_code)
        if not self.areas:
            raise ValueError(f"no postal areas for {municipality.lg_code}")
        self.city = self.areas[0].city
        # Numbers issued so far: each is unique in the register.
        self.my_numbers: set[str] = set()
        self.resident_codes: set[str] = set()
        self.card_numbers: set[str] = set()

    # ---------------------------------------------------------------- numbers

    def between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    def birth_date(self, youngest: int, oldest: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(youngest * 365, oldest * 365 + 364))

    def my_number(self) -> str:
        while True:
            body = f"{self.rng.randrange(10**11):011d}"
            number = f"{body}{my_number_check_digit(body)}"
            if number not in self.my_numbers:
                self.my_numbers.add(number)
                return number

    def resident_code(self) -> str:
        while True:
            body = f"{self.rng.randrange(10**10):010d}"
            code = f"{body}{modulus11_check_digit(body)}"
            if code not in self.resident_codes:
                self.resident_codes.add(code)
                return code

    def _card_number(self) -> str:
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        while True:
            number = (
                "".join(self.rng.choice(letters) for _ in range(2))
                + f"{self.rng.randrange(10**8):08d}"
                + "".join(self.rng.choice(letters) for _ in range(2))
            )
            if number not in self.card_numbers:
                self.card_numbers.add(number)
                return number

    def address(self) -> Address:
        area = self.rng.choice(self.areas)
        extra = ""
        if self.rng.random() < 0.22:
            surname = self.fake.last_name_pair()[0]
            building = self.fake.building_name()
            extra = f"{surname}{building}{self.rng.randint(1, 3)}{self.rng.randint(1, 8):02d}号"
        return Address(
            address=area.base + street_number(self.rng, area),
            address_extra=extra,
            postal_code=area.postal_code,
        )

    def elsewhere(self) -> str:
        area = other_area(self.rng, not_city=self.city)
        return area.base + street_number(self.rng, area)

    # ---------------------------------------------------------------- people

    def japanese(
        self,
        *,
        sex: str,
        birth: dt.date,
        relationship: str,
        surname: tuple[str, str] | None = None,
    ) -> Person:
        family = surname or self.fake.last_name_pair()[:2]
        given = (
            self.fake.first_name_male_pair() if sex == "1" else self.fake.first_name_female_pair()
        )
        person = Person(
            values={
                "name": f"{family[0]}\u3000{given[0]}",
                "name_kana": f"{family[1]}\u3000{given[1]}",
                "name_kana_confirmed": self.rng.random() < 0.6,
                "resident_type": ResidentType.JAPANESE,
                "relationship": relationship,
                "sex": sex,
                "birth_date": birth,
            },
            birth=birth,
            sex=sex,
        )
        return person

    def distinct_given_names(self, members: list[Person]) -> list[Person]:
        """No two Japanese members of a household share a 名 (a father and a son both 修平
        reads as a typing error on every page that lists the household)."""
        taken: set[str] = set()
        for person in members:
            if person.values["resident_type"] != ResidentType.JAPANESE:
                continue
            surname, surname_kana = self.surname_of(person)
            given = str(person.values["name"]).split("\u3000")[-1]
            while given in taken:
                pair = (
                    self.fake.first_name_male_pair()
                    if person.sex == "1"
                    else self.fake.first_name_female_pair()
                )
                given = pair[0]
                person.values["name"] = f"{surname}\u3000{pair[0]}"
                person.values["name_kana"] = f"{surname_kana}\u3000{pair[1]}"
            taken.add(given)
        return members

    def surname_of(self, person: Person) -> tuple[str, str]:
        return (
            str(person.values["name"]).split("\u3000")[0],
            str(person.values["name_kana"]).split("\u3000")[0],
        )

    def foreign(
        self,
        *,
        nationality: str,
        sex: str,
        birth: dt.date,
        relationship: str,
        status: tuple[str, str],
        family: tuple[str, ...] | None = None,
    ) -> Person:
        tables = {
            "ベトナム": VIETNAMESE,
            "フィリピン": FILIPINO,
            "ブラジル": BRAZILIAN,
            "中国": CHINESE,
            "韓国": KOREAN,
        }[nationality]
        family = family or self.rng.choice(tables["family"])
        given = self.rng.choice(tables[sex])
        values: dict[str, Any] = {
            "resident_type": ResidentType.FOREIGN,
            "relationship": relationship,
            "sex": sex,
            "birth_date": birth,
            "nationality": nationality,
            "residence_card_number": self._card_number(),
            "name_kana_confirmed": True,
        }
        if nationality in ("中国", "韓国"):
            values.update(
                name=f"{family[0]}\u3000{given[0]}",
                name_alphabet=f"{family[1]} {given[1]}",
                name_kana=f"{family[2]}\u3000{given[2]}",
            )
        else:
            values.update(
                name=f"{family[0]} {given[0]}",
                name_alphabet=f"{family[0]} {given[0]}",
                name_kana=f"{family[1]}\u3000{given[1]}",
            )
        if nationality == "韓国":
            values.update(
                foreign_category=ForeignCategory.SPECIAL_PERMANENT,
                alias=f"{family[3]}\u3000{given[0]}",
                alias_kana=f"{family[4]}\u3000{given[3]}",
            )
        else:
            expiry_years = 7 if status[0] == "永住者" else int(status[1].rstrip("年") or 1)
            values.update(
                foreign_category=ForeignCategory.MID_LONG_TERM,
                residence_status=status[0],
                period_of_stay=status[1],
                stay_expires_on=self.today
                + dt.timedelta(days=self.rng.randint(30, expiry_years * 365)),
            )
        return Person(values=values, birth=birth, sex=sex)

    def children(
        self,
        mother_birth: dt.date,
        *,
        surname: tuple[str, str],
        relationship: str,
        count: int,
        maker: Callable[..., Person] | None = None,
    ) -> list[Person]:
        people: list[Person] = []
        born = add_years(mother_birth, self.rng.randint(22, 34))
        for _ in range(count):
            if born >= self.today:
                break
            sex = self.rng.choice("12")
            if maker is None:
                people.append(
                    self.japanese(sex=sex, birth=born, relationship=relationship, surname=surname)
                )
            else:
                people.append(maker(sex=sex, birth=born, relationship=relationship))
            born = born + dt.timedelta(days=self.rng.randint(400, 1800))
        return people
