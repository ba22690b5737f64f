"""`make demo` opens the counter with someone to serve: the 佐藤 family's 転出証明書情報 waits at
みなかみ町, and seeding again keeps the one entry."""

from __future__ import annotations

import pytest

from jichitai.conftest import signed_in
from jichitai.counter.tests.conftest import staff
from jichitai.demo.counter import demo_counter_move_in_seed
from jichitai.demo.services import demo_seed
from jichitai.identity.models import Role
from jichitai.registry.models import MoveOutCertificate, Resident, ResidentStatus
from jichitai.tenants.models import Municipality

pytestmark = pytest.mark.django_db


def test_the_demo_counter_has_a_family_waiting_to_move_in() -> None:
    demo_seed(seed=7)
    waiting = demo_counter_move_in_seed(card=False)

    assert waiting.municipality_id == "104493"
    assert waiting.status == MoveOutCertificate.Status.PENDING
    assert [p["name"] for p in waiting.persons] == ["佐藤　美和", "佐藤　陽斗", "佐藤　結衣"]
    # They left みどり市 (除票 there) and are not in みなかみ町's register yet.
    assert not Resident.objects.filter(status=ResidentStatus.ACTIVE).exists()
    assert demo_counter_move_in_seed(card=False) == waiting
    assert MoveOutCertificate.objects.count() == 1

    clerk = staff(Municipality.objects.get(lg_code="104493"), "demo_madoguchi", Role.COUNTER)
    home = signed_in(clerk).get("/104493/counter/")
    assert "佐藤　美和" in home.content.decode()
