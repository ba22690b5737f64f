"""生年月日 known only in part (doc/j80.txt §1.1.8): recorded as the 戸籍 gives it, shown so
on screens, certificates and files, and counted from conservatively by the age rules."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.common.exceptions import InvalidInput
from jichitai.identity.models import StaffUser
from jichitai.registry.layout import registry_export, registry_import
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import (
    relationships_propose,
    resident_correct,
    residents_register,
)
from jichitai.registry.tests.certificates.helpers import issue, pdf_text, set_mayor_name
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 4, 7)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _enter(
    municipality: Municipality, *people: Any, effective_on: dt.date = TODAY
) -> list[Resident]:
    change = residents_register(
        municipality=municipality,
        change_type=ChangeType.MOVE_IN,
        people=list(people),
        address=MIDORI_ADDRESS,
        effective_on=effective_on,
        notified_on=effective_on,
        actor=None,
    )
    return list(Resident.objects.filter(history__change=change).order_by("household_order"))


def _unknown(name: str, text: str, relationship: str = "世帯主", sex: str = "1") -> Any:
    # The date given beside a text is ignored: the entry derives the sort day from the text.
    return person(name, "スズキ　タロウ", TODAY, sex, relationship, birth_date_text=text)


def test_a_birth_date_known_only_by_its_year_is_kept_as_written(midori: Municipality) -> None:
    (taro,) = _enter(midori, _unknown("鈴木　太郎", "昭和２０年　月日不詳"))
    assert taro.birth_date_text == "昭和20年 月日不詳"
    assert taro.birth_date_form == "month_day_unknown"
    # Sorted and counted from the latest day it can be, never shown.
    assert taro.birth_date == dt.date(1945, 12, 31) and not taro.birth_date_exact


def test_the_edge_days_of_two_eras_and_a_non_calendar_day_are_accepted(
    midori: Municipality,
) -> None:
    meiji, leap = _enter(
        midori,
        _unknown("鈴木　一", "明治45年7月30日"),
        _unknown("鈴木　二", "平成3年2月29日", relationship="子"),
    )
    assert (meiji.birth_date_text, meiji.birth_date) == ("明治45年7月30日", dt.date(1912, 7, 30))
    assert leap.birth_date_text == "平成3年2月29日" and leap.birth_date_form == "non_calendar"


def test_a_wholly_unknown_birth_date_is_no_age_and_no_vote(midori: Municipality) -> None:
    (taro,) = _enter(midori, _unknown("鈴木　太郎", "年月日不詳"), effective_on=dt.date(2020, 1, 6))
    assert taro.birth_date_text == "年月日不詳" and taro.age_unknown
    # 「内部的には日付を保有」: the day of the entry, the latest he can have been born.
    assert taro.birth_date == dt.date(2020, 1, 6)
    assert not taro.on_electoral_roll_on(dt.date(2060, 1, 1))


def test_electoral_roll_counts_age_from_the_latest_possible_birth_day(
    midori: Municipality,
) -> None:
    # 平成20年 月日不詳: born in 2008, so 18 for certain only from 2026-12-30 (the day before
    # the 31st of December's birthday, 年齢計算ニ関スル法律).
    (taro,) = _enter(
        midori, _unknown("鈴木　太郎", "平成20年 月日不詳"), effective_on=dt.date(2025, 4, 1)
    )
    assert not taro.on_electoral_roll_on(dt.date(2026, 12, 29))
    assert taro.on_electoral_roll_on(dt.date(2026, 12, 30))
    (known,) = _enter(
        midori,
        person("佐藤　花子", "サトウ　ハナコ", dt.date(2008, 1, 1), "2", "世帯主"),
        effective_on=dt.date(2025, 4, 1),
    )
    assert known.on_electoral_roll_on(dt.date(2025, 12, 31))


def test_head_change_proposes_no_older_or_younger_sibling_from_an_unknown_birth_date(
    midori: Municipality,
) -> None:
    father, elder, younger = _enter(
        midori,
        person("鈴木　一郎", "スズキ　イチロウ", dt.date(1950, 1, 1), "1", "世帯主"),
        person("鈴木　二郎", "スズキ　ジロウ", dt.date(1975, 1, 1), "1", "子"),
        _unknown("鈴木　三郎", "昭和55年頃", relationship="子"),
    )
    proposals = relationships_propose(members=[father, elder, younger], new_head=elder)
    assert proposals[younger.pk] == ("父の子", False)  # 兄 or 弟 is for staff to say
    proposals = relationships_propose(members=[father, younger, elder], new_head=younger)
    assert proposals[elder.pk] == ("父の子", False)


def test_a_correction_records_a_partial_date_and_refuses_to_drop_it_without_a_date(
    midori: Municipality,
) -> None:
    (taro,) = _enter(
        midori, person("鈴木　太郎", "スズキ　タロウ", dt.date(1945, 3, 1), "1", "世帯主")
    )
    resident_correct(
        municipality=midori,
        resident_id=taro.pk,
        change_type=ChangeType.EX_OFFICIO_CORRECTION,
        updates={"birth_date_text": "推定昭和20年3月"},
        reason="戸籍の記載による",
        actor=None,
    )
    taro.refresh_from_db()
    assert (taro.birth_date_text, taro.birth_date) == ("推定昭和20年3月", dt.date(1945, 3, 31))
    with pytest.raises(InvalidInput):
        resident_correct(
            municipality=midori,
            resident_id=taro.pk,
            change_type=ChangeType.EX_OFFICIO_CORRECTION,
            updates={"birth_date_text": ""},
            reason="誤り",
            actor=None,
        )
    resident_correct(
        municipality=midori,
        resident_id=taro.pk,
        change_type=ChangeType.CLERICAL_CORRECTION,
        updates={"birth_date": dt.date(1945, 3, 9)},
        reason="生年月日が判明",
        actor=None,
    )
    taro.refresh_from_db()
    assert (taro.birth_date_text, taro.birth_date_form) == ("", "")


def test_the_certificate_prints_what_is_known_never_the_sort_day(
    midori: Municipality, clerk: StaffUser, tmp_path: Path
) -> None:
    set_mayor_name(midori, "山田　一郎")
    residents = _enter(midori, _unknown("鈴木　太郎", "昭和20年 月日不詳"))
    text = pdf_text(issue(midori, residents, clerk).pdf, tmp_path)
    assert "昭和20年月日不詳" in text  # pdf_text drops spaces
    assert "昭和20年12月31日" not in text


def test_screens_show_what_is_known(midori: Municipality, clerk_client: Client) -> None:
    (taro,) = _enter(midori, _unknown("鈴木　太郎", "年月日不詳"))
    for path in (f"households/{taro.household_id}/", f"residents/{taro.pk}/"):
        page = clerk_client.get(f"/102121/registry/{path}").content.decode()
        assert "年月日不詳" in page
        assert "令和8年4月7日" not in page.split("生年月日", 1)[1][:200]


def test_the_move_in_page_takes_an_unknown_birth_date(
    midori: Municipality, clerk_client: Client
) -> None:
    from jichitai.registry.tests.views.helpers import move_in_data

    response = clerk_client.post(
        "/102121/registry/move-in/",
        move_in_data(**{"people-0-birth_date": "昭和55年1月 日不詳"}),
    )
    assert response.status_code == 302
    ichiro = Resident.objects.get(name="鈴木　一郎")
    assert ichiro.birth_date_text == "昭和55年1月 日不詳"
    assert ichiro.birth_date == dt.date(1980, 1, 31)


def test_the_api_takes_and_answers_the_text(midori: Municipality, clerk_client: Client) -> None:
    body: dict[str, Any] = {
        "type": "move_in_from_abroad",
        "effective_on": TODAY.isoformat(),
        "address": {"address": MIDORI_ADDRESS.address},
        "people": [
            {
                "name": "鈴木 太郎",
                "name_kana": "スズキ タロウ",
                "birth_date_text": "推定昭和20年3月4日",
                "sex": "1",
                "relationship": "世帯主",
            }
        ],
    }
    base = "/api/v1/102121/registry"
    created = clerk_client.post(
        f"{base}/changes/entry", json.dumps(body), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    (resident_id,) = created.json()["resident_ids"]
    detail = clerk_client.get(f"{base}/residents/{resident_id}").json()
    assert detail["birth_date_text"] == "推定昭和20年3月4日"
    body["people"][0]["birth_date_text"] = "昭和20年ごろ"
    refused = clerk_client.post(
        f"{base}/changes/entry", json.dumps(body), content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "/birth_date_text"


def test_the_layout_carries_the_text_and_its_form(
    midori: Municipality, minakami: Municipality, tmp_path: Path
) -> None:
    _enter(midori, _unknown("鈴木　太郎", "昭和20年3月上旬"))
    registry_export(municipality=midori, destination=tmp_path / "a", actor=None)
    registry_import(
        municipality=minakami, path=tmp_path / "a", actor=None, allow_other_municipality=True
    )
    imported = Resident.objects.for_municipality(minakami).get(name="鈴木　太郎")
    assert imported.birth_date_text == "昭和20年3月上旬"
    assert imported.birth_date_form == "ten_days"
    assert imported.birth_date == dt.date(1945, 3, 10)
