"""転出届 made before the move (doc/j50.txt §1.1.5, doc/j1000.txt §5.1): the 転出 is recorded at
once, the record stays 住民 until the 転出予定日 and closes that day (or on an earlier 転入日)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from jichitai.common.exceptions import RuleViolation
from jichitai.identity.models import StaffUser
from jichitai.registry.models import Change, ChangeType, Household, Resident, ResidentStatus
from jichitai.registry.selectors import (
    ResidentQuery,
    household_head_missing,
    household_members_living,
    resident_as_of,
    resident_search,
)
from jichitai.registry.services import change_cancel, residents_remove
from jichitai.registry.services.removals import planned_removals_close
from jichitai.registry.tests.certificates.helpers import issue, pdf_text, set_mayor_name
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 12, 6)
PLANNED = dt.date(2026, 12, 20)
NEW_ADDRESS = "群馬県利根郡みなかみ町月夜野1744番地1"


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> list[dt.date]:
    """The clock of the test: change `today[0]` to move to another day."""
    clock = [TODAY]
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: clock[0])
    return clock


def _move_out(midori: Municipality, people: list[Resident], **kwargs: object) -> Change:
    return residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[r.pk for r in people],
        effective_on=PLANNED,
        notified_on=TODAY,
        actor=None,
        moving_to_address=NEW_ADDRESS,
        **kwargs,  # type: ignore[arg-type]  # keyword arguments of residents_remove
    )


def _search(midori: Municipality, name: str) -> list[Resident]:
    return resident_search(municipality=midori, query=ResidentQuery(name=name))


def test_a_planned_move_out_is_recorded_and_the_person_stays_a_resident_until_the_day(
    midori: Municipality, today: list[dt.date]
) -> None:
    family = yamada_family(midori)
    change = _move_out(midori, [family["翔太"]])

    shota = Resident.objects.get(pk=family["翔太"].pk)
    assert shota.status == ResidentStatus.ACTIVE and not shota.is_closed
    assert shota.planned_removal_on == PLANNED
    assert shota.moving_to_address == NEW_ADDRESS
    row = shota.history.get(change=change)
    # The 転出's history row: 除票 from the 転出予定日 on, with the planned values.
    assert row.effective_on == PLANNED and row.snapshot["status"] == "closed"
    before = resident_as_of(resident=shota, on=PLANNED - dt.timedelta(days=1))
    on_the_day = resident_as_of(resident=shota, on=PLANNED)
    assert before is not None and before["status"] == "active"
    assert on_the_day is not None and on_the_day["status"] == "closed"
    assert [r.pk for r in _search(midori, "ヤマダ　ショウタ")] == [shota.pk]
    household = Household.objects.get(pk=shota.household_id)
    assert shota in household_members_living(household)


def test_the_record_is_closed_on_the_day_even_before_the_daily_job(
    midori: Municipality, today: list[dt.date]
) -> None:
    family = yamada_family(midori)
    _move_out(midori, [family["翔太"]])

    today[0] = PLANNED
    shota = Resident.objects.get(pk=family["翔太"].pk)
    assert shota.status == ResidentStatus.ACTIVE  # the job has not run yet
    assert shota.is_closed and shota.planned_removal_on is None
    assert _search(midori, "ヤマダ　ショウタ") == []
    household = Household.objects.get(pk=shota.household_id)
    assert [m.name for m in household_members_living(household)] == ["山田　花子", "山田　美咲"]


def test_the_daily_job_closes_due_records_once(
    midori: Municipality, today: list[dt.date], capsys: pytest.CaptureFixture[str]
) -> None:
    family = yamada_family(midori)
    _move_out(midori, list(family.values()))

    call_command("close-planned-removals")
    assert "0件" in capsys.readouterr().out  # not yet due
    today[0] = PLANNED + dt.timedelta(days=1)  # a day late: still caught up
    call_command("close-planned-removals")
    assert "3件" in capsys.readouterr().out

    hanako = Resident.objects.get(pk=family["花子"].pk)
    assert hanako.status == ResidentStatus.CLOSED and hanako.removed_on == PLANNED
    assert hanako.history_number == 2  # the 転出's row already said 除票 from the day
    assert not Household.objects.get(pk=hanako.household_id).is_active
    assert planned_removals_close() == 0


def test_the_head_leaving_on_a_planned_day_stays_head_until_then(
    midori: Municipality, today: list[dt.date]
) -> None:
    family = yamada_family(midori)
    _move_out(midori, [family["花子"]])
    household = Household.objects.get(pk=family["花子"].household_id)
    assert not household_head_missing(household)  # 花子 is head until 12/20

    today[0] = PLANNED
    assert household_head_missing(household)  # two children: 世帯主未設定 until a 世帯主変更届
    assert planned_removals_close() == 1
    household.refresh_from_db()
    assert household.is_active


def test_a_new_head_named_with_a_planned_move_out_becomes_head_on_the_day(
    midori: Municipality, today: list[dt.date]
) -> None:
    family = yamada_family(midori)
    with pytest.raises(RuleViolation) as refused:
        _move_out(midori, [family["花子"]], new_head_id=family["花子"].pk)
    assert refused.value.errors[0].field == "/new_head_id"  # one who stays, checked now

    _move_out(
        midori,
        [family["花子"]],
        new_head_id=family["翔太"].pk,
        relationships={family["美咲"].pk: "妹"},
    )
    shota = Resident.objects.get(pk=family["翔太"].pk)
    assert shota.relationship == "子"  # 花子 is head until 12/20 (§1.1.5)

    today[0] = PLANNED
    planned_removals_close()

    shota.refresh_from_db()
    misaki = Resident.objects.get(pk=family["美咲"].pk)
    assert (shota.relationship, misaki.relationship) == ("世帯主", "妹")
    head_change = shota.history.order_by("-history_number")[0].change
    assert head_change.change_type == ChangeType.HEAD_CHANGE
    assert head_change.effective_on == PLANNED


def test_one_member_left_becomes_head_when_the_planned_day_comes(
    midori: Municipality, today: list[dt.date]
) -> None:
    family = yamada_family(midori)
    _move_out(midori, [family["花子"], family["翔太"]])

    today[0] = PLANNED
    planned_removals_close()

    misaki = Resident.objects.get(pk=family["美咲"].pk)
    assert misaki.relationship == "世帯主"
    head_change = misaki.history.order_by("-history_number")[0].change
    assert head_change.change_type == ChangeType.HEAD_CHANGE
    assert head_change.effective_on == PLANNED


def test_a_planned_move_out_cancelled_before_the_day_leaves_the_record_as_it_was(
    midori: Municipality, today: list[dt.date]
) -> None:
    family = yamada_family(midori)
    change = _move_out(midori, [family["翔太"]])

    change_cancel(municipality=midori, change_id=change.pk, reason="転出取りやめ", actor=None)

    shota = Resident.objects.get(pk=family["翔太"].pk)
    assert shota.planned_removal_on is None and shota.removal_reason == ""
    assert shota.moving_to_address == ""
    today[0] = PLANNED
    assert planned_removals_close() == 0
    assert not Resident.objects.get(pk=shota.pk).is_closed


def test_no_second_removal_while_a_move_out_is_planned(
    midori: Municipality, today: list[dt.date]
) -> None:
    family = yamada_family(midori)
    _move_out(midori, [family["翔太"]])
    with pytest.raises(RuleViolation) as refused:
        residents_remove(
            municipality=midori,
            change_type=ChangeType.EMIGRATION,
            resident_ids=[family["翔太"].pk],
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
            moving_to_address="アメリカ合衆国",
        )
    assert refused.value.code == "registry.removal_planned"


def test_a_whole_household_copy_before_the_day_lists_the_person_without_the_move_out(
    midori: Municipality, today: list[dt.date], clerk: StaffUser, tmp_path: Path
) -> None:
    set_mayor_name(midori, "緑川　一郎")
    family = yamada_family(midori)
    _move_out(midori, [family["翔太"]])

    issued = issue(midori, list(family.values()), clerk)

    assert issued.certificate.whole_household
    text = pdf_text(issued.pdf, tmp_path)
    assert "山田翔太" in text
    # doc/j1000.txt §5.1: the items of the 転出届 are left off before the 転出予定日.
    assert "みなかみ" not in text and "転出" not in text


def test_the_household_page_and_search_mark_the_planned_move_out(
    midori: Municipality, today: list[dt.date], clerk_client: Client
) -> None:
    family = yamada_family(midori)
    _move_out(midori, [family["翔太"]])

    household = clerk_client.get(f"/102121/registry/households/{family['翔太'].household_id}/")
    assert "転出予定 (令和8年12月20日)" in household.content.decode()
    found = clerk_client.post("/102121/registry/", {"name": "ヤマダ　ショウタ"})
    text = found.content.decode()
    assert "転出予定 (令和8年12月20日)" in text and "除票" not in text.split("<tbody>")[1]


def test_the_api_reads_the_planned_move_out_and_the_status_of_the_day(
    midori: Municipality, today: list[dt.date], clerk_client: Client
) -> None:
    family = yamada_family(midori)
    _move_out(midori, [family["翔太"]])
    url = f"/api/v1/102121/registry/residents/{family['翔太'].pk}"

    before = clerk_client.get(url).json()
    assert (before["status"], before["planned_removal_on"]) == ("active", "2026-12-20")
    today[0] = PLANNED
    on_the_day = clerk_client.get(url).json()
    assert (on_the_day["status"], on_the_day["planned_removal_on"]) == ("closed", None)
