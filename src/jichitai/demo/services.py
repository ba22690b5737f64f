"""デモデータ (demo data): two real municipalities on one deployment, staff for every role,
and (on request) their residents.

Deterministic by a seed, so every `make demo` prints the same logins and the same people.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from faker import Faker

from jichitai.common.checkdigits import my_number_check_digit
from jichitai.demo.departments import DemoDepartmentRecords, demo_department_records_seed
from jichitai.demo.residents import DemoResidents, demo_residents_generate
from jichitai.demo.story import HANAKO_BIRTH_DATE, HANAKO_NAME
from jichitai.identity.jpki.errors import VirtualCaMissing
from jichitai.identity.jpki.services import (
    VirtualCard,
    VirtualCertificateAuthority,
    crl_load,
    virtual_card_issue,
)
from jichitai.identity.models import Department, Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.identity.staff_admin import (
    department_create,
    department_update,
    staff_departments_set,
)
from jichitai.registry.layout import registry_is_empty
from jichitai.registry.models import ChangeType, Resident, ResidentStatus
from jichitai.registry.selectors import my_number_is_recorded, resident_my_number_unaudited
from jichitai.registry.services import (
    Address,
    PersonData,
    address_dictionary_load,
    postal_rows_read,
    residents_register,
)
from jichitai.tenants.models import Municipality
from jichitai.tenants.services import municipality_list_load, municipality_onboard
from jichitai.visits.services import visits_setup_defaults


@dataclass(frozen=True)
class DemoDepartment:
    """A 課 of a demo municipality: its code, its own name, the catalog's department keys it
    takes care of, which demo staff (by role) belong to it, and where its 窓口 is."""

    code: str
    name: str
    catalog_keys: tuple[str, ...]
    member_roles: tuple[Role, ...]
    location: str = ""
    phone: str = ""


@dataclass(frozen=True)
class DemoMunicipality:
    lg_code: str
    login_prefix: str
    mayor_title: str
    phone: str
    office_postal_code: str
    office_address: str
    departments: tuple[DemoDepartment, ...] = ()


# The demo's 各課担当 belongs to every 課 but the one of 住民記録, so every department inbox
# of the demo still has someone to read it; the counter and 住民記録審査 sit in that 課.
_RESIDENTS_STAFF = (Role.COUNTER, Role.REGISTRY_REVIEW)
_DEPARTMENT_STAFF = (Role.DEPARTMENT,)

# A 市 and a 町 of the real list: the family of docs/story moves from the first to the second.
# Each names its own 課: a 町 has a 町民課, not a 市民課.
DEMO_MUNICIPALITIES = (
    DemoMunicipality(
        "102121",
        "midori",
        "みどり市長",
        "0277-76-0960",
        "376-0192",
        "群馬県みどり市大間々町大間々1511",
        (
            DemoDepartment(
                "shimin", "市民課", ("residents",), _RESIDENTS_STAFF, "本庁舎1階 1番窓口"
            ),
            DemoDepartment(
                "kodomo", "こども課", ("child",), _DEPARTMENT_STAFF, "本庁舎1階 5番窓口"
            ),
            DemoDepartment(
                "kenko",
                "健康づくり課",
                ("maternal_health",),
                _DEPARTMENT_STAFF,
                "保健福祉センター1階",
                "0277-76-2841",
            ),
            DemoDepartment(
                "kaigo", "介護高齢課", ("care",), _DEPARTMENT_STAFF, "本庁舎1階 7番窓口"
            ),
            DemoDepartment("hoken", "保険年金課", ("nhi",), _DEPARTMENT_STAFF, "本庁舎1階 3番窓口"),
            DemoDepartment("gakko", "学校教育課", ("education",), _DEPARTMENT_STAFF, "本庁舎3階"),
            # 罹災証明書 and the 被災者台帳 (docs/procedures.md).
            DemoDepartment(
                "kikikanri", "危機管理課", ("disaster",), _DEPARTMENT_STAFF, "本庁舎2階"
            ),
        ),
    ),
    DemoMunicipality(
        "104493",
        "minakami",
        "みなかみ町長",
        "0278-25-5000",
        "379-1393",
        "群馬県利根郡みなかみ町後閑318",
        (
            DemoDepartment(
                "chomin", "町民課", ("residents",), _RESIDENTS_STAFF, "本庁舎1階 1番窓口"
            ),
            DemoDepartment(
                "kosodate",
                "子育て健康課",
                ("child", "maternal_health"),
                _DEPARTMENT_STAFF,
                "本庁舎1階 4番窓口",
            ),
            DemoDepartment(
                "fukushi",
                "保健福祉課",
                ("care", "nhi"),
                _DEPARTMENT_STAFF,
                "本庁舎1階 3番窓口",
            ),
            DemoDepartment(
                "kyoiku", "教育課", ("education",), _DEPARTMENT_STAFF, "本庁舎2階", "0278-25-5020"
            ),
            DemoDepartment("somu", "総務課", ("disaster",), _DEPARTMENT_STAFF, "本庁舎2階"),
        ),
    ),
)
PLATFORM_ADMIN_USERNAME = "platform-admin"


@dataclass(frozen=True)
class DemoLogin:
    lg_code: str
    municipality_name: str
    username: str
    password: str
    role_label: str


def _password(rng: random.Random) -> str:
    return f"demo-{rng.randrange(10**7, 10**8)}"


def _username(demo: DemoMunicipality, role: Role) -> str:
    return f"{demo.login_prefix}-{role.value.replace('_', '-')}"


def _upsert_departments(*, municipality: Municipality, demo: DemoMunicipality) -> None:
    """The demo's 課 and who belongs to them, through the 職員管理 services as the demo's
    管理者 would do it; a second run brings them back to the demo's settings."""
    admin = StaffUser.objects.get(username=_username(demo, Role.ADMIN))
    existing = {d.code: d for d in Department.objects.for_municipality(municipality)}
    members: dict[Role, list[int]] = {}
    for spec in demo.departments:
        if spec.code in existing:
            department = department_update(
                municipality=municipality,
                department_id=existing[spec.code].pk,
                name=spec.name,
                catalog_keys=spec.catalog_keys,
                location=spec.location,
                phone=spec.phone,
                actor=admin,
            )
        else:
            department = department_create(
                municipality=municipality,
                code=spec.code,
                name=spec.name,
                catalog_keys=spec.catalog_keys,
                location=spec.location,
                phone=spec.phone,
                actor=admin,
            )
        for role in spec.member_roles:
            members.setdefault(role, []).append(department.pk)
    for role, department_ids in members.items():
        user = StaffUser.objects.get(username=_username(demo, role))
        staff_departments_set(
            municipality=municipality, user_id=user.pk, department_ids=department_ids, actor=admin
        )


