"""転入 with a paper 転出証明書 (施行令 第23条): the clerk types its items once; the service
checks them (required items, 住民票コード and 個人番号 check digits, dates) with field errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from jichitai.common.checkdigits import modulus11_check_digit
from jichitai.common.exceptions import DomainError
from jichitai.registry.models import Resident
from jichitai.registry.services import Address, residents_move_in_from_paper_certificate
from jichitai.registry.tests.factories import person
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
