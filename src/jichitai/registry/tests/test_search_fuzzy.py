"""住民検索 to doc/j330.txt §2.1.2 (あいまい検索, 完全一致・部分一致, 名 alone, symbols refused)
and doc/j340.txt §2.1.3 (宛名番号, 旧氏, past 氏名 and 住所): the selector, the services and
the API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.common.exceptions import InvalidInput
from jichitai.registry.models import ChangeType, Resident, ResidentSearchKey
from jichitai.registry.selectors import ResidentQuery, resident_search
from jichitai.registry.services import (
    Address,
    resident_former_surname_change,
    resident_name_change,
    residents_move_within,
    residents_register,
)
from jichitai.registry.services.recording import search_keys_fill
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person, yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.client import ClientResponse

TODAY = dt.date(2026, 4, 7)
SEARCH = "/api/v1/102121/registry/residents/search"
NEW_ADDRESS = Address(
    address="群馬県みどり市笠懸町阿左美100番地", address_extra="", postal_code="3792311"
)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _register(municipality: Municipality, name: str, kana: str, **extra: Any) -> Resident:
    residents_register(
        municipality=municipality,
        change_type=ChangeType.MOVE_IN,
        people=[person(name, kana, dt.date(1980, 1, 1), "2", "世帯主", **extra)],
        address=MIDORI_ADDRESS,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    return Resident.objects.get(name=name)


@pytest.fixture
def people(midori: Municipality) -> dict[str, Resident]:
    """The 山田 family, and people whose readings differ only in what §2.1.2 ignores."""
    family = yamada_family(midori)
    return {
        **family,
        "佐藤": _register(midori, "佐藤　陽子", "サトウ　ヨウコ"),
        "後藤": _register(midori, "後藤　ゆう", "ゴトー　ユー"),
        "ヴァレリー": _register(midori, "ヴァレリー　ハッチ", "ヴァレリー　ハッチ"),
        "千々岩": _register(midori, "千々岩　静", "チヂイワ　シズカ"),
    }


def _names(municipality: Municipality, **query: Any) -> list[str]:
    found = resident_search(municipality=municipality, query=ResidentQuery(**query))
    return sorted(r.name for r in found)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("さとお", "佐藤　陽子"),  # ウ after オ段 is read as オ
        ("サトー", "佐藤　陽子"),  # ー ignored: サト is how サトオ begins
        ("ことゆ", "後藤　ゆう"),  # ゴ and コ alike, the ー of ゴトー ユー ignored
        ("ばれりー", "ヴァレリー　ハッチ"),  # ヴァ and バ alike, ー ignored
        ("ヴアレリ", "ヴァレリー　ハッチ"),  # small and full-size kana alike
        ("ちじいわ", "千々岩　静"),  # ヂ and ジ alike
        ("ﾔﾏﾀﾞ ﾊﾅｺ", "山田　花子"),  # width, voiced marks and the space
        ("やまた　はなこ", "山田　花子"),  # 清音 and 濁音 alike
        ("ハナコ", "山田　花子"),  # 名 alone
        ("よおこ", "佐藤　陽子"),  # 名 alone, ウ after オ段
    ],
)
def test_reading_search_is_fuzzy_as_the_standard_lists(
    midori: Municipality, people: dict[str, Resident], typed: str, expected: str
) -> None:
    assert expected in _names(midori, name=typed)


def test_fuzzy_reading_does_not_merge_different_names(
    midori: Municipality, people: dict[str, Resident]
) -> None:
    assert _names(midori, name="ヤマナ") == []
    assert _names(midori, name="サイトウ") == []
    # 長音 is ignored, not read as a vowel: ゴトー (ゴト) and ゴトウ (ゴトオ) stay apart.
    assert "後藤　ゆう" not in _names(midori, name="ゴトウ")


def test_exact_and_partial_matches(midori: Municipality, people: dict[str, Resident]) -> None:
    # Prefix (default): the beginning of 氏名, of 名 or of 通称.
    assert _names(midori, name="やま") == ["山田　美咲", "山田　翔太", "山田　花子"]
    # Exact: the whole 氏名 (or the whole 名) only.
    assert _names(midori, name="やま", match="exact") == []
    assert _names(midori, name="ヤマダ　ハナコ", match="exact") == ["山田　花子"]
    assert _names(midori, name="みさき", match="exact") == ["山田　美咲"]
    # Partial: anywhere inside the name, in writing or reading.
    assert _names(midori, name="マダハ", match="partial") == ["山田　花子"]
    assert _names(midori, name="田　翔", match="partial") == ["山田　翔太"]
    assert _names(midori, name="レリ", match="partial") == ["ヴァレリー　ハッチ"]
    assert _names(midori, name="マダハ") == []


def test_search_by_atena_number(midori: Municipality, people: dict[str, Resident]) -> None:
    hanako = people["花子"]
    assert _names(midori, atena_number=hanako.atena_number) == ["山田　花子"]
    # Full-width digits as an IME types them.
    wide = hanako.atena_number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert _names(midori, atena_number=wide) == ["山田　花子"]
    assert _names(midori, atena_number=hanako.atena_number, name="しょうた") == []


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ({"name": "（株）山田"}, "registry.name_symbol", "/name"),
        ({"name": "㈱やまだ"}, "registry.name_symbol", "/name"),
        ({"name": "やまだ", "match": "fuzzy"}, "registry.search_match_unknown", "/match"),
        ({"atena_number": "12-34"}, "registry.atena_number_format", "/atena_number"),
    ],
)
def test_bad_search_input_is_refused_with_a_field_pointer(
    midori: Municipality, query: dict[str, Any], code: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        resident_search(municipality=midori, query=ResidentQuery(**query))
    assert caught.value.code == code
    assert [e.field for e in caught.value.errors] == [field]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"name": "（株）山田"}, "/name"),
        ({"name": "山田(有)　花子"}, "/name"),
        ({"alias": "㈱ヤマダ"}, "/alias"),
        ({"former_surname": "【鈴木】"}, "/former_surname"),
    ],
)
def test_names_with_symbols_such_as_kabu_are_refused(
    midori: Municipality, extra: dict[str, str], field: str
) -> None:
    values = {"name": "山田　花子", **extra}
    name = values.pop("name")
    with pytest.raises(InvalidInput) as caught:
        _register(midori, name, "ヤマダ　ハナコ", **values)
    assert caught.value.code == "registry.name_symbol"
    assert [e.field for e in caught.value.errors] == [field]
    assert not Resident.objects.exists()


def test_former_surname_is_always_searched(
    midori: Municipality, people: dict[str, Resident]
) -> None:
    resident_former_surname_change(
        municipality=midori,
        resident_id=people["花子"].pk,
        former_surname="鈴木",
        former_surname_kana="スズキ",
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    assert _names(midori, name="すずき") == ["山田　花子"]
    assert _names(midori, name="鈴木") == ["山田　花子"]


def test_past_names_and_addresses_are_found_when_asked(
    midori: Municipality, people: dict[str, Resident]
) -> None:
    sato = people["佐藤"]
    resident_name_change(
        municipality=midori,
        resident_id=sato.pk,
        name="高橋　陽子",
        name_kana="タカハシ　ヨウコ",
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    residents_move_within(
        municipality=midori,
        resident_ids=[sato.pk],
        address=NEW_ADDRESS,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    assert _names(midori, name="さとう") == []
    assert _names(midori, name="さとう", include_past=True) == ["高橋　陽子"]
    assert _names(midori, name="佐藤", include_past=True) == ["高橋　陽子"]
    assert _names(midori, name="たかはし") == ["高橋　陽子"]
    # The address before the move: found only with the past, together with those living there.
    assert "高橋　陽子" not in _names(midori, address="大間々町大間々1511")
    assert "高橋　陽子" in _names(midori, address="大間々町大間々1511", include_past=True)
    assert _names(midori, address="阿左美100") == ["高橋　陽子"]
    # Combined with other keys, every key still has to match.
    assert _names(midori, name="さとう", include_past=True, birth="1980-01-02") == []


def test_search_keys_fill_rebuilds_the_past_keys_from_the_history(
    midori: Municipality, people: dict[str, Resident]
) -> None:
    """What an import (bulk history, no history_write) and the migration rely on."""
    ResidentSearchKey.objects.all().delete()
    assert _names(midori, name="ヴァレリー", include_past=True, match="exact") == []
    assert search_keys_fill(municipality=midori) > 0
    assert _names(midori, name="ばれりー　はっち", include_past=True, match="exact") == [
        "ヴァレリー　ハッチ"
    ]


def _post(client: Client, body: dict[str, Any]) -> ClientResponse:
    return client.post(SEARCH, json.dumps(body), content_type="application/json")


def test_api_searches_fuzzily_by_match_atena_number_and_the_past(
    clerk_client: Client, people: dict[str, Resident]
) -> None:
    def names(body: dict[str, Any]) -> list[str]:
        response = _post(clerk_client, body)
        assert response.status_code == 200, response.content
        return sorted(item["name"] for item in response.json()["items"])

    assert names({"name": "チジイワ"}) == ["千々岩　静"]
    assert names({"name": "ダハ", "match": "partial"}) == ["山田　花子"]
    assert names({"name": "ハナコ", "match": "exact"}) == ["山田　花子"]
    assert names({"atena_number": people["翔太"].atena_number}) == ["山田　翔太"]
    assert names({"address": "1511番地", "include_past": True}) != []


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"name": "（有）ヤマダ"}, "registry.name_symbol", "/name"),
        ({"name": "ヤマダ", "match": "any"}, "registry.search_match_unknown", "/match"),
        ({"match": "x" * 11}, "validation.failed", "/body/body/match"),
        ({"atena_number": "ABC"}, "registry.atena_number_format", "/atena_number"),
        ({"atena_number": "1" * 17}, "validation.failed", "/body/body/atena_number"),
    ],
)
def test_api_answers_422_with_the_field_for_bad_search_input(
    clerk_client: Client, people: dict[str, Resident], body: dict[str, str], code: str, field: str
) -> None:
    response = _post(clerk_client, body)
    problem = response.json()
    assert response.status_code == 422 and problem["code"] == code
    assert [e["field"] for e in problem["errors"]] == [field]
