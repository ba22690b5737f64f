"""職員管理 (issue 9, finding 8): each municipality's 管理者 manages its own staff, roles and 課.

Written as the attacks: an administrator of みどり市 (102121) aiming at みなかみ町's (104493)
staff and 課, a non-administrator opening the pages, an administrator taking their own
管理者 role; then what the pages do for the administrator, with bad input refused in Japanese
and nothing changed.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from jichitai.audit.models import AuditRecord
from jichitai.conftest import _staff, signed_in
from jichitai.identity.errors import DepartmentNotFound, StaffNotFound
from jichitai.identity.models import Department, DepartmentMembership, Role, StaffRole, StaffUser
from jichitai.identity.selectors import staff_roles
from jichitai.identity.services import totp_device_reset
from jichitai.identity.staff_admin import (
    department_update,
    staff_departments_set,
    staff_roles_set,
)
from jichitai.identity.tests.factories import department_with_members
from jichitai.tenants.models import Municipality
from jichitai.testing.client import ClientResponse

ADMIN = "/102121/staff/admin"


@pytest.fixture
def admin(midori: Municipality) -> StaffUser:
    return _staff(midori, "midori-admin", Role.ADMIN)


@pytest.fixture
def admin_client(admin: StaffUser) -> Client:
    return signed_in(admin)


@pytest.fixture
def minakami_officer(minakami: Municipality) -> StaffUser:
    return _staff(minakami, "minakami-officer", Role.DEPARTMENT)


@pytest.fixture
def minakami_department(minakami: Municipality) -> Department:
    return department_with_members(minakami, code="chomin", name="町民課", keys=["residents"])


def _roles_of(user: StaffUser) -> set[str]:
    return set(StaffRole.objects.filter(user=user).values_list("role", flat=True))


def _text(response: ClientResponse) -> str:
    return response.content.decode()


# ---------------------------------------------------------------------------- the attacks


def test_admin_changing_another_municipalitys_staff_roles_gets_404_and_nothing_changes(
    admin_client: Client, admin: StaffUser, minakami_officer: StaffUser, midori: Municipality
) -> None:
    response = admin_client.post(
        f"{ADMIN}/staff/{minakami_officer.pk}/roles/", {"roles-roles": ["admin", "auditor"]}
    )
    assert response.status_code == 404
    assert _roles_of(minakami_officer) == {"department"}
    with pytest.raises(StaffNotFound):
        staff_roles_set(
            municipality=midori, user_id=minakami_officer.pk, roles=["admin"], actor=admin
        )
    assert _roles_of(minakami_officer) == {"department"}


def test_admin_on_another_municipalitys_pages_gets_404_audited(
    admin_client: Client, minakami_officer: StaffUser, minakami: Municipality
) -> None:
    url = f"/104493/staff/admin/staff/{minakami_officer.pk}/roles/"
    response = admin_client.post(url, {"roles-roles": ["admin"]})
    assert response.status_code == 404
    assert _roles_of(minakami_officer) == {"department"}
    assert AuditRecord.objects.filter(
        chain="104493", action="staff_admin.roles_set", result="denied"
    ).exists()


def test_admin_other_municipalitys_staff_pages_and_writes_are_404(
    admin_client: Client, minakami_officer: StaffUser
) -> None:
    base = f"{ADMIN}/staff/{minakami_officer.pk}"
    assert admin_client.get(f"{base}/").status_code == 404
    assert admin_client.post(f"{base}/active/", {"is_active": "0"}).status_code == 404
    assert admin_client.post(f"{base}/departments/", {}).status_code == 404
    assert admin_client.post(f"{base}/totp-reset/").status_code == 404
    assert StaffUser.objects.get(pk=minakami_officer.pk).is_active


def test_admin_cannot_reset_another_municipalitys_second_factor(
    admin: StaffUser, minakami_officer: StaffUser
) -> None:
    TOTPDevice.objects.create(user=minakami_officer, name="認証アプリ", confirmed=True)
    with pytest.raises(StaffNotFound):
        totp_device_reset(user_id=minakami_officer.pk, actor=admin)
    assert TOTPDevice.objects.filter(user=minakami_officer).count() == 1


def test_admin_cannot_place_staff_in_or_rename_another_municipalitys_department(
    admin: StaffUser,
    admin_client: Client,
    midori: Municipality,
    minakami_department: Department,
) -> None:
    member = _staff(midori, "officer", Role.DEPARTMENT)
    with pytest.raises(DepartmentNotFound):
        staff_departments_set(
            municipality=midori,
            user_id=member.pk,
            department_ids=[minakami_department.pk],
            actor=admin,
        )
    assert not DepartmentMembership.objects.filter(user=member).exists()
    with pytest.raises(DepartmentNotFound):
        department_update(
            municipality=midori,
            department_id=minakami_department.pk,
            name="乗っ取り課",
            catalog_keys=["child"],
            actor=admin,
        )
    response = admin_client.post(
        f"{ADMIN}/departments/{minakami_department.pk}/", {"name": "乗っ取り課"}
    )
    assert response.status_code == 404
    assert Department.objects.get(pk=minakami_department.pk).name == "町民課"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/staff/new/",
        "/departments/new/",
    ],
)
def test_non_admin_opening_the_admin_pages_gets_403_audited(
    path: str, clerk_client: Client, midori: Municipality
) -> None:
    response = clerk_client.get(f"{ADMIN}{path}")
    assert response.status_code == 403
    assert "管理者" in _text(response)
    assert AuditRecord.objects.filter(
        chain="102121", result="denied", detail__role_missing=True
    ).exists()


def test_non_admin_posting_a_role_change_gets_403_and_nothing_changes(
    clerk: StaffUser, clerk_client: Client
) -> None:
    response = clerk_client.post(f"{ADMIN}/staff/{clerk.pk}/roles/", {"roles-roles": ["admin"]})
    assert response.status_code == 403
    assert _roles_of(clerk) == {"counter"}


def test_admin_cannot_remove_their_own_admin_role(
    admin: StaffUser, admin_client: Client, midori: Municipality
) -> None:
    response = admin_client.post(f"{ADMIN}/staff/{admin.pk}/roles/", {"roles-roles": ["counter"]})
    assert response.status_code == 200
    assert "ご自身の「管理者」の役割は外せません。" in _text(response)
    assert _roles_of(admin) == {"admin"}
    assert not AuditRecord.objects.filter(action="staff.roles_set").exists()


def test_admin_cannot_deactivate_themselves(admin: StaffUser, admin_client: Client) -> None:
    response = admin_client.post(f"{ADMIN}/staff/{admin.pk}/active/", {"is_active": "0"})
    assert response.status_code == 302
    assert StaffUser.objects.get(pk=admin.pk).is_active
    page = admin_client.get(response["Location"])
    assert "ご自身のアカウントは無効にできません。" in _text(page)


# ---------------------------------------------------------------------------- what works


def test_admin_creates_a_staff_account_with_roles_and_departments(
    admin: StaffUser, admin_client: Client, midori: Municipality
) -> None:
    kodomo = department_with_members(midori, code="kodomo", name="こども課", keys=["child"])
    response = admin_client.post(
        f"{ADMIN}/staff/new/",
        {
            "username": "midori-tanaka",
            "display_name": "田中　花子",
            "password": "a long enough passphrase 2026",
            "roles": ["department"],
            "departments": [str(kodomo.pk)],
        },
    )
    user = StaffUser.objects.get(username="midori-tanaka")
    assert response.status_code == 302 and response["Location"] == f"{ADMIN}/staff/{user.pk}/"
    assert user.municipality_id == "102121" and user.check_password("a long enough passphrase 2026")
    assert _roles_of(user) == {"department"}
    assert list(
        DepartmentMembership.objects.filter(user=user).values_list("department", flat=True)
    ) == [kodomo.pk]
    created = AuditRecord.objects.get(action="staff.create", object_id=str(user.pk))
    assert created.actor_id == str(admin.pk)
    assert "田中" not in str(created.detail)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("username", "田中", "ログインIDは半角の英数字"),
        ("username", "clerk", "そのログインIDは既に使われています。"),
        ("display_name", "田中\u202e花子", "表示名に使えない文字"),
        ("password", "short", "このパスワードは短すぎます"),
    ],
)
def test_creating_a_staff_account_with_bad_input_is_refused_in_japanese(
    field: str, value: str, message: str, admin_client: Client, clerk: StaffUser
) -> None:
    data = {
        "username": "midori-new",
        "display_name": "新しい職員",
        "password": "a long enough passphrase 2026",
        "roles": ["counter"],
    }
    data[field] = value
    before = StaffUser.objects.count()
    response = admin_client.post(f"{ADMIN}/staff/new/", data)
    assert response.status_code == 200
    text = _text(response)
    assert message in text and "入力内容を確認してください" in text
    assert StaffUser.objects.count() == before


def test_admin_changes_roles_and_departments_and_the_member_then_reads_the_cases(
    admin: StaffUser, admin_client: Client, midori: Municipality
) -> None:
    member = _staff(midori, "officer", Role.COUNTER)
    kodomo = department_with_members(midori, code="kodomo", name="こども課", keys=["child"])
    base = f"{ADMIN}/staff/{member.pk}"
    assert admin_client.post(f"{base}/roles/", {"roles-roles": ["department"]}).status_code == 302
    assert _roles_of(member) == {"department"}
    changed = AuditRecord.objects.get(action="staff.roles_set", object_id=str(member.pk))
    assert changed.detail == {"fields": ["roles"], "department": 1, "counter": -1}
    moved = admin_client.post(f"{base}/departments/", {"departments-departments": [kodomo.pk]})
    assert moved.status_code == 302
    from jichitai.identity.selectors import staff_readable_department_keys

    assert staff_readable_department_keys(
        user=StaffUser.objects.get(pk=member.pk), role_keys={"counter": ["residents"]}
    ) == frozenset({"child"})
    assert AuditRecord.objects.filter(action="staff.departments_set").count() == 1


def test_admin_deactivates_and_reactivates_a_member_who_then_cannot_sign_in(
    admin_client: Client, midori: Municipality
) -> None:
    member = _staff(midori, "officer", Role.COUNTER)
    member_client = signed_in(member)
    assert member_client.get("/102121/staff/").status_code == 200
    admin_client.post(f"{ADMIN}/staff/{member.pk}/active/", {"is_active": "0"})
    assert not StaffUser.objects.get(pk=member.pk).is_active
    assert member_client.get("/102121/staff/").status_code == 302
    assert AuditRecord.objects.filter(action="staff.deactivate", object_id=str(member.pk)).exists()
    admin_client.post(f"{ADMIN}/staff/{member.pk}/active/", {"is_active": "1"})
    assert StaffUser.objects.get(pk=member.pk).is_active


def test_admin_resets_a_members_second_factor(
    admin: StaffUser, admin_client: Client, midori: Municipality
) -> None:
    member = _staff(midori, "officer", Role.COUNTER)
    TOTPDevice.objects.create(user=member, name="認証アプリ", confirmed=True)
    response = admin_client.post(f"{ADMIN}/staff/{member.pk}/totp-reset/", follow=True)
    assert "二要素認証をリセットしました" in _text(response)
    assert not TOTPDevice.objects.filter(user=member).exists()
    record = AuditRecord.objects.get(action="staff.totp_reset")
    assert record.object_id == str(member.pk) and record.actor_id == str(admin.pk)
    assert record.detail == {"devices": 1}


def test_admin_creates_and_renames_a_department(admin_client: Client, midori: Municipality) -> None:
    created = admin_client.post(
        f"{ADMIN}/departments/new/",
        {"code": "kodomo", "name": "こども課", "catalog_keys": ["child", "maternal_health"]},
    )
    assert created.status_code == 302
    department = Department.objects.get(municipality=midori, code="kodomo")
    assert department.catalog_keys == ["child", "maternal_health"]
    renamed = admin_client.post(
        f"{ADMIN}/departments/{department.pk}/",
        {"name": "子育て支援課", "catalog_keys": ["child"]},
    )
    assert renamed.status_code == 302
    department.refresh_from_db()
    assert (department.name, department.catalog_keys) == ("子育て支援課", ["child"])
    assert AuditRecord.objects.filter(action__startswith="department.").count() == 2


def test_admin_sets_where_a_department_s_counter_is(
    admin_client: Client, midori: Municipality
) -> None:
    department = department_with_members(midori, code="shimin", name="市民課", keys=["residents"])
    response = admin_client.post(
        f"{ADMIN}/departments/{department.pk}/",
        {
            "name": "市民課",
            "catalog_keys": ["residents"],
            "location": " 本庁舎1階 1番窓口 ",
            "phone": "0277-76-0961",
        },
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert (department.location, department.phone) == ("本庁舎1階 1番窓口", "0277-76-0961")
    record = AuditRecord.objects.get(action="department.update")
    assert record.detail == {"fields": ["location", "phone"], "catalog_keys": 1}
    assert "本庁舎1階 1番窓口" in _text(admin_client.get(f"{ADMIN}/departments/{department.pk}/"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "市民", "name": "市民課"}, "課コードは半角の英小文字"),
        ({"code": "shimin2", "name": "市民課"}, "同じ名前の課が既にあります。"),
        ({"code": "shimin", "name": "別の課"}, "その課コードは既に使われています。"),
        ({"code": "x", "name": "課", "catalog_keys": ["tax"]}, "選べない手続の区分です。"),
        ({"code": "x", "name": ""}, "課名を入力してください。"),
        ({"code": "x", "name": "課", "phone": "0278-25-5000（代）"}, "半角数字とハイフン"),
        ({"code": "x", "name": "課", "location": "本庁舎\u202e1階"}, "制御文字を含まない"),
    ],
)
def test_creating_a_department_with_bad_input_is_refused_in_japanese(
    data: dict[str, object], message: str, admin_client: Client, midori: Municipality
) -> None:
    department_with_members(midori, code="shimin", name="市民課", keys=["residents"])
    response = admin_client.post(f"{ADMIN}/departments/new/", data)
    assert response.status_code == 200
    assert message in _text(response)
    assert Department.objects.filter(municipality=midori).count() == 1


def test_the_staff_home_links_the_admin_pages_for_administrators_only(
    admin_client: Client, clerk_client: Client
) -> None:
    assert f'href="{ADMIN}/"' in _text(admin_client.get("/102121/staff/"))
    assert f'href="{ADMIN}/"' not in _text(clerk_client.get("/102121/staff/"))


def test_the_admin_list_shows_staff_and_departments(
    admin: StaffUser, admin_client: Client, midori: Municipality
) -> None:
    department_with_members(
        midori, code="shimin", name="市民課", keys=["residents"], members=[admin]
    )
    text = _text(admin_client.get(f"{ADMIN}/"))
    assert "midori-admin" in text and "市民課" in text and "住民記録担当" in text
    assert staff_roles(user=admin) == {"admin"}