def _upsert_staff(
    *, municipality: Municipality, username: str, password: str, display_name: str, role: Role
) -> None:
    existing = StaffUser.objects.filter(username=username).first()
    if existing is not None:
        # Re-running the seed restores the printed password.
        existing.set_password(password)
        existing.save(update_fields=["password"])
        return
    staff_create(
        municipality=municipality,
        username=username,
        password=password,
        display_name=display_name,
        roles=[role],
        actor=None,
        # Demo passwords are printed on screen anyway; production accounts are validated.
        check_password=False,
    )


@transaction.atomic
def demo_seed(*, seed: int) -> list[DemoLogin]:
    """デモ環境の作成: onboard the demo municipalities, create one staff member per role and
    the municipality's 課 with the demo staff in them."""
    if not Municipality.objects.exists():
        municipality_list_load(source=settings.JICHITAI_MUNICIPALITIES_CSV)
    rng = random.Random(seed)  # noqa: S311 - demo data must be reproducible, not secret
    fake = Faker("ja_JP")
    fake.seed_instance(seed)
    logins: list[DemoLogin] = []
    for demo in DEMO_MUNICIPALITIES:
        municipality = municipality_onboard(
            lg_code=demo.lg_code,
            actor=None,
            mayor_title=demo.mayor_title,
            mayor_name=fake.name(),
            phone=demo.phone,
            office_postal_code=demo.office_postal_code,
            office_address=demo.office_address,
        )
        for role in Role:
            username = _username(demo, role)
            password = _password(rng)
            _upsert_staff(
                municipality=municipality,
                username=username,
                password=password,
                display_name=fake.name(),
                role=role,
            )
            logins.append(
                DemoLogin(
                    demo.lg_code, municipality.display_name, username, password, str(role.label)
                )
            )
        _upsert_departments(municipality=municipality, demo=demo)
        visits_setup_defaults(municipality_code=municipality.lg_code)
        # No copy of the ABR 町字マスター offline: the demo's 住所辞書 is its own towns from
        # Japan Post's data (docs/operations.md, 住所辞書).
        address_dictionary_load(
            municipality=municipality, rows=postal_rows_read(lg_code=demo.lg_code)
        )
    admin_password = _password(rng)
    admin = StaffUser.objects.filter(username=PLATFORM_ADMIN_USERNAME).first()
    if admin is None:
        StaffUser.objects.create_superuser(
            PLATFORM_ADMIN_USERNAME, password=admin_password, display_name="共同利用環境の管理者"
        )
    else:
        admin.set_password(admin_password)
        admin.save(update_fields=["password"])
    logins.append(
        DemoLogin(
            "", "共同利用環境", PLATFORM_ADMIN_USERNAME, admin_password, "マスタ管理 (/admin/)"
        )
    )
    return logins


