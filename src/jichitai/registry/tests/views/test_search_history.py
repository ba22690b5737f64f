"""住民検索 page: 検索履歴 (doc/j320.txt §2.1.1), the new keys and options (§2.1.2, §2.1.3) and
names with （株）-like symbols refused on the 転入届 (§2.1.2 実装しない機能)."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from jichitai.audit.models import AuditRecord
from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.models import Resident, SearchHistoryEntry
from jichitai.registry.services.search_history import SEARCH_HISTORY_KEPT
from jichitai.registry.tests.views.helpers import field_error as _field_error
from jichitai.registry.tests.views.helpers import move_in_data
from jichitai.registry.tests.views.helpers import text as _text
from jichitai.registry.tests.views.helpers import url as _url
from jichitai.testing.browser import assert_accessible


def _search(client: Client, **data: str) -> str:
    return _text(client.post(_url(""), data))


def test_each_search_is_kept_encrypted_and_listed_newest_first(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    _search(clerk_client, name="やまだ")
    _search(clerk_client, birth="令和5年1月10日", sex="2")
    page = _text(clerk_client.get(_url("")))
    assert "検索履歴" in page
    newest, oldest = (
        page.index("生年月日: 令和5年1月10日"),
        page.index("氏名または振り仮名: やまだ"),
    )
    assert newest < oldest and "性別: 女" in page
    # Names and dates are personal data: never stored in clear.
    for entry in SearchHistoryEntry.objects.all():
        assert "やまだ" not in entry.conditions_cipher and "2023" not in entry.conditions_cipher
    # Showing the history is audited, by count only.
    record = AuditRecord.objects.filter(action="registry.search_history").latest("pk")
    assert record.detail == {"entries": 2}


def test_a_kept_search_runs_again_or_fills_the_form(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    _search(clerk_client, name="しょうた")
    entry = SearchHistoryEntry.objects.get()
    again = _search(clerk_client, history_again=str(entry.pk))
    assert "1件見つかりました" in again and "山田　翔太" in again
    loaded = _search(clerk_client, history_load=str(entry.pk))
    assert 'value="しょうた"' in loaded and "見つかりました" not in loaded
    # The same conditions are kept once, as the newest.
    assert SearchHistoryEntry.objects.count() == 1


def test_only_the_newest_searches_are_kept(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    for number in range(SEARCH_HISTORY_KEPT + 3):
        _search(clerk_client, household_number=str(number + 1))
    assert SearchHistoryEntry.objects.count() == SEARCH_HISTORY_KEPT


def test_another_users_history_is_neither_shown_nor_run(
    clerk_client: Client, supervisor_client: Client, family: dict[str, Resident]
) -> None:
    _search(clerk_client, name="やまだ")
    entry = SearchHistoryEntry.objects.get()
    assert "氏名または振り仮名: やまだ" not in _text(supervisor_client.get(_url("")))
    page = _search(supervisor_client, history_again=str(entry.pk))
    assert "指定された検索履歴は見つかりません" in page and "山田　花子" not in page


def test_search_page_offers_match_atena_number_and_past_options(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    page = _search(clerk_client, name="ダハ", match="partial")
    assert "山田　花子" in page
    page = _search(clerk_client, atena_number=family["美咲"].atena_number)
    assert "山田　美咲" in page and "山田　花子" not in page
    page = _text(clerk_client.get(_url("")))
    assert "部分一致（全件を調べるため時間がかかります）" in page
    assert "過去の氏名・住所も検索する" in page


def test_a_name_with_a_symbol_is_shown_next_to_its_field(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    response = clerk_client.post(_url(""), {"name": "（株）やまだ"})
    assert "記号は使えません" in _field_error(response, "id_name")
    assert "山田　花子" not in _text(response)


def test_move_in_refuses_a_name_with_a_symbol_such_as_kabu(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    response = clerk_client.post(_url("move-in/"), move_in_data(**{"people-0-name": "㈱鈴木"}))
    assert response.status_code == 200
    assert "記号は使えません" in _text(response)
    assert not Resident.objects.filter(name__contains="鈴木").exists()


@pytest.mark.browser
def test_the_search_history_as_a_clerk_uses_it(
    page: Page, clerk: StaffUser, family: dict[str, Resident]
) -> None:
    """Search, see the search kept, run it again from the history; axe-clean at 320 px."""
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto(_url(""))
    page.get_by_label("氏名または振り仮名").fill("やまた")
    page.get_by_role("button", name="検索する").click()
    expect(page.get_by_role("link", name="山田　花子")).to_be_visible()
    page.get_by_role("link", name="条件をクリア").click()
    history = page.get_by_role("region", name="検索履歴", exact=True)
    expect(history).to_contain_text("氏名または振り仮名: やまた")
    history.get_by_role("button", name="再検索").first.click()
    expect(page.get_by_role("link", name="山田　花子")).to_be_visible()
    assert_accessible(page, name="registry-search-history")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page, name="registry-search-history-320")
