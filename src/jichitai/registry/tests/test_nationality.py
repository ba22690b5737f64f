"""帰化・国籍取得・国籍喪失 (registry/services/nationality.py, §4.5.3 to 4.5.5) and the 法第30条の47
届出 (§4.5.2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jichitai.common.exceptions import RuleViolation
from jichitai.registry.certificates.documents import CertificateOptions, person_entry
from jichitai.registry.crypto import my_number_decrypt
from jichitai.registry.models import (
    CertificateKind,
    Change,
    ChangeType,
    Resident,
    ResidentHistory,
    ResidentStatus,
    ResidentType,
    StandardReason,
)
from jichitai.registry.services import (
    ForeignItems,
    change_cancel,
    resident_nationality_lose,
    resident_naturalise,
    residents_register,
)
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person, yamada_family
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 4, 7)
CARD = "AB12345678CD"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _nguyen(municipality: Municipality, *, my_number: str = "123456789018") -> Resident:
    """グエン, a 永住者 who came from abroad in 2020, head of her household, with a 通称."""
    residents_register(
        municipality=municipality,
        change_type=ChangeType.MOVE_IN_FROM_ABROAD,
        people=[
            person(
                "グエン　ティ　ラン",
                "グエン　ティ　ラン",
                dt.date(1988, 3, 3),
                "2",
                "世帯主",
                resident_type="foreign",
                nationality="ベトナム",
                foreign_category="mid_long_term",
                residence_status="永住者",
                residence_card_number=CARD,
                name_alphabet="NGUYEN THI LAN",
                alias="山川　蘭",
                alias_kana="ヤマカワ　ラン",
                my_number=my_number,
            )
        ],
        address=MIDORI_ADDRESS,
        effective_on=dt.date(2020, 4, 1),
        notified_on=dt.date(2020, 4, 1),
        actor=None,
    )
    return Resident.objects.get(residence_card_number=CARD)


def _naturalise(
    municipality: Municipality, resident: Resident, kind: str = "naturalisation"
) -> Change:
    return resident_naturalise(
        municipality=municipality,
        resident_id=resident.pk,
        name="山川　蘭",
        name_kana="ヤマカワ　ラン",
        domicile="群馬県みどり市大間々町大間々1511番地",
        domicile_head="山川　蘭",
        effective_on=dt.date(2026, 3, 1),
        notified_on=None,
        actor=None,
        kind=kind,
    )


def test_naturalisation_keeps_the_numbers_household_and_history(midori: Municipality) -> None:
    before = _nguyen(midori)
    entry = _naturalise(midori, before)
    after = Resident.objects.get(pk=before.pk)
    # 引き継ぐ items: the same record, so the same 宛名番号 and everything listed in §4.5.3.
    for field in (
        "atena_number",
        "resident_code",
        "my_number_hash",
        "household_id",
        "relationship",
        "address",
        "address_extra",
        "birth_date",
        "sex",
        "address_fixed_on",
        "previous_address",
    ):
        assert getattr(after, field) == getattr(before, field), field
    # 外国人住民となった年月日 → 住民となった年月日.
    assert after.became_resident_on == dt.date(2020, 4, 1)
    assert my_number_decrypt(
        after.my_number_cipher, lg_code=midori.lg_code, atena_number=after.atena_number
    ) == ("123456789018")
    assert after.resident_type == ResidentType.JAPANESE and after.status == ResidentStatus.ACTIVE
    assert (after.name, after.domicile, after.domicile_head) == (
        "山川　蘭",
        "群馬県みどり市大間々町大間々1511番地",
        "山川　蘭",
    )
    for field in ("nationality", "foreign_category", "residence_status", "alias", "name_alphabet"):
        assert getattr(after, field) == "", field
    assert after.residence_card_number == "" and after.stay_expires_on is None
    # The 外国人住民票 is 消除 (its own history row), then the 日本人住民票 記載.
    rows = list(ResidentHistory.objects.filter(resident=after).order_by("history_number"))
    assert [row.history_number for row in rows] == [1, 2, 3]
    removal, written = rows[1], rows[2]
    assert removal.change.change_type == ChangeType.NATURALISATION_REMOVAL
    assert removal.snapshot["status"] == ResidentStatus.CLOSED
    assert removal.snapshot["resident_type"] == ResidentType.FOREIGN
    assert removal.snapshot["nationality"] == "ベトナム"
    assert written.change == entry and entry.change_type == ChangeType.NATURALISATION_ENTRY
    assert removal.change.standard_reason == StandardReason.REMOVAL_NATURALISATION
    assert entry.standard_reason == StandardReason.ENTRY_NATURALISATION


def test_nationality_acquisition_is_a_naturalisation_of_its_own_code(
    midori: Municipality,
) -> None:
    entry = _naturalise(midori, _nguyen(midori), kind="acquisition")
    assert entry.change_type == ChangeType.NATIONALITY_ACQUISITION_ENTRY
    assert entry.standard_reason == StandardReason.ENTRY_NATURALISATION


def test_naturalisation_is_refused_for_a_japanese_resident(midori: Municipality) -> None:
    hanako = yamada_family(midori)["花子"]
    with pytest.raises(RuleViolation) as caught:
        _naturalise(midori, hanako)
    assert caught.value.code == "registry.nationality_wrong_type"


def test_nationality_loss_enters_foreign_items_and_clears_the_domicile(
    midori: Municipality,
) -> None:
    hanako = yamada_family(midori)["花子"]
    lost_on = dt.date(2026, 2, 10)
    entry = resident_nationality_lose(
        municipality=midori,
        resident_id=hanako.pk,
        foreign=ForeignItems(
            nationality="アメリカ合衆国",
            foreign_category="transitional",
            name_alphabet="YAMADA HANAKO",
        ),
        effective_on=lost_on,
        notified_on=None,
        actor=None,
    )
    after = Resident.objects.get(pk=hanako.pk)
    assert entry.change_type == ChangeType.NATIONALITY_LOSS_ENTRY
    assert entry.standard_reason == StandardReason.ENTRY_NATIONALITY_LOSS
    assert (after.atena_number, after.resident_code, after.household_id) == (
        hanako.atena_number,
        hanako.resident_code,
        hanako.household_id,
    )
    assert after.resident_type == ResidentType.FOREIGN
    assert (after.nationality, after.foreign_category) == ("アメリカ合衆国", "transitional")
    assert (after.domicile, after.domicile_head, after.former_surname) == ("", "", "")
    # The later of the day the nationality was lost and the 住民となった年月日 (2024-04-01).
    assert after.became_resident_on == lost_on
    removal = ResidentHistory.objects.get(resident=after, history_number=2)
    assert removal.change.change_type == ChangeType.NATIONALITY_LOSS_REMOVAL
    assert removal.snapshot["domicile"] == hanako.domicile
    # §4.5.5 MUST NOT: the Japanese 住民となった年月日 is not printed as a 旧外登法 date.
    printed = person_entry(
        after,
        number=1,
        kind=CertificateKind.JUMINHYO,
        options=CertificateOptions(include_domicile=True),
    )
    items = [item for row in printed.rows for item in row]
    assert all("旧外登法" not in item.label for item in items)
    became = [item.value for item in items if item.label == "住民となった年月日"]
    assert became == ["令和8年2月10日"]


def test_naturalisation_is_cancelled_step_by_step(midori: Municipality) -> None:
    nguyen = _nguyen(midori)
    entry = _naturalise(midori, nguyen)
    removal = ResidentHistory.objects.get(resident=nguyen, history_number=2).change
    # The 消除 is stood on by the 記載 that follows it.
    with pytest.raises(Exception, match="職権記載（帰化等）"):
        change_cancel(municipality=midori, change_id=removal.pk, reason="誤り", actor=None)
    first = change_cancel(municipality=midori, change_id=entry.pk, reason="誤り", actor=None)
    assert first.change_type == ChangeType.CANCELLATION_DECREASE
    assert Resident.objects.get(pk=nguyen.pk).status == ResidentStatus.CLOSED
    second = change_cancel(municipality=midori, change_id=removal.pk, reason="誤り", actor=None)
    assert second.change_type == ChangeType.CANCELLATION_INCREASE
    back = Resident.objects.get(pk=nguyen.pk)
    assert back.status == ResidentStatus.ACTIVE and back.resident_type == ResidentType.FOREIGN
    assert (back.nationality, back.alias, back.domicile) == ("ベトナム", "山川　蘭", "")


def test_article_30_47_registers_a_foreign_resident_without_previous_address(
    midori: Municipality,
) -> None:
    change = residents_register(
        municipality=midori,
        change_type=ChangeType.ARTICLE_30_47,
        people=[
            person(
                "スミス　ジョン",
                "スミス　ジョン",
                dt.date(1995, 5, 5),
                "1",
                "世帯主",
                resident_type="foreign",
                nationality="英国",
                foreign_category="mid_long_term",
                residence_status="技術・人文知識・国際業務",
                stay_expires_on=dt.date(2029, 1, 1),
                residence_card_number="CD98765432EF",
            )
        ],
        address=MIDORI_ADDRESS,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    smith = Resident.objects.get(history__change=change)
    assert smith.previous_address == "" and smith.resident_type == ResidentType.FOREIGN
    assert change.standard_reason == StandardReason.ENTRY_FROM_ABROAD
    with pytest.raises(RuleViolation) as caught:
        residents_register(
            municipality=midori,
            change_type=ChangeType.ARTICLE_30_47,
            people=[person("山田　一郎", "ヤマダ　イチロウ", dt.date(1980, 1, 1), "1", "世帯主")],
            address=MIDORI_ADDRESS,
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )
    assert caught.value.code == "registry.entry_wrong_resident_type"


def test_naturalisation_of_someone_not_recorded_is_an_entry_of_a_japanese_record(
    midori: Municipality,
) -> None:
    change = residents_register(
        municipality=midori,
        change_type=ChangeType.NATURALISATION_ENTRY,
        people=[
            person(
                "林　明",
                "ハヤシ　アキラ",
                dt.date(1985, 8, 8),
                "1",
                "世帯主",
                domicile="群馬県みどり市大間々町大間々2番地",
                domicile_head="林　明",
            )
        ],
        address=MIDORI_ADDRESS,
        effective_on=TODAY,
        notified_on=None,
        actor=None,
    )
    assert change.standard_reason == StandardReason.ENTRY_NATURALISATION
    assert Resident.objects.get(history__change=change).resident_type == ResidentType.JAPANESE
