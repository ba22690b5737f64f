"""デモデータ (demo data): two real municipalities on one deployment, staff for every role,
and (on request) their residents.

Deterministic by a seed, so every `make demo` prints the same logins and the same people.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from faker import Faker

from jichitai.identity.models import Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.registry.demo import DemoResidents, demo_residents_generate
from jichitai.registry.layout import registry_is_empty
from jichitai.tenants.models import Municipality
from jichitai.tenants.services import municipality_list_load, municipality_onboard


@dataclass(frozen=True)
class DemoMunicipality:
    lg_code: str
    login_prefix: str
    mayor_title: str
    phone: str


# A 市 and a 町 of the real list: the family of docs/story moves from the first to the second.
DEMO_MUNICIPALITIES = (
    DemoMunicipality("102121", "midori", "みどり市長", "0277-76-0960"),
    DemoMunicipality("104493", "minakami", "みなかみ町長", "0278-25-5000"),
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
    """デモ環境の作成: onboard the demo municipalities and create one staff member per role."""
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
        )
        for role in Role:
            username = f"{demo.login_prefix}-{role.value.replace('_', '-')}"
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
