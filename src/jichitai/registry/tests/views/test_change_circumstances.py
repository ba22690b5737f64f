"""How a change came about, on the staff pages: 異動日 blank at first (§4.0.3), 戸籍届出・通知日
on 出生 and 死亡 (§4.2.0.4), 職権 without a 届出 (§4.2.0.2), 申出 with its 申出日 (§4.2.0.5),
本籍・筆頭者 「なし」/「不明」 (§1.1.12), 同一住所への転居 (§4.1.2.1) and the 入力場所・入力端末
of the session (§1.2.1, §1.3.1)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from jichitai.registry.models import (
    DOMICILE_UNKNOWN,
    Change,
    ChangeBasis,
    ChangeType,
    InputPlace,
    InputTerminal,
    Resident,
)
from jichitai.registry.tests.views.conftest import TODAY
from jichitai.registry.tests.views.helpers import dates as _dates
from jichitai.registry.tests.views.helpers import field_error as _field_error
from jichitai.registry.tests.views.helpers import fresh as _fresh
from jichitai.registry.tests.views.helpers import move_in_data
from jichitai.registry.tests.views.helpers import text as _text
from jichitai.registry.tests.views.helpers import url as _url
from jichitai.tenants.models import Municipality


def _value(page: str, name: str) -> str | None:
    """The value a text box of the page starts with (None when it has no value attribute)."""
    match = re.search(rf'<input type="text" name="{name}"[^>]*>', page)
    assert match, f"no text box {name}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else None


def _label(page: str, field_id: str) -> str:
    match = re.search(rf'<label[^>]*for="{field_id}"[^>]*>(.*?)</label>', page, re.S)
    assert match, f"no label for {field_id}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def _latest_change() -> Change:
    change = Change.objects.order_by("-pk").first()
    assert change is not None
    return change


@pytest.mark.parametrize(
    "path",
    ["move-within/", "move-out/", "split/", "head/", "death/"],
)
def test_change_forms_start_with_a_blank_change_date_and_todays_notice_dates(
    clerk_client: Client, family: dict[str, Resident], path: str
) -> None:
    page = _text(clerk_client.get(_url(f"households/{family['花子'].household_id}/{path}")))
    assert _value(page, "effective_on") is None  # §4.0.3: 異動日は初期表示としては空欄
    assert _value(page, "notified_on") == "令和8年4月7日"
    assert _value(page, "offered_on") == "令和8年4月7日"  # §4.2.0.5: 処理日当日を初期表示


def test_resident_change_forms_start_with_a_blank_change_date(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    page = _text(clerk_client.get(_url(f"residents/{family['花子'].pk}/name/")))
    assert _value(page, "effective_on") is None
    assert _value(page, "notified_on") == "令和8年4月7日"
    # 氏名の変更 rests on a 戸籍届出 or notice: its date is called so (§4.2.0.4).
    assert _label(page, "id_notified_on").startswith("戸籍届出・通知日")


def test_birth_and_death_screens_ask_for_the_family_register_date(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    household_id = family["花子"].household_id
    birth = _text(clerk_client.get(_url(f"households/{household_id}/birth/")))
    assert _label(birth, "id_notified_on").startswith("戸籍届出・通知日")
    assert _value(birth, "notified_on") == "令和8年4月7日"
    death = _text(clerk_client.get(_url(f"households/{household_id}/death/")))
    assert _label(death, "id_notified_on").startswith("戸籍届出・通知日")

    response = clerk_client.post(
        _url(f"households/{household_id}/death/"),
        {"members": [family["美咲"].pk], "effective_on": "R8.4.5", "notified_on": "R8.4.6"},
    )
    assert response.status_code == 302
    change = _latest_change()
    assert change.change_type == ChangeType.DEATH
    assert change.notified_on is not None and change.notified_on.day == 6

    response = clerk_client.post(
        _url(f"households/{household_id}/birth/"),
        {
            "name": "山田　陽菜",
            "name_kana": "ヤマダ　ヒナ",
            "birth_date": "R8.4.1",
            "sex": "2",
            "relationship": "子",
            "resident_type": "japanese",
            "notified_on": "R8.4.3",
        },
    )
    assert response.status_code == 302
    change = _latest_change()
    assert change.change_type == ChangeType.BIRTH
    assert change.notified_on is not None and change.notified_on.day == 3


def test_a_move_within_made_ex_officio_is_marked_so_and_keeps_no_notification_date(
    supervisor_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    response = supervisor_client.post(
        _url(f"households/{hanako.household_id}/move-within/"),
        {
            "members": [r.pk for r in family.values()],
            **_dates(basis="ex_officio"),
            "address": "群馬県みどり市笠懸町鹿2952番地",
        },
    )
    assert response.status_code == 302
    change = _latest_change()
    assert change.change_type == ChangeType.MOVE_WITHIN
    assert change.basis == ChangeBasis.EX_OFFICIO
    assert change.notified_on is None and change.offered_on is None  # §4.2.0.2: 届出日を除く
    page = _text(supervisor_client.get(_url(f"residents/{hanako.pk}/")))
    assert '<span class="jt-tag">職権</span>' in page


def test_a_change_on_offer_is_marked_so_with_its_offer_date(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    household_id = family["花子"].household_id
    url = _url(f"households/{household_id}/split/")
    missing = clerk_client.post(
        url, {"members": [family["翔太"].pk], **_dates(basis="offer", offered_on="")}
    )
    assert "申出日を入力してください" in _field_error(missing, "id_offered_on")
    assert not Change.objects.filter(change_type=ChangeType.HOUSEHOLD_SPLIT).exists()

    response = clerk_client.post(
        url, {"members": [family["翔太"].pk], **_dates(basis="offer", offered_on="R8.4.2")}
    )
    assert response.status_code == 302
    change = _latest_change()
    assert change.basis == ChangeBasis.OFFER
    assert change.offered_on is not None and change.offered_on.day == 2
    assert change.notified_on is None
    page = _text(clerk_client.get(_url(f"residents/{family['翔太'].pk}/")))
    assert "申出による職権" in page and "申出日 令和8年4月2日" in page


def test_domicile_none_or_unknown_is_a_choice_distinct_from_a_real_domicile(
    clerk_client: Client, midori: Municipality
) -> None:
    page = _text(clerk_client.get(_url("move-in/")))
    assert 'name="people-0-domicile_state" value="none"' in page
    assert 'name="people-0-domicile_state" value="unknown"' in page
    response = clerk_client.post(
        _url("move-in/"),
        move_in_data(
            **{
                "people-0-domicile_state": "unknown",
                "people-0-domicile": "群馬県みどり市",  # ignored: 「不明」 was chosen
                "people-1-domicile_state": "stated",
                "people-1-domicile": "群馬県みどり市大間々町大間々1番地",
                "people-1-domicile_head": "鈴木　一郎",
            }
        ),
    )
    assert response.status_code == 302
    ichiro = Resident.objects.get(name="鈴木　一郎")
    jiro = Resident.objects.get(name="鈴木　二郎")
    assert ichiro.domicile == ichiro.domicile_head == DOMICILE_UNKNOWN
    assert not ichiro.domicile_stated and jiro.domicile_stated
    record = _text(clerk_client.get(_url(f"residents/{ichiro.pk}/")))
    assert "<dd>不明</dd>" in record


def test_a_move_to_another_building_at_the_same_address_is_a_move_within_without_a_remark(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    response = clerk_client.post(
        _url(f"households/{hanako.household_id}/move-within/"),
        {
            "members": [r.pk for r in family.values()],
            **_dates(),
            "address": hanako.address,  # the same 住所 (地番) …
            "address_extra": "離れ",  # … another building on it
        },
    )
    assert response.status_code == 302
    change = _latest_change()
    assert change.change_type == ChangeType.MOVE_WITHIN
    assert change.note == ""  # 実装しない: no automatic 「同一住所への転居」 in 備考
    hanako = _fresh(hanako)
    assert hanako.address_extra == "離れ" and hanako.address_fixed_on == TODAY
    assert "同一住所への転居" not in _text(clerk_client.get(_url(f"residents/{hanako.pk}/")))


def _places(midori: Municipality) -> tuple[InputPlace, InputPlace, InputTerminal]:
    main = InputPlace.objects.create(
        municipality=midori, code="001", name="本庁", kind="main_office", is_default=True
    )
    branch = InputPlace.objects.create(
        municipality=midori, code="002", name="笠懸支所", kind="branch"
    )
    terminal = InputTerminal.objects.create(
        municipality=midori, place=branch, code="K01", name="窓口1番"
    )
    return main, branch, terminal


def test_changes_record_the_default_place_or_the_one_the_session_chose(
    clerk_client: Client, midori: Municipality, family: dict[str, Resident]
) -> None:
    main, branch, terminal = _places(midori)
    household_id = family["花子"].household_id
    clerk_client.post(
        _url(f"households/{household_id}/split/"), {"members": [family["翔太"].pk], **_dates()}
    )
    first = _latest_change()
    assert (first.input_place, first.input_terminal) == (main, None)

    page = _text(clerk_client.get(_url("workplace/")))
    assert "笠懸支所" in page and "窓口1番" in page
    wrong = clerk_client.post(_url("workplace/"), {"place": main.pk, "terminal": terminal.pk})
    assert "選んだ入力場所にある入力端末" in _field_error(wrong, "id_terminal")
    chosen = clerk_client.post(_url("workplace/"), {"place": branch.pk, "terminal": terminal.pk})
    assert chosen.status_code == 302

    clerk_client.post(
        _url(f"households/{household_id}/split/"), {"members": [family["美咲"].pk], **_dates()}
    )
    second = _latest_change()
    assert (second.input_place, second.input_terminal) == (branch, terminal)
    page = _text(clerk_client.get(_url(f"residents/{family['美咲'].pk}/")))
    assert "入力場所 笠懸支所・窓口1番" in page


def test_the_workplace_page_offers_nothing_without_a_register(
    clerk_client: Client, midori: Municipality
) -> None:
    page = _text(clerk_client.get(_url("workplace/")))
    assert "入力場所が登録されていません" in page
