"""転入届 typed in (registry/views/move_in.py): a new household, errors next to the person's
field."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.common.checkdigits import modulus11_check_digit
from jichitai.registry.models import Change, ChangeType, Resident, ResidentStatus
from jichitai.registry.services import residents_register, residents_remove
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person
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


def _ichiro_left(midori: Municipality) -> Resident:
    """鈴木一郎 (昭和55年1月2日生) lived here once and moved away: his 除票."""
    residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN,
        people=[person("鈴木 一郎", "スズキ イチロウ", dt.date(1980, 1, 2), "1", "世帯主")],
        address=MIDORI_ADDRESS,
        effective_on=dt.date(2020, 4, 1),
        notified_on=dt.date(2020, 4, 1),
        actor=None,
    )
    ichiro = Resident.objects.get()
    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[ichiro.pk],
        effective_on=dt.date(2022, 3, 31),
        notified_on=dt.date(2022, 3, 31),
        actor=None,
        moving_to_address="埼玉県さいたま市浦和区1番",
    )
    return ichiro


def test_move_in_of_a_returner_asks_the_clerk_and_reopens_the_closed_record(
    clerk_client: Client, midori: Municipality
) -> None:
    ichiro = _ichiro_left(midori)
    response = clerk_client.post(_url("move-in/"), _move_in_data())
    assert response.status_code == 200
    assert "同じ人（再転入者）か" in _field_error(response, "id_people-0-returner")
    page = _text(response)
    assert f"宛名番号 {ichiro.atena_number} の除票" in page and "昭和55年1月2日生" in page
    assert "国内転出（令和4年3月31日）" in page
    assert Resident.objects.count() == 1
    assert AuditRecord.objects.filter(action="registry.returner_candidates").count() == 1
    response = clerk_client.post(
        _url("move-in/"), _move_in_data(**{"people-0-returner": ichiro.atena_number})
    )
    assert response.status_code == 302
    back = Resident.objects.get(pk=ichiro.pk)
    assert back.status == ResidentStatus.ACTIVE and back.address.endswith("2000番地")
    assert Resident.objects.count() == 2  # 一郎 (reopened) and 二郎 (new)


def test_the_closed_records_items_can_be_taken_into_the_form_and_corrected(
    clerk_client: Client, midori: Municipality
) -> None:
    ichiro = _ichiro_left(midori)
    Resident.objects.filter(pk=ichiro.pk).update(domicile="群馬県みどり市大間々町大間々1番地")
    data = _move_in_data(**{"people-0-name_kana": "", "people-0-import": ichiro.atena_number})
    response = clerk_client.post(_url("move-in/"), data)
    assert response.status_code == 200
    page = _text(response)
    assert 'value="スズキ\u3000イチロウ"' in page  # the 除票's reading, for the clerk to correct
    assert 'value="群馬県みどり市大間々町大間々1番地"' in page
    assert 'value="群馬県みどり市大間々町大間々2000番地"' in page  # what was typed stays
    assert "入力内容を確認してください" not in page
    assert AuditRecord.objects.filter(action="registry.returner_import").count() == 1
    assert Resident.objects.count() == 1 and Change.objects.count() == 2
