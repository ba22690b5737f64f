from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.common.exceptions import InvalidInput, RuleViolation
from jichitai.identity.models import StaffUser
from jichitai.registry.crypto import my_number_decrypt
from jichitai.registry.errors import ChangeConflict, ResidentNotFound
from jichitai.registry.inputs import PersonData
from jichitai.registry.models import (
    Change,
    ChangeBasis,
    ChangeType,
    Household,
    NetworkMessage,
    Resident,
    ResidentHistory,
    ResidentStatus,
)
from jichitai.registry.services import (
    Address,
    change_cancel,
    household_head_change,
    household_split,
    household_transfer,
    resident_correct,
    resident_my_number_change,
    resident_name_change,
    residents_move_within,
    residents_register,
    residents_remove,
)
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person, yamada_family
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 4, 7)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _counts() -> tuple[int, int, int, int]:
    return (
        Resident.objects.count(),
        ResidentHistory.objects.count(),
        Change.objects.count(),
        AuditRecord.objects.filter(action__startswith="registry.").count(),
    )


def test_move_in_records_a_household_with_history_and_numbers(
    midori: Municipality, clerk: StaffUser
) -> None:
    family = yamada_family(midori, actor=clerk)
    hanako = family["花子"]
    assert hanako.relationship == "世帯主" and hanako.household_order == 1
    assert [family["翔太"].household_order, family["美咲"].household_order] == [2, 3]
    assert hanako.history_number == 1
    assert len(hanako.atena_number) == 10 and len(hanako.resident_code) == 11
    assert hanako.kana_search == "ヤマタハナコ"  # the search key: 濁音 folded (§2.1.2)
    assert "123456789018" not in hanako.my_number_cipher
    assert (
        my_number_decrypt(
            hanako.my_number_cipher, lg_code="102121", atena_number=hanako.atena_number
        )
        == "123456789018"
    )
    snapshot = hanako.history.get().snapshot
    assert snapshot["address"] == MIDORI_ADDRESS.address and snapshot["history_number"] == 1
    assert "123456789018" not in str(snapshot)
    audit = AuditRecord.objects.get(action="registry.move_in")
    assert audit.detail == {"residents": 3, "fields": []}
    assert "山田" not in str(audit.detail) and audit.actor_label == "clerk"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"effective_on": dt.date(2026, 4, 8)}, "registry.effective_on_future"),
        ({"effective_on": dt.date(1989, 1, 1)}, "registry.effective_on_before_birth"),
        ({"notified_on": dt.date(2026, 4, 8)}, "registry.notified_on_future"),
    ],
)
def test_bad_dates_are_refused_and_nothing_is_written(
    midori: Municipality, change: dict[str, dt.date], code: str
) -> None:
    before = _counts()
    dates = {"effective_on": TODAY, "notified_on": TODAY, **change}
    with pytest.raises(RuleViolation) as caught:
        residents_register(
            municipality=midori,
            change_type=ChangeType.MOVE_IN,
            people=[person("佐藤　一郎", "サトウ　イチロウ", dt.date(1990, 1, 1), "1", "世帯主")],
            address=MIDORI_ADDRESS,
            effective_on=dates["effective_on"],
            notified_on=dates["notified_on"],
            actor=None,
        )
    assert caught.value.code == code
    assert _counts() == before


def test_only_the_items_the_standard_lists_must_be_filled(midori: Municipality) -> None:
    """空欄 (doc/j60.txt §1.1.6): 氏名 and 氏名の振り仮名 are not in the list of items that may
    not be blank (a child whose 名 is not yet decided); 住所 is."""
    change = residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN,
        people=[
            PersonData(
                name="",
                name_kana="",
                birth_date=dt.date(2026, 4, 1),
                sex="9",
                relationship="世帯主",
            )
        ],
        address=MIDORI_ADDRESS,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    (newcomer,) = Resident.objects.filter(history__change=change)
    assert (newcomer.name, newcomer.name_kana) == ("", "")
    with pytest.raises((RuleViolation, InvalidInput)) as caught:
        residents_register(
            municipality=midori,
            change_type=ChangeType.MOVE_IN,
            people=[person("佐藤　一郎", "", dt.date(1990, 1, 1), "1", "世帯主")],
            address=dataclasses.replace(MIDORI_ADDRESS, address=" "),
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )
    assert caught.value.errors[0].field == "/address"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("relationship", "祖父", "relationship.invalid"),
        ("relationship", "子の子の子の子の子", "relationship.too_distant"),
        ("name_kana", "Yamada", "registry.kana_invalid"),
        ("my_number", "123456789012", "my_number.check_digit"),
        ("resident_code", "12345678901", "resident_code.check_digit"),
        ("sex", "3", "registry.sex_invalid"),
    ],
)
def test_bad_items_are_refused(midori: Municipality, field: str, value: str, code: str) -> None:
    data: dict[str, Any] = {
        "name": "佐藤　一郎",
        "name_kana": "サトウ　イチロウ",
        "birth_date": dt.date(1990, 1, 1),
        "sex": "1",
        "relationship": "世帯主",
        field: value,
    }
    with pytest.raises((RuleViolation, InvalidInput)) as caught:
        residents_register(
            municipality=midori,
            change_type=ChangeType.MOVE_IN,
            people=[PersonData(**data)],
            address=MIDORI_ADDRESS,
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )
    assert caught.value.code == code
    assert caught.value.errors[0].field == f"/{field}"
    assert Resident.objects.count() == 0


