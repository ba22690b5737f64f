"""文字コード照会 (doc/j370.txt §2.2.3): a record's names, or characters typed, enlarged with
their code points and JIS X 0213 positions; reading a record's names is audited."""

from __future__ import annotations

from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.registry.models import Resident
from jichitai.registry.tests.views.helpers import text as _text
from jichitai.registry.tests.views.helpers import url as _url


def test_the_resident_page_leads_to_the_characters_of_the_name_enlarged_with_codes(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    resident_page = _text(clerk_client.get(_url(f"residents/{hanako.pk}/")))
    assert f"residents/{hanako.pk}/characters/" in resident_page
    page = _text(clerk_client.get(_url(f"residents/{hanako.pk}/characters/")))
    assert '<span class="jt-registry-char__glyph" lang="ja">山</span>' in page
    assert "U+5C71" in page and "JIS X 0213 1面27区19点" in page  # 山
    assert "U+82B1" in page  # 花
    assert "筆頭者" in page and "U+592A" in page  # 山田　太郎 as 筆頭者
    assert AuditRecord.objects.filter(
        action="registry.characters_view", object_id=str(hanako.pk)
    ).exists()


def test_characters_typed_are_shown_with_their_variation_selector_and_not_kept_in_the_url(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    response = clerk_client.post(_url("characters/"), {"text": "辻\U000e0100髙"})
    page = _text(response)
    assert "U+8FBB U+E0100" in page and "異体字" in page
    assert "U+9AD9" in page and "JIS X 0213 外" in page
    assert clerk_client.get(_url("characters/")).status_code == 200


def test_an_empty_query_is_refused_next_to_the_field(clerk_client: Client) -> None:
    page = _text(clerk_client.post(_url("characters/"), {"text": ""}))
    assert "照会する文字を入力してください" in page
