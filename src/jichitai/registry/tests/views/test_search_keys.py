"""住民検索 page (registry/views/search.py) with 世帯番号, 性別 and 在留カード等の番号 (§2.1.3)."""

from __future__ import annotations

from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.registry.models import Resident
from jichitai.registry.tests.views.helpers import field_error as _field_error
from jichitai.registry.tests.views.helpers import text as _text
from jichitai.registry.tests.views.helpers import url as _url


def test_search_page_offers_household_number_sex_and_residence_card(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    page = _text(clerk_client.get(_url("")))
    assert 'for="id_household_number">世帯番号' in page
    assert '<select name="sex"' in page and "指定しない" in page
    assert 'for="id_residence_card_number">在留カード等の番号' in page


def test_search_page_finds_by_household_number_and_sex(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    number = family["花子"].household.household_number
    page = _text(clerk_client.post(_url(""), {"household_number": number, "sex": "2"}))
    assert "山田　花子" in page and "山田　美咲" in page and "山田　翔太" not in page
    # The search terms stay out of the audit trail.
    record = AuditRecord.objects.get(action="registry.search")
    assert record.detail == {"residents": 2} and number not in str(record.detail)


def test_a_malformed_household_number_is_shown_next_to_its_field(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    response = clerk_client.post(_url(""), {"household_number": "12-3"})
    assert response.status_code == 200
    assert "世帯番号は半角数字で入力してください" in _field_error(response, "id_household_number")
    assert "山田" not in _text(response)
