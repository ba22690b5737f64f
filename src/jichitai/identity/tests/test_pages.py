"""The 職員管理 pages as a municipality's 管理者 sees them: Chromium, axe-core (WCAG 2.1 AA) and
a screenshot in var/screenshots/ for each page and state."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from jichitai.conftest import PASSWORD, _staff
from jichitai.identity.models import Department, Role, StaffUser
from jichitai.identity.selectors import staff_departments, staff_roles
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible, focused_element

pytestmark = pytest.mark.browser


def _sign_in(page: Page, username: str) -> None:
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("職員ホーム")


def test_admin_creates_a_department_and_a_staff_member_and_changes_roles(
    page: Page, midori: Municipality
) -> None:
    _staff(midori, "midori-admin", Role.ADMIN)
    _staff(midori, "midori-clerk", Role.COUNTER)
    _sign_in(page, "midori-admin")
    page.get_by_role("link", name="職員管理").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("職員管理")
    expect(page.get_by_role("region", name="職員").last).to_contain_text("midori-clerk")
    assert_accessible(page, name="staff-admin-list")

    # 課の作成: an empty form first, then a 課 of 子育て.
    page.get_by_role("link", name="課を作成する").click()
    page.get_by_role("button", name="作成する").click()
    summary = page.get_by_role("alert").filter(has_text="入力内容を確認してください")
    expect(summary).to_contain_text("課名を入力してください。")
    assert focused_element(page)["tag"] == "div"  # the error summary takes focus
    assert_accessible(page, name="staff-admin-department-error")
    page.get_by_label("課コード").fill("kodomo")
    page.get_by_label("課名").fill("こども課")
    page.get_by_label("子育て支援担当").check()
    page.get_by_role("button", name="作成する").click()
    expect(page.get_by_role("status")).to_contain_text("「こども課」を作成しました。")
    assert Department.objects.get(municipality=midori, code="kodomo").catalog_keys == ["child"]

    # 職員の登録: a weak password is refused next to the field, then the account is made.
    page.get_by_role("link", name="職員を登録する").click()
    page.get_by_label("ログインID").fill("midori-tanaka")
    page.get_by_label("表示名").fill("田中　一郎")
    page.get_by_label("初期パスワード").fill("short")
    page.get_by_label("各課担当").check()
    page.get_by_label("こども課").check()
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_role("alert")).to_contain_text("初期パスワード")
    assert_accessible(page, name="staff-admin-create-error")
    page.get_by_label("初期パスワード").fill("a long enough passphrase 2026")
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("職員「田中　一郎」")
    assert_accessible(page, name="staff-admin-staff")
    tanaka = StaffUser.objects.get(username="midori-tanaka")
    assert staff_roles(user=tanaka) == {"department"}
    assert [d.name for d in staff_departments(user=tanaka)] == ["こども課"]

    # One's own 管理者 role stays, with the reason on the form.
    admin = StaffUser.objects.get(username="midori-admin")
    page.goto(f"/102121/staff/admin/staff/{admin.pk}/")
    page.get_by_label("管理者").uncheck()
    page.get_by_role("button", name="役割を変更する").click()
    expect(page.get_by_role("alert")).to_contain_text("ご自身の「管理者」の役割は外せません。")
    assert_accessible(page, name="staff-admin-own-role-error")
    assert staff_roles(user=StaffUser.objects.get(pk=admin.pk)) == {"admin"}


def test_non_admin_sees_no_staff_admin_link_and_gets_403(page: Page, midori: Municipality) -> None:
    _staff(midori, "midori-clerk", Role.COUNTER)
    _sign_in(page, "midori-clerk")
    expect(page.get_by_role("link", name="職員管理")).to_have_count(0)
    response = page.goto("/102121/staff/admin/")
    assert response is not None and response.status == 403
    assert_accessible(page, name="staff-admin-403")


def test_department_staff_in_no_department_see_why_their_inbox_is_empty(
    page: Page, midori: Municipality
) -> None:
    _staff(midori, "midori-unplaced", Role.DEPARTMENT)
    _sign_in(page, "midori-unplaced")
    page.get_by_role("link", name="受付一覧").click()
    expect(page.get_by_text("所属する課が設定されていないため")).to_be_visible()
    assert_accessible(page, name="office-inbox-no-department")
