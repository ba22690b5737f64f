"""Personas every test may use (healthchecks' alice/bob/charlie, for municipalities):

- `midori` (みどり市) and `minakami` (みなかみ町): two served municipalities on one deployment;
- `clerk` (窓口), `supervisor` (住民記録審査), `auditor` (監査) of みどり市;
- `outsider`: a clerk of みなかみ町, who must never see みどり市's data.
"""

from __future__ import annotations

import pytest
from django.test import Client

from jichitai.identity.models import Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.tenants.models import Municipality
from jichitai.tenants.services import municipality_onboard

# Fixtures that give a test the database without a django_db marker.
_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses the database gets both: "default" and the broker's "linkage"
    (always a separate database in tests). The marker's other arguments (transaction=…)
    stay; a test that names its databases keeps them."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None and not _DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            continue
        args, kwargs = (marker.args, dict(marker.kwargs)) if marker else ((), {})
        if "databases" in kwargs or len(args) > 2:
            continue
        # Prepended, so that it is the closest django_db marker pytest-django reads.
        item.add_marker(pytest.mark.django_db(*args, **kwargs, databases="__all__"), append=False)


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    """Every test starts with empty rate-limit counters (the test cache is per process)."""
    from django.core.cache import cache

    cache.clear()


PASSWORD = "correct horse battery staple"  # noqa: S105 - test persona
GUNMA = "100005"


def _municipality(lg_code: str, name: str, kana: str) -> Municipality:
    Municipality.objects.get_or_create(
        lg_code=GUNMA,
        defaults={
            "kind": "prefecture",
            "prefecture": "群馬県",
            "name": "",
            "name_kana": "ぐんまけん",
        },
    )
    Municipality.objects.get_or_create(
        lg_code=lg_code,
        defaults={
            "kind": "municipality",
            "prefecture": "群馬県",
            "name": name,
            "name_kana": kana,
            "parent_id": GUNMA,
        },
    )
    return municipality_onboard(lg_code=lg_code, actor=None, mayor_title=f"{name}長")


@pytest.fixture
def midori(db: None) -> Municipality:
    return _municipality("102121", "みどり市", "みどりし")


@pytest.fixture
def minakami(db: None) -> Municipality:
    return _municipality("104493", "みなかみ町", "みなかみまち")


def _staff(municipality: Municipality, username: str, *roles: Role) -> StaffUser:
    return staff_create(
        municipality=municipality,
        username=username,
        password=PASSWORD,
        display_name=username,
        roles=roles,
        actor=None,
        check_password=False,
    )


@pytest.fixture
def clerk(midori: Municipality) -> StaffUser:
    return _staff(midori, "clerk", Role.COUNTER)


@pytest.fixture
def supervisor(midori: Municipality) -> StaffUser:
    return _staff(midori, "supervisor", Role.REGISTRY_REVIEW)


@pytest.fixture
def auditor(midori: Municipality) -> StaffUser:
    return _staff(midori, "auditor", Role.AUDITOR)


@pytest.fixture
def outsider(minakami: Municipality) -> StaffUser:
    return _staff(minakami, "outsider", Role.COUNTER, Role.AUDITOR, Role.ADMIN)


def signed_in(user: StaffUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clerk_client(clerk: StaffUser) -> Client:
    return signed_in(clerk)


@pytest.fixture
def auditor_client(auditor: StaffUser) -> Client:
    return signed_in(auditor)


@pytest.fixture
def outsider_client(outsider: StaffUser) -> Client:
    return signed_in(outsider)


@pytest.fixture
def limit_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """One rate-limit window and one audit minute for the whole test, however slowly a loaded
    machine sends its requests (1_800_000_000 starts a minute and a 15-minute window); a test
    moves on with `clock[0] += seconds`."""
    from types import SimpleNamespace

    from jichitai.audit import services as audit_services
    from jichitai.common import ratelimit

    clock = [1_800_000_000.0]
    frozen = SimpleNamespace(time=lambda: clock[0])
    monkeypatch.setattr(ratelimit, "time", frozen)
    monkeypatch.setattr(audit_services, "time", frozen)
    return clock