def test_a_household_needs_exactly_one_head(midori: Municipality) -> None:
    for relationships in (["妻", "子"], ["世帯主", "世帯主"]):
        with pytest.raises(RuleViolation) as caught:
            residents_register(
                municipality=midori,
                change_type=ChangeType.MOVE_IN,
                people=[
                    person("甲　一", "コウ　イチ", dt.date(1980, 1, 1), "1", relationships[0]),
                    person("甲　二", "コウ　ニ", dt.date(1982, 1, 1), "2", relationships[1]),
                ],
                address=MIDORI_ADDRESS,
                effective_on=TODAY,
                notified_on=TODAY,
                actor=None,
            )
        assert caught.value.code.startswith("household.head_")
    assert Household.objects.count() == 0


def test_my_number_is_unique_among_living_records(midori: Municipality) -> None:
    yamada_family(midori)
    with pytest.raises(RuleViolation) as caught:
        residents_register(
            municipality=midori,
            change_type=ChangeType.MOVE_IN,
            people=[
                person(
                    "佐藤　一郎",
                    "サトウ　イチロウ",
                    dt.date(1990, 1, 1),
                    "1",
                    "世帯主",
                    my_number="123456789018",
                )
            ],
            address=MIDORI_ADDRESS,
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )
    assert caught.value.code == "registry.my_number_duplicate"


def test_a_move_out_notified_after_fourteen_days_is_recorded_ex_officio(
    midori: Municipality,
) -> None:
    """doc/j640.txt §4.1.3.0.1: late 転出 → 職権, with the reason in the note; on time → 届出."""
    family = yamada_family(midori)
    late = residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[family["翔太"].pk],
        effective_on=TODAY - dt.timedelta(days=15),
        notified_on=TODAY,
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町月夜野1744番地1",
        note="本人来庁",
    )
    assert late.basis == ChangeBasis.EX_OFFICIO and late.is_ex_officio
    assert late.notified_on == TODAY and late.notified_after_period
    assert late.note == "転出届出日が異動日から14日を経過しているため職権で記載　本人来庁"
    on_time = residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[family["美咲"].pk],
        effective_on=TODAY - dt.timedelta(days=14),
        notified_on=TODAY,
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町月夜野1744番地1",
    )
    assert on_time.basis == ChangeBasis.NOTIFICATION and on_time.note == ""


def test_move_out_closes_the_records_and_allows_a_planned_date(midori: Municipality) -> None:
    # A 転出 with a later 転出予定日 leaves the person 住民 until that day (doc/j50.txt §1.1.5;
    # test_planned_removals.py).
    residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN,
        people=[person("佐藤　一郎", "サトウ　イチロウ", dt.date(1990, 1, 1), "1", "世帯主")],
        address=MIDORI_ADDRESS,
        effective_on=dt.date(2025, 4, 1),
        notified_on=dt.date(2025, 4, 1),
        actor=None,
    )
    ichiro = Resident.objects.get(name="佐藤　一郎")
    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[ichiro.pk],
        effective_on=dt.date(2026, 4, 20),
        notified_on=TODAY,
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町月夜野1744番地1",
    )
    planned = Resident.objects.get(pk=ichiro.pk)
    assert planned.planned_removal_on == dt.date(2026, 4, 20) and not planned.is_closed

    family = yamada_family(midori)
    ids = [r.pk for r in family.values()]
    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=ids,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町月夜野1744番地1",
    )
    hanako = Resident.objects.get(pk=family["花子"].pk)
    assert hanako.status == ResidentStatus.CLOSED and hanako.removed_on == TODAY
    assert hanako.history_number == 2
    assert not Household.objects.get(pk=hanako.household_id).is_active
    with pytest.raises(RuleViolation) as caught:
        residents_move_within(
            municipality=midori,
            resident_ids=ids,
            address=Address(address="群馬県みどり市笠懸町鹿2952番地"),
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )
    assert caught.value.code == "registry.record_closed"


