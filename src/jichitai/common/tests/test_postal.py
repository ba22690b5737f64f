# Full-width and look-alike characters are the input under test here.
from __future__ import annotations

import socket

import pytest

from jichitai.common.exceptions import InvalidInput, NotFound
from jichitai.common.postal import (
    PostalAddress,
    format_postal_code,
    normalize_postal_code,
    postal_code_candidates,
    postal_code_for_address,
    postal_code_lookup,
)


@pytest.mark.parametrize(
    "text",
    [
        "1000001",
        "100-0001",
        "１００−０００１",
        "１００－０００１",
        "〒100-0001",
        "〒 100ー0001",
        " 100 0001 ",
    ],
)
def test_normalize_postal_code_accepts_common_spellings(text: str) -> None:
    assert normalize_postal_code(text) == "1000001"


@pytest.mark.parametrize(
    "text", ["", "100-000", "10000011", "1000-001", "100--0001", "abc-defg", "١٠٠٠٠٠١", "100_0001"]
)
def test_normalize_postal_code_rejects_malformed_codes(text: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        normalize_postal_code(text)

    assert excinfo.value.code == "postal_code.format"
    assert excinfo.value.detail == "郵便番号は7桁の数字で入力してください（例：100-0001）。"


def test_format_postal_code_inserts_the_hyphen() -> None:
    assert format_postal_code("1000001") == "100-0001"
    assert format_postal_code("〒１０００００１") == "100-0001"


def test_lookup_returns_tokyo_chiyoda() -> None:
    assert postal_code_lookup("100-0001") == PostalAddress(
        postal_code="1000001",
        lg_code="131016",
        prefecture="東京都",
        city="千代田区",
        town="千代田",
        prefecture_kana="トウキョウト",
        city_kana="チヨダク",
        town_kana="チヨダ",
    )


def test_lookup_returns_midori_omama() -> None:
    address = postal_code_lookup("376-0101")

    assert address.address == "群馬県みどり市大間々町大間々"
    assert (address.lg_code, address.town_kana) == ("102121", "オオママチョウオオママ")


def test_lookup_returns_minakami_tsukiyono() -> None:
    address = postal_code_lookup("３７９－１３１３")

    assert (address.prefecture, address.city, address.town) == (
        "群馬県",
        "利根郡みなかみ町",
        "月夜野",
    )
    assert (address.lg_code, address.city_kana, address.town_kana) == (
        "104493",
        "トネグンミナカミマチ",
        "ツキヨノ",
    )


def test_lookup_of_a_city_wide_code_has_no_town() -> None:
    address = postal_code_lookup("100-0000")

    assert (address.address, address.town) == ("東京都千代田区", "")


def test_candidates_list_every_town_of_a_shared_code() -> None:
    candidates = postal_code_candidates("452-0961")

    assert len(candidates) == 66
    assert {(c.prefecture, c.city, c.lg_code) for c in candidates} == {
        ("愛知県", "清須市", "232335")
    }
    assert {"春日明河原", "春日夢の森"} <= {c.town for c in candidates}
    assert candidates[0] == postal_code_lookup("452-0961")


def test_lookup_resolves_an_office_code() -> None:
    address = postal_code_lookup("100-8926")

    assert address.office_name == "総務省"
    assert address.address == "東京都千代田区霞が関"


def test_lookup_of_an_unassigned_code_is_not_found() -> None:
    with pytest.raises(NotFound) as excinfo:
        postal_code_lookup("999-9999")

    assert excinfo.value.code == "postal_code.unknown"
    assert excinfo.value.detail == "この郵便番号は見つかりませんでした。番号をご確認ください。"


def test_lookup_of_a_malformed_code_is_invalid_input() -> None:
    with pytest.raises(InvalidInput) as excinfo:
        postal_code_lookup("100-00")

    assert excinfo.value.code == "postal_code.format"


def test_lookup_needs_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("postal lookups must not open network connections")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)

    assert postal_code_lookup("100-0001").city == "千代田区"


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("群馬県利根郡みなかみ町後閑318番地", "3791305"),
        ("群馬県みどり市大間々町大間々1511番地", "3760101"),
        ("群馬県　みどり市　笠懸町阿左美１番地", "3792311"),  # spaces and full-width digits
        ("東京都千代田区千代田1番1号", "1000001"),
        # A 町域 Japan Post does not list takes the city's 「以下に掲載がない場合」 code.
        ("群馬県みどり市どこにもない町1番地", "3760100"),
    ],
)
def test_postal_code_for_address_finds_the_longest_town(address: str, code: str) -> None:
    assert postal_code_for_address(address) == code


@pytest.mark.parametrize("address", ["", "ロンドン", "みどり市大間々町大間々1511番地"])
def test_postal_code_for_address_is_empty_without_a_prefecture(address: str) -> None:
    assert postal_code_for_address(address) == ""
