from __future__ import annotations

import datetime as dt

import pytest
from asn1crypto import core
from cryptography import x509

from jichitai.identity.jpki import policies
from jichitai.identity.jpki.basic_four import (
    BasicFour,
    basic_four_from_certificate,
    jpki_birth_date_text,
)
from jichitai.identity.jpki.errors import BasicFourInvalid
from jichitai.identity.jpki.policies import CertificateKind
from jichitai.identity.jpki.virtual_card import new_card_key
from jichitai.identity.tests.conftest import JpkiWorld


def test_signing_certificate_gives_the_basic_four_with_substitute_positions(
    jpki_world: JpkiWorld,
) -> None:
    four = basic_four_from_certificate(jpki_world.hanako.signing_certificate)
    assert four.name == "髙橋　花子"
    assert four.name_substitute == "10000"
    assert four.name_substitute_positions == (0,)
    assert four.has_substitute_characters
    assert four.sex == "2" and four.sex_label == "女"
    assert four.birth_date == dt.date(1990, 4, 1)
    assert four.address == "群馬県みどり市笠懸町鹿２９５２番地"
    assert four.address_substitute_positions == ()


def test_other_names_are_utf8_strings_in_the_order_cards_show_them(jpki_world: JpkiWorld) -> None:
    names = jpki_world.taro.signing_certificate.extensions.get_extension_for_class(
        x509.SubjectAlternativeName
    ).value.get_values_for_type(x509.OtherName)
    assert [n.type_id.dotted_string[-1] for n in names] == ["1", "4", "3", "5", "2", "6"]
    birth = next(n for n in names if n.type_id == policies.BIRTH_DATE)
    assert isinstance(core.load(birth.value), core.UTF8String)
    assert core.load(birth.value).native == "319581103"  # 昭和 = 3, then the Gregorian date


def test_birth_date_recorded_as_unknown_reads_as_none(jpki_world: JpkiWorld) -> None:
    unknown = BasicFour("氏　名", "000", "3", None, "住所", "00")
    certificate = jpki_world.authority.issue_certificate(
        kind=CertificateKind.SIGNING,
        public_key=new_card_key().public_key(),
        subject_id="unknown-birth",
        basic_four=unknown,
        not_before=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        not_after=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
    )
    four = basic_four_from_certificate(certificate)
    assert four.birth_date is None
    assert four.sex_label == "不明"
    assert jpki_birth_date_text(None) == "000000000"


def test_authentication_certificate_has_no_basic_four(jpki_world: JpkiWorld) -> None:
    with pytest.raises(BasicFourInvalid) as caught:
        basic_four_from_certificate(jpki_world.hanako.authentication_certificate)
    assert caught.value.code == "jpki.basic_four_invalid"


def test_basic_four_never_shows_personal_data_in_its_repr(jpki_world: JpkiWorld) -> None:
    four = jpki_world.hanako.basic_four
    assert "花子" not in repr(four)
    assert "花子" not in repr(jpki_world.hanako.card_info)