def test_death_of_the_head_with_a_new_head_named_changes_the_head(midori: Municipality) -> None:
    family = yamada_family(midori)
    residents_remove(
        municipality=midori,
        change_type=ChangeType.DEATH,
        resident_ids=[family["花子"].pk],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
        new_head_id=family["翔太"].pk,
        relationships={family["美咲"].pk: "妹"},
    )
    shota, misaki = (Resident.objects.get(pk=family[n].pk) for n in ("翔太", "美咲"))
    assert (shota.relationship, misaki.relationship) == ("世帯主", "妹")
    assert Change.objects.filter(change_type=ChangeType.HEAD_CHANGE).count() == 1


def test_head_change_proposes_relationships(midori: Municipality) -> None:
    family = yamada_family(midori)
    household_head_change(
        municipality=midori,
        household_id=family["花子"].household_id,
        new_head_id=family["翔太"].pk,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
        relationships={family["美咲"].pk: "妹"},
    )
    hanako = Resident.objects.get(pk=family["花子"].pk)
    assert hanako.relationship == "母"  # old head (female) seen from her 子
    assert all(r.history_number == 2 for r in Resident.objects.all())


def _latest_head_names(residents: list[Resident]) -> dict[str, str]:
    """世帯主の氏名 in each person's newest history row, by name."""
    return {
        r.name: ResidentHistory.objects.filter(resident=r)
        .latest("history_number")
        .snapshot["household_head_name"]
        for r in residents
    }


def test_head_change_records_the_new_head_in_every_members_history(
    midori: Municipality,
) -> None:
    family = yamada_family(midori)
    household_head_change(
        municipality=midori,
        household_id=family["花子"].household_id,
        new_head_id=family["翔太"].pk,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
        relationships={family["美咲"].pk: "妹"},
    )
    # 花子 is written before 翔太 is saved as head: her row must still name him.
    assert _latest_head_names(list(family.values())) == {
        "山田　花子": "山田　翔太",
        "山田　翔太": "山田　翔太",
        "山田　美咲": "山田　翔太",
    }


