"""転入 with a paper 転出証明書 (施行令 第23条): the clerk types its items once; the service
checks them (required items, 住民票コード and 個人番号 check digits, dates) with field errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from jichitai.common.checkdigits import modulus11_check_digit
from jichitai.common.exceptions import DomainError
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import (
    Address,
    residents_move_in_from_paper_certificate,
    residents_remove,
)
from jichitai.registry.tests.factories import person, yamada_family
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 12, 6)
CODE_1 = "1234567890" + str(modulus11_check_digit("1234567890"))
CODE_2 = "2345678901" + str(modulus11_check_digit("2345678901"))


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _move_in(midori: Municipality, **override: Any) -> None:
    values: dict[str, Any] = {
        "people": [
            person(
                "佐藤　一郎",
                "サトウ　イチロウ",
                dt.date(1985, 3, 1),
                "1",
                "世帯主",
                resident_code=CODE_1,
                my_number="123456789018",
            ),
            person(
                "佐藤　花", "サトウ　ハナ", dt.date(2015, 7, 7), "2", "子", resident_code=CODE_2
            ),
        ],
        "previous_address": "埼玉県さいたま市浦和区高砂3丁目15番1号",
        "move_out_planned_on": dt.date(2026, 12, 10),
        "effective_on": dt.date(2026, 12, 5),
        **override,
    }
    residents_move_in_from_paper_certificate(
        municipality=midori,
        address=Address(address="群馬県みどり市大間々町大間々2000番地"),
        notified_on=TODAY,
        actor=None,
        **values,
    )


def _refused(midori: Municipality, **override: Any) -> tuple[str, str]:
    with pytest.raises(DomainError) as refused:
        _move_in(midori, **override)
    assert not Resident.objects.exists()
    return refused.value.errors[0].field, refused.value.code


def test_the_people_keep_their_codes_and_the_planned_date_is_kept(midori: Municipality) -> None:
    # 転入日 12/5 before the 転出予定日 12/10: people may move earlier than planned (§1.1.5).
    _move_in(midori)

    ichiro = Resident.objects.get(name="佐藤　一郎")
    assert ichiro.resident_code == CODE_1 and ichiro.became_resident_on == dt.date(2026, 12, 5)
    assert ichiro.previous_address == "埼玉県さいたま市浦和区高砂3丁目15番1号"
    change = ichiro.history.get().change
    assert "転出証明書による転入（転出予定年月日 令和8年12月10日）" in change.note


def test_each_item_of_the_certificate_is_checked_with_its_field(midori: Municipality) -> None:
    assert _refused(midori, move_out_planned_on=None) == (
        "/move_out_planned_on",
        "registry.move_out_certificate_item_required",
    )
    assert _refused(midori, previous_address=" ") == (
        "/previous_address",
        "registry.move_out_certificate_item_required",
    )
    no_code = [person("佐藤　一郎", "サトウ　イチロウ", dt.date(1985, 3, 1), "1", "世帯主")]
    assert _refused(midori, people=no_code) == (
        "/resident_code",
        "registry.move_out_certificate_item_required",
    )
    wrong_code = [
        person(
            "佐藤　一郎",
            "サトウ　イチロウ",
            dt.date(1985, 3, 1),
            "1",
            "世帯主",
            resident_code=CODE_1[:-1] + str((int(CODE_1[-1]) + 1) % 10),
        )
    ]
    assert _refused(midori, people=wrong_code) == (
        "/resident_code",
        "resident_code.check_digit",
    )
    wrong_number = [
        person(
            "佐藤　一郎",
            "サトウ　イチロウ",
            dt.date(1985, 3, 1),
            "1",
            "世帯主",
            resident_code=CODE_1,
            my_number="123456789010",
        )
    ]
    assert _refused(midori, people=wrong_number) == ("/my_number", "my_number.check_digit")
    assert _refused(midori, move_out_planned_on=dt.date(1980, 1, 1)) == (
        "/move_out_planned_on",
        "registry.move_out_planned_on_invalid",
    )
    assert _refused(midori, move_out_planned_on=dt.date(2027, 6, 1)) == (
        "/move_out_planned_on",
        "registry.move_out_planned_on_invalid",
    )
    assert _refused(midori, effective_on=dt.date(2026, 12, 7))[0] == "/effective_on"


def test_the_move_in_notice_ends_a_planned_move_out_here_on_the_move_in_day(
    midori: Municipality, minakami: Municipality
) -> None:
    """A paper 転出証明書 from みどり市 (served here): the 転入 in みなかみ町 before the 転出予定日
    ends the former record on the 転入日 (doc/j50.txt §1.1.5)."""
    family = yamada_family(midori)
    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[family["翔太"].pk],
        effective_on=dt.date(2026, 12, 20),
        notified_on=TODAY,
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町",
    )
    shota = family["翔太"]
    moved = person(
        "山田　翔太",
        "ヤマダ　ショウタ",
        shota.birth_date,
        "1",
        "世帯主",
        resident_code=shota.resident_code,
    )

    residents_move_in_from_paper_certificate(
        municipality=minakami,
        people=[moved],
        address=Address(address="群馬県利根郡みなかみ町後閑318番地"),
        previous_address=shota.address,
        move_out_planned_on=dt.date(2026, 12, 20),
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
        former_lg_code=midori.lg_code,
    )

    shota.refresh_from_db()
    assert shota.is_closed and shota.status == "closed" and shota.removed_on == TODAY
    assert shota.moving_to_address == "群馬県利根郡みなかみ町後閑318番地"
    hanako = Resident.objects.get(pk=family["花子"].pk)
    assert not hanako.is_closed  # her own record is not touched


def test_a_move_in_notice_for_people_the_former_town_did_not_remove_is_refused(
    midori: Municipality, minakami: Municipality
) -> None:
    family = yamada_family(midori)  # no 転出届 at みどり市
    hanako = family["花子"]
    with pytest.raises(DomainError) as refused:
        residents_move_in_from_paper_certificate(
            municipality=minakami,
            people=[
                person(
                    "山田　花子",
                    "ヤマダ　ハナコ",
                    hanako.birth_date,
                    "2",
                    "世帯主",
                    resident_code=hanako.resident_code,
                )
            ],
            address=Address(address="群馬県利根郡みなかみ町後閑318番地"),
            previous_address=hanako.address,
            move_out_planned_on=TODAY,
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
            former_lg_code=midori.lg_code,
        )
    assert refused.value.errors[0].field == "/former_lg_code"
    assert refused.value.code == "registry.move_out_not_found"
    assert not Resident.objects.for_municipality(minakami).exists()
    with pytest.raises(DomainError) as wrong_code:
        _move_in(minakami, former_lg_code="123456")
    assert wrong_code.value.code == "registry.former_lg_code_invalid"
