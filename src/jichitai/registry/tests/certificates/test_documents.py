"""What a certificate says (registry/certificates/documents.py): the items of 住民票の写し,
除票の写し and 記載事項証明書 as printed, in 和暦, optional items only when asked for."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone
from pytest_django import Settings

from jichitai.common.wareki import to_wareki
from jichitai.identity.models import StaffUser
from jichitai.registry.models import CertificateKind, Resident
from jichitai.registry.tests.certificates.helpers import MY_NUMBER
from jichitai.registry.tests.certificates.helpers import flat as _flat
from jichitai.registry.tests.certificates.helpers import issue as _issue
from jichitai.registry.tests.certificates.helpers import move_out as _move_out
from jichitai.registry.tests.certificates.helpers import pdf_text as _text
from jichitai.tenants.models import Municipality


def test_juminhyo_of_the_whole_household_prints_its_items_in_wareki(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    issued = _issue(midori, household, clerk, include_household_head_and_relationship=True)
    text = _text(issued.pdf, tmp_path)
    for expected in (
        "住民票",
        "世帯全員",
        "鈴木　一郎",
        "鈴木　花子",
        "鈴木　翔太",
        "昭和55年5月3日",
        "昭和58年11月20日",
        "平成27年2月14日",
        "令和3年4月1日",
        "令和3年4月5日",
        "東京都千代田区千代田1番1号",
        "群馬県みどり市笠懸町阿左美1234番地",
        "グリーンハイツ101号",
        "世帯主",
        "妻",
        "以下余白",
        "1 / 1",
        f"発行番号 {issued.certificate.issue_number}",
    ):
        assert _flat(expected) in text, expected
    # 認証文, 和暦 issue date and the certifier prefixed with the 都道府県名 (§5.6).
    assert "この写しは、世帯全員の住民票の原本と相違ないことを証明する。" in text
    assert _flat("群馬県みどり市長　山田　一郎") in text
    assert to_wareki(timezone.localdate()).format() in text
    # Optional items stay off unless asked for.
    assert "個人番号" not in text and "本籍" not in text and "住民票コード" not in text
    assert MY_NUMBER not in text


def test_part_of_a_household_says_so(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    issued = _issue(midori, household[:2], clerk)
    text = _text(issued.pdf, tmp_path)
    assert "世帯の一部" in text
    assert "この写しは、世帯の一部の住民票の原本と相違ないことを証明する。" in text
    assert "鈴木翔太" not in text
    assert issued.certificate.whole_household is False


def test_optional_items_are_printed_when_asked_for(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    issued = _issue(
        midori,
        household,
        clerk,
        include_domicile=True,
        include_resident_code=True,
        include_name_kana=True,
    )
    text = _text(issued.pdf, tmp_path)
    assert "群馬県みどり市大間々町大間々1番地" in text and "筆頭者" in text
    assert household[0].resident_code in text
    assert _flat("（スズキ　イチロウ）") in text


def test_the_certificate_prints_the_absolute_verification_url(
    midori: Municipality,
    household: list[Resident],
    clerk: StaffUser,
    tmp_path: Path,
    settings: Settings,
) -> None:
    settings.JICHITAI_BASE_URL = "https://juki.example.lg.jp/"
    issued = _issue(midori, household, clerk)
    text = _text(issued.pdf, tmp_path)
    assert f"https://juki.example.lg.jp/{midori.lg_code}/certificates/verify/" in text
    assert f"（/{midori.lg_code}/certificates/verify/）" not in text


def test_my_number_is_printed_in_full_for_registry_review(
    midori: Municipality, household: list[Resident], supervisor: StaffUser, tmp_path: Path
) -> None:
    issued = _issue(midori, household, supervisor, include_my_number=True)
    assert "123456789018" in _text(issued.pdf, tmp_path)
    assert issued.certificate.with_my_number is True


def test_closed_record_shows_the_reason_the_date_and_where_they_went(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    child = household[2]
    _move_out(midori, [child])
    issued = _issue(
        midori,
        [child],
        clerk,
        kind=CertificateKind.CLOSED_RECORD,
        include_household_head_and_relationship=True,
    )
    text = _text(issued.pdf, tmp_path)
    for expected in (
        "住民票の除票",
        "鈴木　翔太",
        "転出",
        "転出予定年月日",
        "令和7年3月31日",
        "東京都港区芝公園4丁目2番8号",
        "令和7年3月20日",
        "この写しは、住民票の除票の原本と相違ないことを証明する。",
    ):
        assert _flat(expected) in text, expected
    # The 世帯主 as it stood when the record was closed.
    assert "鈴木一郎" in text


def test_entry_certificate_certifies_the_items(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    issued = _issue(midori, household[:1], clerk, kind=CertificateKind.ENTRY_CERTIFICATE)
    text = _text(issued.pdf, tmp_path)
    assert "住民票記載事項証明書" in text
    assert "上記の事項は住民票に記載されていることを証明する。" in text
    assert "群馬県みどり市笠懸町阿左美1234番地" in text