def test_split_records_the_new_households_head_in_each_movers_history(
    midori: Municipality,
) -> None:
    family = yamada_family(midori)
    household_split(
        municipality=midori,
        resident_ids=[family["翔太"].pk, family["美咲"].pk],
        new_head_id=family["美咲"].pk,
        relationships={family["翔太"].pk: "兄"},
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    # 翔太 comes before 美咲, the new head, in the order the movers are written.
    assert _latest_head_names([family["翔太"], family["美咲"]]) == {
        "山田　翔太": "山田　美咲",
        "山田　美咲": "山田　美咲",
    }


def test_split_and_transfer_keep_one_head_per_household(midori: Municipality) -> None:
    family = yamada_family(midori)
    household_split(
        municipality=midori,
        resident_ids=[family["翔太"].pk],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    shota = Resident.objects.get(pk=family["翔太"].pk)
    assert shota.relationship == "世帯主" and shota.household_id != family["花子"].household_id
    household_transfer(
        municipality=midori,
        resident_ids=[shota.pk],
        household_id=family["花子"].household_id,
        relationships={shota.pk: "子"},
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
        merge=True,
    )
    shota.refresh_from_db()
    assert shota.household_id == family["花子"].household_id and shota.household_order == 4
    assert Household.objects.filter(is_active=True).count() == 1


def test_move_within_changes_address_and_keeps_history(midori: Municipality) -> None:
    family = yamada_family(midori)
    new = Address(address="群馬県みどり市笠懸町鹿2952番地", postal_code="3790292")
    residents_move_within(
        municipality=midori,
        resident_ids=[r.pk for r in family.values()],
        address=new,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    hanako = Resident.objects.get(pk=family["花子"].pk)
    assert hanako.address == new.address and hanako.address_fixed_on == TODAY
    old, current = hanako.history.order_by("history_number")
    assert old.snapshot["address"] == MIDORI_ADDRESS.address
    assert current.snapshot["address"] == new.address


def _household_of(municipality: Municipality, size: int) -> list[Resident]:
    members = [
        person("田中　一郎", "タナカ　イチロウ", dt.date(1970, 1, 1), "1", "世帯主"),
        person("田中　和子", "タナカ　カズコ", dt.date(1972, 2, 2), "2", "妻"),
        person("田中　太郎", "タナカ　タロウ", dt.date(2000, 3, 3), "1", "子"),
        person("田中　次郎", "タナカ　ジロウ", dt.date(2003, 4, 4), "1", "子"),
        person("田中　梅", "タナカ　ウメ", dt.date(1940, 5, 5), "2", "母"),
    ]
    change = residents_register(
        municipality=municipality,
        change_type=ChangeType.MOVE_IN,
        people=members[:size],
        address=MIDORI_ADDRESS,
        effective_on=dt.date(2024, 4, 1),
        notified_on=dt.date(2024, 4, 1),
        actor=None,
    )
    return list(Resident.objects.filter(history__change=change).order_by("pk"))


# A 転居 writes each kind of row for the whole household at once: its queries do not grow
# with the household (they did, 22 for 2 people and 43 for 5, making it slow at 1 M).
MOVE_WITHIN_QUERIES = 15


@pytest.mark.parametrize("size", [2, 5])
def test_a_move_within_records_every_member_in_as_many_queries_for_five_as_for_two(
    midori: Municipality, size: int, django_assert_max_num_queries: Any
) -> None:
    members = _household_of(midori, size)
    new = Address(address="群馬県みどり市笠懸町鹿2952番地", address_extra="コーポ笠懸101")
    with django_assert_max_num_queries(MOVE_WITHIN_QUERIES):
        move = residents_move_within(
            municipality=midori,
            resident_ids=[m.pk for m in members],
            address=new,
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )
    for member in members:
        moved = Resident.objects.get(pk=member.pk)
        assert (moved.address, moved.address_extra, moved.address_fixed_on) == (
            new.address,
            "コーポ笠懸101",
            TODAY,
        )
        assert moved.history_number == 2 and moved.notified_on == TODAY
        row = moved.history.get(history_number=2)
        assert row.change == move and row.snapshot["address"] == new.address
        assert row.snapshot["household_head_name"] == "田中　一郎"
        assert moved.search_keys.filter(key="群馬県みどり市笠懸町鹿2952番地").exists()
    # 本人確認情報 changed (住所): one message to the CS per person.
    assert NetworkMessage.objects.filter(change=move).count() == size
    audit = AuditRecord.objects.get(action="registry.move_within")
    assert audit.detail == {
        "residents": size,
        "fields": ["address", "address_extra", "address_fixed_on", "postal_code"],
    }


@pytest.mark.parametrize(
    ("address", "field"),
    [
        (
            Address(address="群馬県みどり市笠懸町鹿2952番地", address_extra="笠" * 101),
            "address_extra",
        ),
        (Address(address="群馬県みどり市笠懸町鹿2952番地", postal_code="37902920"), "postal_code"),
    ],
)
def test_a_move_within_to_items_longer_than_the_register_holds_is_refused(
    midori: Municipality, address: Address, field: str
) -> None:
    members = _household_of(midori, 2)
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        residents_move_within(
            municipality=midori,
            resident_ids=[m.pk for m in members],
            address=address,
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )
    assert field in caught.value.message_dict
    assert _counts() == before


def test_corrections_work_on_closed_records_and_need_a_reason(midori: Municipality) -> None:
    family = yamada_family(midori)
    residents_remove(
        municipality=midori,
        change_type=ChangeType.EMIGRATION,
        resident_ids=[r.pk for r in family.values()],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
        moving_to_address="アメリカ合衆国",
    )
    with pytest.raises(InvalidInput):
        resident_correct(
            municipality=midori,
            resident_id=family["花子"].pk,
            change_type=ChangeType.CLERICAL_CORRECTION,
            updates={"name_kana": "ヤマダ　ハナ"},
            reason=" ",
            actor=None,
        )
    resident_correct(
        municipality=midori,
        resident_id=family["花子"].pk,
        change_type=ChangeType.CLERICAL_CORRECTION,
        updates={"name_kana": "ヤマダ　ハナ"},
        reason="届書の読み違い",
        actor=None,
    )
    assert Resident.objects.get(pk=family["花子"].pk).name_kana == "ヤマダ　ハナ"
    with pytest.raises(InvalidInput) as caught:
        resident_correct(
            municipality=midori,
            resident_id=family["花子"].pk,
            change_type=ChangeType.EX_OFFICIO_CORRECTION,
            updates={"status": "active"},
            reason="x",
            actor=None,
        )
    assert caught.value.code == "registry.field_not_correctable"


def test_name_and_my_number_changes(midori: Municipality) -> None:
    family = yamada_family(midori)
    resident_name_change(
        municipality=midori,
        resident_id=family["花子"].pk,
        name="鈴木　花子",
        name_kana="スズキ　ハナコ",
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    resident_my_number_change(
        municipality=midori,
        resident_id=family["翔太"].pk,
        my_number="000000000019",
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    with pytest.raises(RuleViolation):
        resident_my_number_change(
            municipality=midori,
            resident_id=family["美咲"].pk,
            my_number="000000000019",
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )


def test_cancellation_restores_the_previous_state(midori: Municipality) -> None:
    family = yamada_family(midori)
    move = residents_move_within(
        municipality=midori,
        resident_ids=[r.pk for r in family.values()],
        address=Address(address="群馬県みどり市笠懸町鹿2952番地"),
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    change_cancel(municipality=midori, change_id=move.pk, reason="届出の取下げ", actor=None)
    hanako = Resident.objects.get(pk=family["花子"].pk)
    assert hanako.address == MIDORI_ADDRESS.address and hanako.history_number == 3
    with pytest.raises(ChangeConflict):
        change_cancel(municipality=midori, change_id=move.pk, reason="再度", actor=None)


def test_other_municipalitys_residents_are_not_found(
    midori: Municipality, minakami: Municipality
) -> None:
    family = yamada_family(midori)
    with pytest.raises(ResidentNotFound):
        residents_move_within(
            municipality=minakami,
            resident_ids=[family["花子"].pk],
            address=Address(address="x"),
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )


def test_the_same_number_twice_in_one_notification_is_refused(midori: Municipality) -> None:
    with pytest.raises(RuleViolation) as caught:
        residents_register(
            municipality=midori,
            change_type=ChangeType.MOVE_IN,
            people=[
                person(
                    "甲　一",
                    "コウ　イチ",
                    dt.date(1980, 1, 1),
                    "1",
                    "世帯主",
                    my_number="123456789018",
                ),
                person(
                    "甲　二", "コウ　ニ", dt.date(1982, 1, 1), "2", "妻", my_number="123456789018"
                ),
            ],
            address=MIDORI_ADDRESS,
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )
    assert caught.value.code == "registry.my_number_duplicate"
    assert Resident.objects.count() == 0


def test_head_change_proposes_siblings_by_birth_date(midori: Municipality) -> None:
    from jichitai.registry.services import relationships_propose

    family = yamada_family(midori)
    members = list(Resident.objects.filter(household_id=family["花子"].household_id))
    proposals = relationships_propose(members=members, new_head=family["翔太"])
    assert proposals[family["花子"].pk] == ("母", True)
    assert proposals[family["美咲"].pk] == ("妹", False)  # younger sister, to confirm


def test_a_permanent_resident_needs_no_expiry_but_other_mid_long_term_residents_do(
    midori: Municipality,
) -> None:
    foreign = {
        "resident_type": "foreign",
        "nationality": "ベトナム",
        "foreign_category": "mid_long_term",
        "residence_card_number": "AB12345678CD",
    }
    residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN_FROM_ABROAD,
        people=[
            person(
                "グエン　ヴァン　アン",
                "グエン　ヴァン　アン",
                dt.date(1990, 1, 1),
                "1",
                "世帯主",
                residence_status="永住者",
                **foreign,
            )
        ],
        address=MIDORI_ADDRESS,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    with pytest.raises(InvalidInput) as caught:
        residents_register(
            municipality=midori,
            change_type=ChangeType.MOVE_IN_FROM_ABROAD,
            people=[
                person(
                    "チャン　ティ　ビン",
                    "チャン　ティ　ビン",
                    dt.date(1995, 1, 1),
                    "2",
                    "世帯主",
                    residence_status="留学",
                    **foreign,
                )
            ],
            address=MIDORI_ADDRESS,
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )
    assert caught.value.code == "registry.residence_card_required"
