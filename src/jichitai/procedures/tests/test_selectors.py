"""Reads: inboxes (overdue first), a resident's cases, prefill, 処理期限 in open days."""

from __future__ import annotations

import datetime as dt

from jichitai.procedures.models import Case
from jichitai.procedures.prefill import household_members_of
from jichitai.procedures.selectors import (
    case_form_initial,
    case_list_for_inbox,
    case_list_for_resident,
    life_events_list,
    move_in_reservation_data,
    procedure_get,
    procedure_list,
)
from jichitai.procedures.services.recording import due_on_compute
from jichitai.procedures.tests.factories import actor_of, case_of, move_out_data, neighbour
from jichitai.procedures.validation import data_errors
from jichitai.registry.models import Resident
from jichitai.tenants.models import ClosingDay, Municipality


def test_due_dates_skip_weekends_holidays_year_end_and_closing_days(midori: Municipality) -> None:
    # Fri 2026-12-25 + 2 open days: 28 (Mon), then 29 Dec – 3 Jan closed, 4 Jan is a Monday.
    assert due_on_compute(municipality=midori, submitted_on=dt.date(2026, 12, 25), open_days=2) == (
        dt.date(2027, 1, 4)
    )
    # 2026-05-01 (Fri) + 1: 5/2–5/6 are weekend and ゴールデンウィークの祝日.
    assert due_on_compute(municipality=midori, submitted_on=dt.date(2026, 5, 1), open_days=1) == (
        dt.date(2026, 5, 7)
    )
    ClosingDay.objects.create(municipality=midori, date=dt.date(2026, 5, 7), reason="庁舎点検")
    assert due_on_compute(municipality=midori, submitted_on=dt.date(2026, 5, 1), open_days=1) == (
        dt.date(2026, 5, 8)
    )
    # 0 days on a Saturday: the next open day.
    assert due_on_compute(municipality=midori, submitted_on=dt.date(2026, 4, 11), open_days=0) == (
        dt.date(2026, 4, 13)
    )


def test_the_inbox_shows_overdue_cases_first(midori: Municipality) -> None:
    late, fresh = case_of(midori), case_of(midori, neighbour(midori))
    Case.objects.filter(pk=fresh.pk).update(due_on=dt.date(2026, 5, 1))
    Case.objects.filter(pk=late.pk).update(due_on=dt.date(2026, 6, 1))
    inbox = list(case_list_for_inbox(municipality=midori, today=dt.date(2026, 5, 15)))
    assert [c.pk for c in inbox] == [fresh.pk, late.pk]
    assert [c.is_overdue for c in inbox] == [1, 0]  # type: ignore[attr-defined]  # the query annotates it
    assert list(case_list_for_inbox(municipality=midori, department="residents")) == []


def test_a_resident_sees_only_their_own_cases(midori: Municipality) -> None:
    case = case_of(midori)
    assert case.applicant_id is not None
    owner = Resident.objects.get(pk=case.applicant_id)
    assert list(case_list_for_resident(municipality=midori, actor=actor_of(owner))) == [case]
    assert (
        list(case_list_for_resident(municipality=midori, actor=actor_of(neighbour(midori)))) == []
    )


def test_the_form_is_filled_from_the_card_and_the_register(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    card = {
        "name": "山田　花子",
        "address": "群馬県みどり市大間々町大間々1511番地",
        "birth_date": dt.date(1990, 6, 15),
        "sex": "2",
    }
    initial = case_form_initial(procedure_id="move_out", resident=family["花子"], card=card)
    assert initial["applicant"] == {
        "name": "山田　花子",
        "birth_date": "1990-06-15",
        "address": "群馬県みどり市大間々町大間々1511番地",
        "name_kana": "ヤマダ　ハナコ",
    }
    assert [m["resident_id"] for m in initial["movers"]] == [r.pk for r in family.values()]


def test_a_child_allowance_claim_lists_the_households_children_not_the_claimant(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    """児童 only (児童手当法 第3条): the claimant is not among the children she claims for,
    and children of the same 世帯 live with her."""
    initial = case_form_initial(
        procedure_id="child_allowance_claim", resident=family["花子"], card=None
    )
    assert [(c["name"], c["lives_with_applicant"]) for c in initial["children"]] == [
        ("山田　翔太", True),
        ("山田　美咲", True),
    ]


def test_the_reservation_is_filled_from_the_move_out_certificate() -> None:
    people = [{"name": "山田　花子", "birth_date": "1990-06-15"}]
    initial = case_form_initial(
        procedure_id="move_in_reservation",
        resident=None,
        move_out_certificate={"household_members": people},
    )
    assert initial == {"movers": people}


def test_procedures_by_life_event() -> None:
    care = {p.id for p in procedure_list(life_event="介護")}
    assert {"care_need_certification", "care_insurance_card_reissue"} <= care
    assert all(procedure_id.startswith("care_") for procedure_id in care)


def test_life_events_come_from_the_catalog_in_the_order_people_meet_them() -> None:
    events = life_events_list()
    assert events[:3] == ["引越し", "妊娠・出産", "子育て"]
    assert "介護" in events
    moving = {p.id for p in procedure_list(life_event="引越し")}
    assert {"move_out", "move_in_reservation", "move_within"} <= moving


def test_the_reservation_derived_from_a_move_out_is_a_valid_reservation(
    family: dict[str, Resident],
) -> None:
    members = list(family.values())
    # As the portal fills it: the household's rows from the register.
    move_out = {**move_out_data(members), "movers": household_members_of(members[0])}
    reservation = move_in_reservation_data(move_out=move_out, resident=members[0])
    assert (
        data_errors(procedure=procedure_get(procedure_id="move_in_reservation"), data=reservation)
        == []
    )
    assert reservation["applicant"]["sex"] == members[0].sex
    assert [m["resident_id"] for m in reservation["movers"]] == [m.pk for m in members]
