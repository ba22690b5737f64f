"""Writes across municipalities: a valid request that names another municipality's rows.

An empty body is refused by validation before anything is looked up, so it proves nothing
about isolation. Here every write of the staff API gets a body its schema accepts, naming
みどり市's residents, households, changes, certificates or cases, sent by a みなかみ町 staff
member holding every role under みなかみ町's own code: the lookup is reached and must answer
404, and not one of みどり市's rows may change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from jichitai.config.tests.routes import (
    ARGUMENT_MAKERS,
    RESIDENT_API,
    all_routes,
    api_write_operations,
)
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.services import api_token_issue, staff_create
from jichitai.procedures.tests.factories import case_of
from jichitai.registry.tests.factories import change_of, yamada_family
from jichitai.tenants.models import Municipality, TenantOwnedModel

Maker = Callable[[dict[str, Any]], dict[str, Any]]
TODAY = "2026-04-10"
ADDRESS = {"address": "群馬県利根郡みなかみ町後閑318番地", "postal_code": "3790393"}


def _foreign(midori: Municipality) -> dict[str, Any]:
    """みどり市's objects the requests name: 山田花子's family, one of its changes, a case."""
    family = yamada_family(midori)
    head = family["花子"]
    return {
        "head": head,
        "child": family["翔太"],
        "household_id": head.household_id,
        "change_id": change_of(head).pk,
        "case_id": case_of(midori, head).pk,
    }


# route name → (URL arguments besides lg_code, a body the schema accepts).
WRITES: dict[str, tuple[Maker, Maker]] = {
    "api:registry_my_number_reveal": (
        lambda f: {"resident_id": f["head"].pk},
        lambda f: {"purpose": "住民票の写しの交付"},
    ),
    "api:registry_change_entry": (
        dict,
        lambda f: {
            "type": "birth",
            "effective_on": TODAY,
            "people": [
                {
                    "name": "山田　次郎",
                    "name_kana": "ヤマダ　ジロウ",
                    "birth_date": TODAY,
                    "sex": "1",
                    "relationship": "子",
                }
            ],
            "address": ADDRESS,
            "household_id": f["household_id"],
        },
    ),
    "api:registry_change_removal": (
        dict,
        lambda f: {
            "type": "death",
            "effective_on": TODAY,
            "resident_ids": [f["child"].pk],
        },
    ),
    "api:registry_change_move_within": (
        dict,
        lambda f: {
            "effective_on": TODAY,
            "resident_ids": [f["head"].pk, f["child"].pk],
            "address": ADDRESS,
        },
    ),
    "api:registry_change_split": (
        dict,
        lambda f: {
            "effective_on": TODAY,
            "resident_ids": [f["child"].pk],
            "new_head_id": f["child"].pk,
        },
    ),
    "api:registry_change_transfer": (
        dict,
        lambda f: {
            "effective_on": TODAY,
            "resident_ids": [f["child"].pk],
            "household_id": f["household_id"],
            "relationships": {str(f["child"].pk): "子"},
        },
    ),
    "api:registry_change_head": (
        dict,
        lambda f: {
            "effective_on": TODAY,
            "household_id": f["household_id"],
            "new_head_id": f["child"].pk,
        },
    ),
    "api:registry_change_name": (
        lambda f: {"resident_id": f["head"].pk},
        lambda f: {
            "effective_on": TODAY,
            "kind": "name",
            "value": "田中　花子",
            "kana": "タナカ　ハナコ",
        },
    ),
    "api:registry_change_correction": (
        lambda f: {"resident_id": f["head"].pk},
        lambda f: {
            "type": "clerical_correction",
            "updates": {"name_kana": "ヤマダ　ハナ"},
            "reason": "誤記",
        },
    ),
    "api:registry_change_my_number": (
        lambda f: {"resident_id": f["head"].pk},
        lambda f: {"effective_on": TODAY, "my_number": "123456789018"},
    ),
    "api:registry_change_cancel": (
        lambda f: {"change_id": f["change_id"]},
        lambda f: {"reason": "誤った異動"},
    ),
    "api:registry_certificate_issue": (
        dict,
        lambda f: {
            "kind": "juminhyo",
            "resident_ids": [f["head"].pk],
            "requester": "self",
            "identity_check": "my_number_card",
        },
    ),
    "api:registry_move_out_certificate_send": (
        lambda f: {"change_id": f["change_id"]},
        lambda f: {"destination_lg_code": "131016"},
    ),
    "api:registry_move_in_from_certificate": (
        lambda f: {"move_out_certificate_id": _received_elsewhere(f)},
        lambda f: {"effective_on": TODAY, "address": ADDRESS},
    ),
    "api:case_create": (
        dict,
        lambda f: {"procedure_id": "juminhyo_request", "applicant_id": f["head"].pk, "data": {}},
    ),
    "api:case_transition": (
        lambda f: {"case_id": f["case_id"]},
        lambda f: {"action": "claim"},
    ),
}

# Writes that name nothing of another municipality: what they touch is chosen by the URL's
# own lg_code alone, so there is nothing foreign for them to look up.
WRITES_NAMING_NOTHING_FOREIGN = {
    # A search only ever reads the caller's own register (tested below).
    "api:registry_resident_search",
    # 方書の候補 reads only the caller's own 方書 master (registry/tests/test_addresses.py).
    "api:registry_address_buildings",
}


def _received_elsewhere(foreign: dict[str, Any]) -> int:
    """A 転出証明書情報 waiting for its 転入 at みどり市."""
    return int(ARGUMENT_MAKERS["move_out_certificate_id"](foreign["head"].municipality))


def _tenant_rows(municipality: Municipality) -> dict[str, int]:
    """How many rows of every tenant-owned table belong to `municipality`."""
    return {
        model._meta.label: model.objects.filter(municipality=municipality).count()
        for model in apps.get_models()
        if issubclass(model, TenantOwnedModel)
    }


@pytest.fixture
def insider_of_minakami(minakami: Municipality) -> StaffUser:
    """A みなかみ町 staff member with every role, so no role check stops the request early."""
    return staff_create(
        municipality=minakami,
        username="minakami-all-roles",
        password="x",
        display_name="みなかみ町 全権限",
        roles=list(Role),
        actor=None,
        check_password=False,
    )


def _clients(user: StaffUser) -> dict[str, Client]:
    session = Client()
    session.force_login(user)
    token = api_token_issue(user=user, name="probe", valid_days=1, actor=None).plaintext
    return {"session": session, "token": Client(headers={"Authorization": f"Bearer {token}"})}


STAFF_WRITES = [
    (name, method) for name, method in api_write_operations() if not name.startswith(RESIDENT_API)
]


def test_every_staff_api_write_has_a_body_naming_another_municipality() -> None:
    missing = {name for name, _ in STAFF_WRITES} - set(WRITES) - WRITES_NAMING_NOTHING_FOREIGN
    assert not missing, f"add a body naming another municipality's rows for {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_valid_write_naming_another_municipalitys_rows_is_404_and_changes_nothing(
    name: str,
    midori: Municipality,
    minakami: Municipality,
    insider_of_minakami: StaffUser,
) -> None:
    route = {r.name: r for r in all_routes()}[name]
    make_arguments, make_body = WRITES[name]
    foreign = _foreign(midori)
    arguments = {k: str(v) for k, v in make_arguments(foreign).items()}
    url = route.url(values={**arguments, "lg_code": minakami.lg_code})
    body = make_body(foreign)
    before = _tenant_rows(midori)
    for how, client in _clients(insider_of_minakami).items():
        response = client.post(
            url, body, content_type="application/json", headers={"Idempotency-Key": f"k-{how}"}
        )
        assert response.status_code == 404, (
            f"{how}: {name} answered {response.status_code} {response.content[:300]!r}"
        )
        assert response["Content-Type"] == "application/problem+json"
    assert _tenant_rows(midori) == before


def test_a_search_never_finds_another_municipalitys_residents(
    midori: Municipality, minakami: Municipality, insider_of_minakami: StaffUser
) -> None:
    yamada_family(midori)
    for how, client in _clients(insider_of_minakami).items():
        response = client.post(
            f"/api/v1/{minakami.lg_code}/registry/residents/search",
            {"name": "ヤマダ", "include_closed": True},
            content_type="application/json",
        )
        assert response.status_code == 200, how
        assert response.json()["count"] == 0, how
