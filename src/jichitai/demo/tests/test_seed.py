from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from jichitai.audit.services import audit_chain_verify
from jichitai.demo.services import demo_residents_seed, demo_seed
from jichitai.identity.models import Department, StaffUser
from jichitai.identity.selectors import (
    staff_departments,
    staff_readable_department_keys,
    staff_roles,
)
from jichitai.opendata.models import Publication
from jichitai.procedures.selectors import workflow_role_departments
from jichitai.registry.models import NetworkMessage, Resident
from jichitai.tenants.models import Municipality

pytestmark = pytest.mark.django_db


def test_seed_creates_a_city_and_a_town_with_staff_for_every_role() -> None:
    logins = demo_seed(seed=7)

    served = Municipality.objects.filter(is_served=True).order_by("lg_code")
    assert [m.full_name for m in served] == ["群馬県みどり市", "群馬県みなかみ町"]
    assert served[0].settings.mayor_title == "みどり市長"
    counter = StaffUser.objects.get(username="midori-counter")
    assert staff_roles(user=counter) == {"counter"}
    assert counter.municipality_id == "102121"
    assert len(logins) == 11
    assert audit_chain_verify().ok


def test_seed_makes_each_municipalitys_departments_with_the_demo_staff_in_them() -> None:
    demo_seed(seed=7)
    demo_seed(seed=7)  # a second run changes nothing
    midori = Department.objects.for_municipality("102121").order_by("code")
    assert "市民課" in {d.name for d in midori}
    minakami = {d.name for d in Department.objects.for_municipality("104493")}
    assert "町民課" in minakami and "市民課" not in minakami
    roles = workflow_role_departments()
    officer = StaffUser.objects.get(username="midori-department")
    assert staff_readable_department_keys(user=officer, role_keys=roles) == frozenset(
        {"child", "maternal_health", "care", "nhi", "education", "disaster"}
    )
    counter = StaffUser.objects.get(username="minakami-counter")
    assert staff_readable_department_keys(user=counter, role_keys=roles) == {"residents"}
    assert [d.name for d in staff_departments(user=counter)] == ["町民課"]
    assert audit_chain_verify().ok


def test_seed_is_deterministic_and_its_printed_logins_work(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = demo_seed(seed=7)
    second = demo_seed(seed=7)
    assert [(x.username, x.password) for x in first] == [(x.username, x.password) for x in second]
    assert StaffUser.objects.count() == 11

    login = next(x for x in second if x.username == "minakami-auditor")
    client = Client()
    response = client.post(
        "/104493/staff/login/", {"username": login.username, "password": login.password}
    )
    assert response["Location"] == "/104493/staff/"


def test_command_prints_urls_and_logins(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("seed-demo", "--seed", "7")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/102121/staff/login/" in out
    assert "midori-counter" in out and "platform-admin" in out


def test_command_without_residents_makes_none(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("seed-demo", "--seed", "7")
    assert not Resident.objects.exists()


def test_command_makes_residents_in_each_municipality_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("seed-demo", "--seed", "7", "--residents", "40")
    out = capsys.readouterr().out
    assert "102121: 住民 40人" in out and "104493: 住民 40人" in out
    counts = {
        code: Resident.objects.filter(municipality_id=code).count() for code in ("102121", "104493")
    }
    assert counts == {"102121": 40, "104493": 40}
    # The recent changes were sent to the demo 住基ネット: nothing waits in the outbox.
    assert "住基ネット送信（デモのネットワーク）" in out
    assert not NetworkMessage.objects.exclude(status=NetworkMessage.Status.SENT).exists()
    # Open data: the facility master published, and the population counted from the register.
    assert "102121: オープンデータ 公共施設一覧 3件" in out
    published = Publication.objects.filter(municipality_id="102121")
    assert sorted(published.values_list("dataset_key", flat=True)) == [
        "population",
        "public_facility",
    ]

    # Seeding again keeps the residents and the logins.
    assert demo_residents_seed(seed=7, count=40) == []
    call_command("seed-demo", "--seed", "7", "--residents", "40")
    assert Resident.objects.count() == 80
