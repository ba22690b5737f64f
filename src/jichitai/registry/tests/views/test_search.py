"""住民検索 (registry/views/search.py): what a clerk finds, in 和暦, and what the search audits."""

from __future__ import annotations

import re

from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.registry.models import Resident
from jichitai.registry.tests.views.helpers import dates as _dates
from jichitai.registry.tests.views.helpers import field_error as _field_error
from jichitai.registry.tests.views.helpers import text as _text
from jichitai.registry.tests.views.helpers import url as _url


def test_search_page_shows_a_hint_and_queries_nothing(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    response = clerk_client.get(_url(""))
    assert response.status_code == 200
    page = _text(response)
    assert "いずれかを入力して検索してください" in page
    assert "山田" not in page
    assert not AuditRecord.objects.filter(action="registry.search").exists()


def test_search_is_sent_by_post_and_lists_residents_in_wareki(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    page = _text(clerk_client.get(_url("")))
    assert re.search(r'<form method="post"[^>]*role="search"', page)

    response = clerk_client.post(_url(""), {"name": "やまだ"})
    page = _text(response)
    assert response.status_code == 200
    assert page.count('href="/102121/registry/residents/') == 3
    assert "平成2年6月15日" in page  # 山田花子, 1990-06-15
    assert "ヤマダ　ハナコ" in page and "住民" in page
    record = AuditRecord.objects.get(action="registry.search")
    assert record.detail == {"residents": 3} and "山田" not in str(record.detail)


def test_search_by_wareki_birth_date_and_my_number(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    page = _text(clerk_client.post(_url(""), {"birth": "H2.6.15"}))
    assert "山田　花子" in page and "山田　翔太" not in page
    page = _text(clerk_client.post(_url(""), {"my_number": "123456789018"}))
    assert "山田　花子" in page and "山田　美咲" not in page


def test_an_empty_search_shows_the_hint_and_runs_no_query(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    page = _text(clerk_client.post(_url(""), {"name": "  "}))
    assert "検索条件が入力されていません" in page
    assert "山田" not in page
    assert not AuditRecord.objects.filter(action="registry.search").exists()


def test_search_errors_are_shown_next_to_the_field(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    response = clerk_client.post(_url(""), {"resident_code": "123"})
    assert "住民票コードは半角数字11桁" in _field_error(response, "id_resident_code")
    response = clerk_client.post(_url(""), {"birth": "令和99年13月1日"})
    assert "存在しない日付" in _field_error(response, "id_birth")


def test_closed_records_are_found_only_when_asked(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    clerk_client.post(
        _url(f"households/{family['花子'].household_id}/death/"),
        {"members": [family["美咲"].pk], **_dates()},
    )
    assert "山田　美咲" not in _text(clerk_client.post(_url(""), {"name": "ミサキ"}))
    page = _text(clerk_client.post(_url(""), {"name": "ミサキ", "include_closed": "on"}))
    assert "山田　美咲" in page and "除票" in page
