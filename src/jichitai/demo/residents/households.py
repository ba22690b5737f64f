"""The shapes of demo households: singles, couples, children, three generations with 父/母 or
子の妻/子の子, and foreign households (中長期在留者, 特別永住者 with 通称, a mixed family).
Each shape makes its members, 世帯主 first, from one municipality's `People`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from jichitai.demo.residents.foreign_names import (
    BRAZILIAN,
    CHINESE,
    FAMILY_STATUSES,
    FILIPINO,
    KOREAN,
    VIETNAMESE,
    WORKER_STATUSES,
)
from jichitai.demo.residents.people import People, Person, add_years
from jichitai.registry.models import HEAD

Shape = Callable[[People], list[Person]]


def single_young(people: People) -> list[Person]:
    return [
        people.japanese(
            sex=people.rng.choice("12"), birth=people.birth_date(19, 39), relationship=HEAD
        )
    ]


def single_elder(people: People) -> list[Person]:
    sex = "2" if people.rng.random() < 0.7 else "1"
    return [people.japanese(sex=sex, birth=people.birth_date(70, 96), relationship=HEAD)]


def _couple(people: People, youngest: int, oldest: int) -> tuple[Person, Person]:
    husband_birth = people.birth_date(youngest, oldest)
    wife_birth = husband_birth + dt.timedelta(days=people.rng.randint(-400, 1800))
    wife_birth = min(wife_birth, people.birth_date(youngest, youngest))
    husband_heads = people.rng.random() < 0.88
    husband = people.japanese(
        sex="1", birth=husband_birth, relationship=HEAD if husband_heads else "夫"
    )
    wife = people.japanese(
        sex="2",
        birth=wife_birth,
        relationship="妻" if husband_heads else HEAD,
        surname=people.surname_of(husband),
    )
    return (husband, wife) if husband_heads else (wife, husband)


def couple_elder(people: People) -> list[Person]:
    return list(_couple(people, 65, 90))


def couple_young(people: People) -> list[Person]:
    return list(_couple(people, 24, 40))


def couple_with_children(people: People) -> list[Person]:
    head, spouse = _couple(people, 28, 55)
    mother = spouse if spouse.sex == "2" else head
    kids = people.children(
        mother.birth,
        surname=people.surname_of(head),
        relationship="子",
        count=people.rng.choice((1, 2, 2, 3)),
    )
    return [head, spouse, *kids]


def single_parent(people: People) -> list[Person]:
    sex = "2" if people.rng.random() < 0.85 else "1"
    parent = people.japanese(sex=sex, birth=people.birth_date(27, 52), relationship=HEAD)
    kids = people.children(
        parent.birth if sex == "2" else parent.birth + dt.timedelta(days=700),
        surname=people.surname_of(parent),
        relationship="子",
        count=people.rng.choice((1, 1, 2)),
    )
    return [parent, *kids]


def three_generations(people: People) -> list[Person]:
    """世帯主 (60s to 80s), 妻, their son, 子の妻 and 子の子."""
    head, spouse = _couple(people, 60, 82)
    surname = people.surname_of(head)
    mother = spouse if spouse.sex == "2" else head
    son_birth = add_years(mother.birth, people.rng.randint(23, 35))
    son = people.japanese(sex="1", birth=son_birth, relationship="子", surname=surname)
    daughter_in_law = people.japanese(
        sex="2",
        birth=son_birth + dt.timedelta(days=people.rng.randint(-700, 1500)),
        relationship="子の妻",
        surname=surname,
    )
    grandchildren = people.children(
        daughter_in_law.birth,
        surname=surname,
        relationship="子の子",
        count=people.rng.choice((1, 2, 3)),
    )
    return [head, spouse, son, daughter_in_law, *grandchildren]


def family_with_parent(people: People) -> list[Person]:
    """世帯主 (40s to 50s), 妻, 子 and the head's widowed 父 or 母."""
    head, spouse = _couple(people, 38, 58)
    surname = people.surname_of(head)
    own = head if head.sex == "1" else spouse
    elder_sex = "2" if people.rng.random() < 0.75 else "1"
    elder = people.japanese(
        sex=elder_sex,
        birth=add_years(own.birth, -people.rng.randint(24, 36)),
        relationship=("母" if elder_sex == "2" else "父")
        if own is head
        else ("夫の母" if elder_sex == "2" else "夫の父"),
        surname=surname,
    )
    mother = spouse if spouse.sex == "2" else head
    kids = people.children(
        mother.birth, surname=surname, relationship="子", count=people.rng.choice((1, 2))
    )
    return [head, spouse, *kids, elder]


