"""本人確認: do a card's 基本4情報 describe this resident of the register?

The 署名用電子証明書 carries the register's own values (J-LIS copies them from 住基ネット), so
only the way they are written may differ: character width and spaces. Characters the card had
to replace by 代替文字 (flagged in the 使用位置情報) cannot be compared and are skipped; every
other character must be equal, and the lengths too.

Used when a card is bound to a resident (portal) and when an application is signed: the
signer must be the applicant (procedures), at submission against the record as it stands, and
on re-verification against any version of the record (the applicant may have moved or married
since signing, which does not make the signature someone else's).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jichitai.common.kana import normalize_width
from jichitai.identity.jpki.services import BasicFour
from jichitai.registry.models import Resident, ResidentHistory


def _masked(text: str, flags: str) -> list[tuple[str, bool]]:
    """(character, is 代替文字) without spaces, width-normalised."""
    marks = flags.ljust(len(text), "0")
    return [
        (normalize_width(char), mark == "1")
        for char, mark in zip(text, marks, strict=False)
        if not char.isspace()
    ]


def _plain(text: str) -> str:
    return "".join(normalize_width(text).split())


def _same(card_text: str, card_flags: str, register_text: str) -> bool:
    card = _masked(card_text, card_flags)
    register = _plain(register_text)
    return len(card) == len(register) and all(
        substitute or char == expected
        for (char, substitute), expected in zip(card, register, strict=True)
    )


@dataclass(frozen=True, repr=False)
class _Recorded:
    """The four items of one version of a record (the current one or a history snapshot)."""

    name: str
    birth_date: dt.date | None
    sex: str
    address: str
    address_extra: str

    @classmethod
    def of(cls, resident: Resident) -> _Recorded:
        return cls(
            resident.name,
            resident.birth_date,
            resident.sex,
            resident.address,
            resident.address_extra,
        )

    @classmethod
    def of_snapshot(cls, snapshot: Mapping[str, Any]) -> _Recorded:
        birth = snapshot.get("birth_date")
        return cls(
            str(snapshot.get("name", "")),
            dt.date.fromisoformat(birth) if birth else None,
            str(snapshot.get("sex", "")),
            str(snapshot.get("address", "")),
            str(snapshot.get("address_extra", "")),
        )


def _person_same(basic_four: BasicFour, recorded: _Recorded) -> bool:
    """氏名 (代替文字 skipped), 生年月日 and 性別: who the person is, wherever they live."""
    return (
        basic_four.birth_date == recorded.birth_date
        and basic_four.sex == recorded.sex
        and _same(basic_four.name, basic_four.name_substitute, recorded.name)
    )


def _address_same(basic_four: BasicFour, address: str, address_extra: str = "") -> bool:
    """住所, with or without the 方書."""
    card, flags = basic_four.address, basic_four.address_substitute
    return _same(card, flags, f"{address}{address_extra}") or _same(card, flags, address)


def basic_four_matches(basic_four: BasicFour, resident: Resident) -> bool:
    """All four must agree: 氏名, 生年月日, 性別 and 住所 (with or without the 方書)."""
    recorded = _Recorded.of(resident)
    return _person_same(basic_four, recorded) and _address_same(
        basic_four, recorded.address, recorded.address_extra
    )


class SignerMatch(enum.Enum):
    """What the 署名用電子証明書 says about who signed, compared with the applicant's record."""

    APPLICANT = "applicant"
    # The applicant, with a card still showing an address they have since left: 券面 and
    # 署名用電子証明書 are updated only at a 市区町村窓口 (住民基本台帳法 第24条の2 等).
    ADDRESS_OUTDATED = "address_outdated"
    OTHER_PERSON = "other_person"


def _versions(resident: Resident) -> Iterator[_Recorded]:
    """Every version of the record, newest first: the current one, then the 住民履歴."""
    yield _Recorded.of(resident)
    snapshots = (
        ResidentHistory.objects.filter(resident=resident)
        .order_by("-history_number")
        .values_list("snapshot", flat=True)
    )
    for snapshot in snapshots.iterator():
        yield _Recorded.of_snapshot(snapshot)


def _former_addresses(resident: Resident) -> Iterator[tuple[str, str]]:
    """The addresses the record shows the resident has left: those of earlier versions of
    the record (転居), and the 転入前住所 (a card of the former municipality)."""
    for version in _versions(resident):
        yield version.address, version.address_extra
    if resident.previous_address:
        yield resident.previous_address, ""


def signer_match(*, basic_four: BasicFour, resident: Resident) -> SignerMatch:
    """署名者と申請者の照合 at submission: the card's 基本4情報 against the record as it
    stands. 氏名・生年月日・性別 must be the applicant's; the address must be the current one,
    or it is a former address of theirs (ADDRESS_OUTDATED) — anything else is OTHER_PERSON."""
    recorded = _Recorded.of(resident)
    if not _person_same(basic_four, recorded):
        return SignerMatch.OTHER_PERSON
    if _address_same(basic_four, recorded.address, recorded.address_extra):
        return SignerMatch.APPLICANT
    if any(_address_same(basic_four, *address) for address in _former_addresses(resident)):
        return SignerMatch.ADDRESS_OUTDATED
    return SignerMatch.OTHER_PERSON


def signer_is_named(
    *, basic_four: BasicFour, name: str, birth_date: dt.date, sex: str | None
) -> bool:
    """署名者と届出人の照合 where the applicant has no record to compare with (a 転入予約 at
    the destination, where the person is not a resident yet): the 届出人 the form names —
    氏名 (代替文字 skipped), 生年月日, and 性別 when the form asks for it."""
    named = _Recorded(name, birth_date, basic_four.sex if sex is None else sex, "", "")
    return _person_same(basic_four, named)


def signer_was_recorded(*, basic_four: BasicFour, resident: Resident) -> bool:
    """署名者と申請者の照合 on re-verification: the four items match one version of the
    applicant's record, the current one or one in its 住民履歴 (a 転居 or 転出 recorded
    after signing changes the record, not who signed)."""
    return any(
        _person_same(basic_four, version)
        and _address_same(basic_four, version.address, version.address_extra)
        for version in _versions(resident)
    )
