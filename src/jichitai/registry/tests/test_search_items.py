"""住民検索 by 続柄, 方書, 消除事由 and by a blank item (doc/j340.txt §2.1.3 基本検索): the
selector, the API and the search page."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from jichitai.common.exceptions import InvalidInput
from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.selectors import ResidentQuery, resident_search
from jichitai.registry.services import resident_correct, residents_remove
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

TODAY = dt.date(2026, 4, 7)
SEARCH = "/api/v1/102121/registry/residents/search"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def family(midori: Municipality) -> dict[str, Resident]:
    """The 山田 family: 花子 lives in グリーンハイツ101, 美咲 died (a 除票)."""
    family = yamada_family(midori)
    resident_correct(
        municipality=midori,
        resident_id=family["花子"].pk,
        change_type=ChangeType.EX_OFFICIO_CORRECTION,
        updates={"address_extra": "グリーンハイツ101"},
        reason="方書の記載漏れ",
        actor=None,
    )
    residents_remove(
        municipality=midori,
        change_type=ChangeType.DEATH,
        resident_ids=[family["美咲"].pk],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    return family


def _names(municipality: Municipality, **query: Any) -> list[str]:
    found = resident_search(municipality=municipality, query=ResidentQuery(**query))
    return sorted(r.name for r in found)


def test_search_by_relationship_address_extra_removal_reason_and_blank(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    assert _names(midori, relationship="子") == ["山田　翔太"]  # 美咲 is a 除票
    assert _names(midori, relationship="子", include_closed=True) == ["山田　美咲", "山田　翔太"]
    assert _names(midori, address_extra="ハイツ") == ["山田　花子"]
    assert _names(midori, address_extra="ハイツ", relationship="子") == []
    # A 消除事由 searches the 除票 without asking for them.
    assert _names(midori, removal_reason=ChangeType.DEATH) == ["山田　美咲"]
    assert _names(midori, removal_reason=ChangeType.MOVE_OUT) == []
    # 空白の検索: everyone living whose 方書 is blank.
    blank = _names(midori, blank="address_extra")
    assert "山田　花子" not in blank and "山田　翔太" in blank and "山田　美咲" not in blank
    for wrong in ({"removal_reason": "nope"}, {"blank": "name"}):
        with pytest.raises(InvalidInput):
            _names(midori, **wrong)


def test_api_searches_by_the_items_and_answers_422_for_a_bad_one(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    def post(body: dict[str, Any]) -> Any:
        return clerk_client.post(SEARCH, json.dumps(body), content_type="application/json")

    found = post({"removal_reason": "death"}).json()
    assert [r["name"] for r in found["items"]] == ["山田　美咲"]
    found = post({"address_extra": "ハイツ"}).json()
    assert [r["name"] for r in found["items"]] == ["山田　花子"]
    bad = post({"blank": "name"})
    assert bad.status_code == 422 and bad.json()["code"] == "registry.search_key_invalid"
    assert [e["field"] for e in bad.json()["errors"]] == ["/blank"]
    assert post({"relationship": "子" * 500}).status_code == 422


def test_the_search_page_finds_by_relationship_and_blank_items(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    page = clerk_client.post(
        "/102121/registry/", {"relationship": "世帯主", "blank": "alias"}
    ).content.decode()
    assert "山田　花子" in page and "山田　翔太" not in page
    page = clerk_client.post("/102121/registry/", {"removal_reason": "death"}).content.decode()
    assert "山田　美咲" in page and "山田　花子" not in page
    assert "消除事由: 死亡" in page  # the 検索履歴 names the choice, not its code


@pytest.mark.browser
def test_a_clerk_searches_the_dead_on_the_search_page(
    page: Page, clerk: StaffUser, family: dict[str, Resident]
) -> None:
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto("/102121/registry/")
    page.get_by_label("消除事由").select_option("death")
    page.get_by_role("button", name="検索する").click()
    expect(page.get_by_text("山田　美咲")).to_be_visible()
    assert_accessible(page, name="registry-search-removal-reason")