def mixed_family(people: People) -> list[Person]:
    """A Japanese 世帯主 with a foreign 妻 (日本人の配偶者等) and their Japanese children."""
    head = people.japanese(sex="1", birth=people.birth_date(32, 55), relationship=HEAD)
    nationality = people.rng.choice(("フィリピン", "中国", "ブラジル"))
    wife = people.foreign(
        nationality=nationality,
        sex="2",
        birth=head.birth + dt.timedelta(days=people.rng.randint(365, 4000)),
        relationship="妻",
        status=("日本人の配偶者等", "3年"),
    )
    kids = people.children(
        wife.birth,
        surname=people.surname_of(head),
        relationship="子",
        count=people.rng.choice((1, 2)),
    )
    return [head, wife, *kids]


def foreign_worker(people: People) -> list[Person]:
    nationality = people.rng.choice(
        ("ベトナム", "ベトナム", "ベトナム", "中国", "フィリピン", "ブラジル")
    )
    return [
        people.foreign(
            nationality=nationality,
            sex=people.rng.choice("12"),
            birth=people.birth_date(19, 38),
            relationship=HEAD,
            status=people.rng.choice(WORKER_STATUSES[nationality]),
        )
    ]


def foreign_family(people: People) -> list[Person]:
    nationality = people.rng.choice(("ブラジル", "フィリピン", "中国", "ベトナム"))
    status = people.rng.choice(FAMILY_STATUSES[nationality])
    tables = {
        "ベトナム": VIETNAMESE,
        "フィリピン": FILIPINO,
        "ブラジル": BRAZILIAN,
        "中国": CHINESE,
    }
    family = people.rng.choice(tables[nationality]["family"])
    head = people.foreign(
        nationality=nationality,
        sex="1",
        birth=people.birth_date(30, 55),
        relationship=HEAD,
        status=status,
        family=family,
    )
    wife = people.foreign(
        nationality=nationality,
        sex="2",
        birth=head.birth + dt.timedelta(days=people.rng.randint(0, 2500)),
        relationship="妻",
        status=status,
        family=family,
    )

    def child(*, sex: str, birth: dt.date, relationship: str) -> Person:
        return people.foreign(
            nationality=nationality,
            sex=sex,
            birth=birth,
            relationship=relationship,
            status=status,
            family=family,
        )

    kids = people.children(wife.birth, surname=("", ""), relationship="子", count=2, maker=child)
    return [head, wife, *kids]


def special_permanent(people: People) -> list[Person]:
    family = people.rng.choice(KOREAN["family"])
    head = people.foreign(
        nationality="韓国",
        sex="1",
        birth=people.birth_date(66, 90),
        relationship=HEAD,
        status=("", ""),
        family=family,
    )
    members = [head]
    if people.rng.random() < 0.6:
        members.append(
            people.foreign(
                nationality="韓国",
                sex="2",
                birth=head.birth + dt.timedelta(days=people.rng.randint(0, 2000)),
                relationship="妻",
                status=("", ""),
                family=people.rng.choice(KOREAN["family"]),
            )
        )
    return members


# Japanese households by weight, as in an ordinary town.
HOUSEHOLD_SHAPES: list[tuple[float, Shape]] = [
    (0.14, single_young),
    (0.12, single_elder),
    (0.12, couple_elder),
    (0.06, couple_young),
    (0.26, couple_with_children),
    (0.08, single_parent),
    (0.11, three_generations),
    (0.08, family_with_parent),
    (0.01, mixed_family),
]
FOREIGN_SHAPES: list[Shape] = [foreign_worker, foreign_family, special_permanent]
