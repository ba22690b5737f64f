"""キーボードのみの画面操作 (doc/j400.txt §2.3.2): 「キーボードのみでも画面操作が可能であること」.
A clerk records a 転居届 from the household page with Tab, Space, typing and Enter only: no
click, and each step checks where the focus is, as a person at the counter would."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.models import Change, ChangeType, Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser

MAX_TABS = 150  # more than any registry page has focusable elements before its form ends
FOCUSED = """() => {
  const el = document.activeElement;
  return {
    tag: el.tagName.toLowerCase(),
    name: el.getAttribute("name") || "",
    value: el.getAttribute("value") || "",
    text: (el.textContent || "").trim(),
  };
}"""


def _tab_to(page: Page, *, name: str = "", value: str = "", text: str = "") -> None:
    """Press Tab until the focused element has this name (and value) or link text."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if text and focused["tag"] == "a" and focused["text"] == text:
            return
        if name and focused["name"] == name and (not value or focused["value"] == value):
            return
    raise AssertionError(f"Tab never reached {name or text}")


def test_a_move_within_is_recorded_with_the_keyboard_alone(
    page: Page, clerk: StaffUser, midori: Municipality
) -> None:
    family: dict[str, Resident] = yamada_family(midori)
    page.goto("/102121/staff/login/")
    page.keyboard.press("Tab")
    _tab_to(page, name="username")
    page.keyboard.type("clerk")
    _tab_to(page, name="password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("職員ホーム")

    page.goto(f"/102121/registry/households/{family['花子'].household_id}/")
    _tab_to(page, text="転居届")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("転居届")
    for member in family.values():
        _tab_to(page, name="members", value=str(member.pk))
        page.keyboard.press("Space")
        expect(page.locator(f"input[name=members][value='{member.pk}']")).to_be_checked()
    _tab_to(page, name="effective_on")
    page.keyboard.type(timezone.localdate().isoformat())
    _tab_to(page, name="address")
    page.keyboard.type("群馬県みどり市笠懸町鹿2952番地")
    assert_accessible(page, name="registry-move-within-keyboard")
    page.keyboard.press("Enter")  # Enter in a text box submits the form (members_form.html)

    expect(page.get_by_role("status")).to_contain_text("「転居」を記録しました")
    change = Change.objects.get(change_type=ChangeType.MOVE_WITHIN)
    assert change.history_rows.count() == 3
    assert Resident.objects.get(pk=family["花子"].pk).address == "群馬県みどり市笠懸町鹿2952番地"
