"""異動の取消し of any change, for all or some of its people (registry/services/cancellation.py,
doc/j980.txt §4.6.0.1), and on 申出 (§4.6.1.1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jichitai.common.exceptions import InvalidInput, RuleViolation
from jichitai.registry.errors import ChangeConflict
from jichitai.registry.models import (
    Change,
    ChangeType,
    Household,
    Resident,
    ResidentHistory,
    ResidentStatus,
    StandardReason,
)
from jichitai.registry.services import (
    Address,
    change_cancel,
    household_split,
    resident_name_change,
    residents_move_within,
    residents_remove,
)
from jichitai.registry.tests.factories import MIDORI_ADDRESS, change_of, yamada_family
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 4, 7)
NEW_ADDRESS = Address(address="群馬県みどり市笠懸町鹿2952番地")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _fresh(resident: Resident) -> Resident:
    return Resident.objects.get(pk=resident.pk)


def _move(municipality: Municipality, people: list[Resident], on: dt.date) -> Change:
    return residents_move_within(
        municipality=municipality,
        resident_ids=[r.pk for r in people],
        address=NEW_ADDRESS,
        effective_on=on,
        notified_on=on,
        actor=None,
    )


def test_an_earlier_change_is_cancelled_when_no_later_change_touched_its_items(
    midori: Municipality,
) -> None:
    family = yamada_family(midori)
    hanako = family["花子"]
    move = _move(midori, list(family.values()), dt.date(2026, 3, 1))
    resident_name_change(
        municipality=midori,
        resident_id=hanako.pk,
        name="佐藤　花子",
        name_kana="サトウ　ハナコ",
        effective_on=dt.date(2026, 3, 20),
        notified_on=dt.date(2026, 3, 20),
        actor=None,
    )
    cancellation = change_cancel(
        municipality=midori, change_id=move.pk, reason="届出の取下げ", actor=None
    )
    after = _fresh(hanako)
    # The 転居 is undone, the later 氏名の変更 stays; history grows, nothing is deleted.
    assert after.address == MIDORI_ADDRESS.address and after.name == "佐藤　花子"
    assert after.history_number == 4
    assert ResidentHistory.objects.filter(resident=hanako).count() == 4
    assert cancellation.change_type == ChangeType.CANCELLATION
    assert cancellation.standard_reason == StandardReason.AMENDMENT_CANCELLATION
    assert cancellation.cancels == move and cancellation.offered_on is None


def test_an_earlier_change_is_refused_when_a_later_one_touched_the_same_items(
    midori: Municipality,
) -> None:
    family = yamada_family(midori)
    first = _move(midori, list(family.values()), dt.date(2026, 3, 1))
    residents_move_within(
        municipality=midori,
        resident_ids=[r.pk for r in family.values()],
        address=Address(address="群馬県みどり市東町花輪1番地"),
        effective_on=dt.date(2026, 3, 10),
        notified_on=dt.date(2026, 3, 10),
        actor=None,
    )
    with pytest.raises(ChangeConflict) as caught:
        change_cancel(municipality=midori, change_id=first.pk, reason="誤り", actor=None)
    assert caught.value.code == "change.later_depends"
    assert "「転居」（異動日 令和8年3月10日）" in caught.value.detail
    assert _fresh(family["花子"]).address == "群馬県みどり市東町花輪1番地"


def test_some_people_of_a_removal_are_cancelled_then_the_others(midori: Municipality) -> None:
    family = yamada_family(midori)
    shota, misaki = family["翔太"], family["美咲"]
    removal = residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[shota.pk, misaki.pk],
        effective_on=dt.date(2026, 4, 1),
        notified_on=dt.date(2026, 4, 1),
        actor=None,
        moving_to_address="東京都千代田区千代田1番1号",
    )
    cancellation = change_cancel(
        municipality=midori,
        change_id=removal.pk,
        reason="美咲は転出しない",
        actor=None,
        resident_ids=[misaki.pk],
        offered_on=dt.date(2026, 4, 6),
    )
    # 取消（増）: a 消除 undone puts the person back; on 申出, with its 申出日.
    assert cancellation.change_type == ChangeType.CANCELLATION_INCREASE
    assert cancellation.standard_reason == StandardReason.ENTRY_CANCELLATION
    assert cancellation.offered_on == dt.date(2026, 4, 6)
    assert _fresh(misaki).status == ResidentStatus.ACTIVE
    assert _fresh(misaki).household_id == family["花子"].household_id
    assert _fresh(shota).status == ResidentStatus.CLOSED
    with pytest.raises(ChangeConflict) as caught:
        change_cancel(
            municipality=midori,
            change_id=removal.pk,
            reason="again",
            actor=None,
            resident_ids=[misaki.pk],
        )
    assert caught.value.code == "change.already_cancelled"
    change_cancel(
        municipality=midori,
        change_id=removal.pk,
        reason="翔太も",
        actor=None,
        resident_ids=[shota.pk],
    )
    assert _fresh(shota).status == ResidentStatus.ACTIVE
    assert removal.cancelled_by.count() == 2


def test_people_not_of_the_change_and_a_future_request_date_are_refused(
    midori: Municipality,
) -> None:
    family = yamada_family(midori)
    move = _move(midori, [family["翔太"]], dt.date(2026, 3, 1))
    with pytest.raises(InvalidInput) as caught:
        change_cancel(
            municipality=midori,
            change_id=move.pk,
            reason="x",
            actor=None,
            resident_ids=[family["花子"].pk],
        )
    assert caught.value.code == "change.cancel_people_unknown"
    with pytest.raises(RuleViolation) as refused:
        change_cancel(
            municipality=midori,
            change_id=move.pk,
            reason="x",
            actor=None,
            offered_on=TODAY + dt.timedelta(days=1),
        )
    assert refused.value.code == "registry.offered_on_future"


def test_a_cancelled_entry_closes_the_record_and_a_cancellation_is_not_cancelled(
    midori: Municipality,
) -> None:
    family = yamada_family(midori)
    entry = change_of(family["花子"])
    cancellation = change_cancel(
        municipality=midori, change_id=entry.pk, reason="二重登録", actor=None
    )
    assert cancellation.change_type == ChangeType.CANCELLATION_DECREASE
    assert cancellation.standard_reason == StandardReason.REMOVAL_CANCELLATION
    hanako = _fresh(family["花子"])
    assert hanako.status == ResidentStatus.CLOSED
    assert hanako.removal_reason == ChangeType.CANCELLATION_DECREASE
    assert not Household.objects.get(pk=hanako.household_id).is_active
    with pytest.raises(ChangeConflict):
        change_cancel(municipality=midori, change_id=cancellation.pk, reason="x", actor=None)


def test_a_cancelled_split_returns_the_person_to_the_former_household(
    midori: Municipality,
) -> None:
    family = yamada_family(midori)
    shota = family["翔太"]
    split = household_split(
        municipality=midori,
        resident_ids=[shota.pk],
        effective_on=dt.date(2026, 3, 1),
        notified_on=dt.date(2026, 3, 1),
        actor=None,
    )
    own = _fresh(shota).household_id
    change_cancel(municipality=midori, change_id=split.pk, reason="誤り", actor=None)
    back = _fresh(shota)
    assert back.household_id == family["花子"].household_id and back.relationship == "子"
    assert not Household.objects.get(pk=own).is_active


def test_a_person_returns_as_a_new_household_when_the_former_one_has_all_left(
    midori: Municipality,
) -> None:
    family = yamada_family(midori)
    shota = family["翔太"]
    former = family["花子"].household_id
    split = household_split(
        municipality=midori,
        resident_ids=[shota.pk],
        effective_on=dt.date(2026, 3, 1),
        notified_on=dt.date(2026, 3, 1),
        actor=None,
    )
    own = _fresh(shota).household_id
    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[family["花子"].pk, family["美咲"].pk],
        effective_on=dt.date(2026, 3, 20),
        notified_on=dt.date(2026, 3, 20),
        actor=None,
        moving_to_address="東京都千代田区千代田1番1号",
    )
    change_cancel(municipality=midori, change_id=split.pk, reason="誤り", actor=None)
    back = _fresh(shota)
    # 「従前の世帯が全部転出等していた場合は転出前の住所に新たな世帯として」.
    assert back.household_id not in (former, own)
    assert back.household.is_active and back.address == MIDORI_ADDRESS.address
    assert not Household.objects.get(pk=former).is_active
