"""Staff read the municipality's own 課, not the catalog's generic 担当 nor another town's 課:
みなかみ町 has a 町民課 where みどり市 has a 市民課 (issue 10, item 7)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jichitai.conftest import signed_in
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.tests.factories import demo_departments, membership_add
from jichitai.procedures.models import Case
from jichitai.procedures.selectors import case_signing_bytes, department_labels
from jichitai.procedures.services import case_submit
from jichitai.procedures.signing import SignedApplication
from jichitai.procedures.tests.conftest import _staff
from jichitai.procedures.tests.factories import actor_of, fake_signature, move_out_data
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality


def _move_out_case(municipality: Municipality) -> Case:
    members = list(yamada_family(municipality).values())
    data = move_out_data(members, moving_to="群馬県みどり市大間々町大間々1511番地")
    signature = fake_signature(
        case_signing_bytes(applications=[SignedApplication(municipality.lg_code, "move_out", data)])
    )
    return case_submit(
        municipality=municipality,
        procedure_id="move_out",
        data=data,
        actor=actor_of(members[0]),
        signature=signature,
    ).case


@pytest.fixture
def minakami_reviewer(minakami: Municipality) -> StaffUser:
    """住民記録審査 of みなかみ町, in its 町民課."""
    demo_departments(minakami)
    user = _staff(minakami, "minakami-reviewer", Role.REGISTRY_REVIEW)
    membership_add(user, code="chomin")
    return user


def _text(response: Any) -> str:
    assert response.status_code == 200
    return str(response.content.decode())


def test_minakami_inbox_and_case_page_say_chomin_ka_not_shimin_ka(
    minakami: Municipality, minakami_reviewer: StaffUser, fake_jpki: list[bytes]
) -> None:
    case = _move_out_case(minakami)
    client: Client = signed_in(minakami_reviewer)
    inbox = _text(client.get("/104493/office/", {"department": "residents"}))
    assert "受付一覧（町民課）" in inbox and case.reference_number in inbox
    assert "市民課" not in inbox and "住民記録担当" not in inbox
    page = _text(client.get(f"/104493/office/cases/{case.pk}/"))
    assert "町民課の受付一覧へ戻る" in page and f"{case.reference_number}</span>・町民課" in page
    assert "市民課" not in page and "住民記録担当" not in page


def test_midori_reads_its_shimin_ka_for_the_same_work(midori: Municipality) -> None:
    demo_departments(midori)
    labels = department_labels(municipality=midori)
    assert labels["residents"] == "市民課" and labels["maternal_health"] == "健康づくり課"


def test_a_key_no_department_takes_falls_back_to_the_generic_label(
    minakami: Municipality,
) -> None:
    labels = department_labels(municipality=minakami)
    assert labels["residents"] == "住民記録担当"


def test_inbox_tells_apart_two_keys_of_one_department(minakami: Municipality) -> None:
    demo_departments(minakami)
    user = _staff(minakami, "minakami-officer", Role.DEPARTMENT)
    membership_add(user, code="kosodate")
    inbox = _text(signed_in(user).get("/104493/office/"))
    assert "子育て健康課 子育て支援担当" in inbox and "子育て健康課 母子保健担当" in inbox
