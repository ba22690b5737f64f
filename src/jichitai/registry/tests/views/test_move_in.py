"""転入届 typed in (registry/views/move_in.py): a new household, errors next to the person's
field."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from jichitai.common.checkdigits import modulus11_check_digit
from jichitai.registry.models import Change, Resident
from jichitai.registry.tests.views.helpers import field_error as _field_error
from jichitai.registry.tests.views.helpers import move_in_data as _move_in_data
from jichitai.registry.tests.views.helpers import text as _text
from jichitai.registry.tests.views.helpers import url as _url
from jichitai.tenants.models import Municipality


def test_move_in_records_a_new_household(clerk_client: Client, midori: Municipality) -> None:
    response = clerk_client.post(_url("move-in/?people=2"), _move_in_data(), follow=True)
    ichiro = Resident.objects.get(name="鈴木　一郎")
    assert response.redirect_chain[-1][0] == _url(f"households/{ichiro.household_id}/")
    page = _text(response)
    assert "「国内転入」を記録しました" in page
    assert ichiro.name_kana == "スズキ　イチロウ" and ichiro.birth_date == dt.date(1980, 1, 2)
    assert ichiro.postal_code == "3760101" and ichiro.is_head
    assert Resident.objects.get(name="鈴木　二郎").household_id == ichiro.household_id


def test_move_in_shows_errors_next_to_the_persons_field_and_writes_nothing(
    clerk_client: Client, midori: Municipality
) -> None:
    response = clerk_client.post(
        _url("move-in/"), _move_in_data(**{"people-1-relationship": "祖父"})
    )
    assert response.status_code == 200
    assert "「父の父」" in _field_error(response, "id_people-1-relationship")
    assert "2人目の世帯主との続柄" in _text(response)  # the error summary names the person
    response = clerk_client.post(_url("move-in/"), _move_in_data(effective_on="R8.5.1"))
    assert "未来の日付" in _field_error(response, "id_effective_on")
    assert Resident.objects.count() == 0 and Change.objects.count() == 0


def test_move_in_refuses_a_my_number_already_recorded(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    response = clerk_client.post(
        _url("move-in/"), _move_in_data(**{"people-0-my_number": "123456789018"})
    )
    assert "他の住民に記載されています" in _field_error(response, "id_people-0-my_number")
    assert not Resident.objects.filter(name="鈴木　一郎").exists()


def test_move_in_from_a_paper_certificate_checks_its_items_on_the_page(
    clerk_client: Client, midori: Municipality
) -> None:
    """転出証明書（紙）: the clerk ticks it and types the 転出予定年月日 and the 住民票コード."""
    code_1 = "1234567890" + str(modulus11_check_digit("1234567890"))
    paper = {"by_move_out_certificate": "on", "move_out_planned_on": "R8.4.5"}
    data = _move_in_data(**paper, **{"people-0-resident_code": code_1})
    response = clerk_client.post(_url("move-in/"), data)
    assert "住民票コードを入力してください" in _field_error(response, "id_people-1-resident_code")
    response = clerk_client.post(
        _url("move-in/"), {**data, "move_out_planned_on": "", "people-1-resident_code": "1"}
    )
    assert "転出予定年月日を入力してください" in _field_error(response, "id_move_out_planned_on")
    assert Resident.objects.count() == 0

    code_2 = "2345678901" + str(modulus11_check_digit("2345678901"))
    response = clerk_client.post(
        _url("move-in/"), {**data, "people-1-resident_code": code_2}, follow=True
    )
    assert "「国内転入」を記録しました" in _text(response)
    assert Resident.objects.get(name="鈴木　二郎").resident_code == code_2