def demo_residents_seed(*, seed: int, count: int) -> list[DemoResidents]:
    """デモ住民の作成: `count` residents with their history in each demo municipality whose
    register is still empty (a second run leaves existing residents alone). Run demo_seed
    first: it onboards the municipalities."""
    made = []
    for demo in DEMO_MUNICIPALITIES:
        municipality = Municipality.objects.get(lg_code=demo.lg_code)
        if registry_is_empty(municipality=municipality):
            made.append(demo_residents_generate(municipality=municipality, count=count, seed=seed))
    return made


def demo_department_records_seed_all(*, seed: int) -> list[DemoDepartmentRecords]:
    """各業務の記録 of every demo municipality, consistent with its register (made once)."""
    return [
        demo_department_records_seed(
            seed=seed, municipality=Municipality.objects.get(lg_code=demo.lg_code)
        )
        for demo in DEMO_MUNICIPALITIES
    ]


@dataclass(frozen=True)
class DemoCard:
    lg_code: str
    name: str
    card_id: str


STORY_ADDRESS = Address(
    address="群馬県みどり市大間々町大間々1511番地", address_extra="", postal_code="3760101"
)


def demo_story_family_seed() -> Resident:
    """山田花子 and her two children (8 and 3) in みどり市, as ../shared/STORY.md tells it;
    made once, through the registry's own 転入 service."""
    municipality = Municipality.objects.get(lg_code=DEMO_MUNICIPALITIES[0].lg_code)
    living = Resident.objects.for_municipality(municipality).filter(
        name=HANAKO_NAME, birth_date=HANAKO_BIRTH_DATE, status=ResidentStatus.ACTIVE
    )
    if hanako := living.first():
        return hanako
    with transaction.atomic():
        change = residents_register(
            municipality=municipality,
            change_type=ChangeType.MOVE_IN,
            people=[
                PersonData(
                    name=HANAKO_NAME,
                    name_kana="ヤマダ　ハナコ",
                    birth_date=HANAKO_BIRTH_DATE,
                    sex="2",
                    relationship="世帯主",
                    my_number=_story_my_number(municipality),
                ),
                PersonData(
                    name="山田　翔太",
                    name_kana="ヤマダ　ショウタ",
                    birth_date=dt.date(2018, 5, 20),
                    sex="1",
                    relationship="子",
                ),
                PersonData(
                    name="山田　美咲",
                    name_kana="ヤマダ　ミサキ",
                    birth_date=dt.date(2023, 1, 10),
                    sex="2",
                    relationship="子",
                ),
            ],
            address=STORY_ADDRESS,
            effective_on=dt.date(2023, 4, 1),
            notified_on=dt.date(2023, 4, 1),
            actor=None,
            previous_address="東京都千代田区千代田1番1号",
        )
    return living.get(history__change=change)


def _story_my_number(municipality: Municipality) -> str:
    """A valid 個人番号 no demo resident of the municipality holds yet."""
    rng = random.Random(0)  # noqa: S311 - made-up demo data, deterministic on purpose
    while True:
        body = f"{rng.randrange(10**10, 10**11):011d}"
        candidate = body + str(my_number_check_digit(body))
        if not my_number_is_recorded(municipality=municipality, my_number=candidate):
            return candidate


def demo_cards_seed(*, per_municipality: int) -> list[DemoCard]:
    """仮想カード for 山田花子 and the first `per_municipality` heads of household with a
    個人番号 in each demo municipality, under the virtual test CA (created when missing, its
    CRL re-published and loaded). Nothing where the test CA is not allowed (production).
    A person who already has a card keeps it."""
    if not settings.JPKI_ALLOW_TEST_CA:
        return []
    try:
        authority = VirtualCertificateAuthority.load()
    except VirtualCaMissing:
        authority = VirtualCertificateAuthority.create()
    authority.publish_crl()
    crl_load(data=authority.crl_path.read_bytes())
    existing = {(c.basic_four.name, c.basic_four.birth_date): c for c in VirtualCard.list_all()}
    people = [demo_story_family_seed()]
    for demo in DEMO_MUNICIPALITIES:
        people += list(
            Resident.objects.for_municipality(demo.lg_code)
            .filter(status=ResidentStatus.ACTIVE, relationship="世帯主", resident_type="japanese")
            .exclude(my_number_cipher="")
            .exclude(name=HANAKO_NAME, birth_date=HANAKO_BIRTH_DATE)
            .order_by("pk")[:per_municipality]
        )
    cards = []
    for resident in people:
        card = existing.get((resident.name, resident.birth_date)) or _card_issue(resident)
        cards.append(
            DemoCard(lg_code=resident.municipality_id, name=resident.name, card_id=card.card_id)
        )
    return cards


def _card_issue(resident: Resident) -> VirtualCard:
    return virtual_card_issue(
        name=resident.name,
        birth_date=resident.birth_date,
        # 署名用電子証明書: 1 男, 2 女, 3 不明 (the register's 9 適用不能 has no other match).
        sex=resident.sex if resident.sex in ("1", "2") else "3",
        address=f"{resident.address}{resident.address_extra}",
        my_number=resident_my_number_unaudited(resident=resident),
    )
