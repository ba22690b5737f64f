"""住民票 pages of one resident (registry/views/residents.py): the record with its history,
as of a date, and the 届出 and corrections on one record, 個人番号 revealed with a purpose."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.identity.models import StaffUser
from jichitai.registry.crypto import my_number_lookup_hash
from jichitai.registry.models import Change, ChangeBasis, ChangeType, Resident
from jichitai.registry.services import resident_name_change, residents_register
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person
from jichitai.registry.tests.views.helpers import dates as _dates
from jichitai.registry.tests.views.helpers import field_error as _field_error
from jichitai.registry.tests.views.helpers import fresh as _fresh
from jichitai.registry.tests.views.helpers import my_number as _my_number
from jichitai.registry.tests.views.helpers import text as _text
from jichitai.registry.tests.views.helpers import url as _url
from jichitai.tenants.models import Municipality


def test_resident_page_shows_grouped_items_and_the_history(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    response = clerk_client.get(_url(f"residents/{hanako.pk}/"))
    page = _text(response)
    assert response.status_code == 200
    for heading in ("基本4情報", "世帯", "本籍", "各種資格", "番号", "異動履歴"):
        assert heading in page
    assert "外国人住民の事項" not in page
    assert "平成2年6月15日" in page and "令和6年4月1日" in page
    assert "登録あり（表示には権限と利用目的が必要）" in page
    assert "123456789018" not in page and "9018" not in page
    assert "国内転入" in page and "新規記載" in page
    assert "群馬県みどり市大間々町大間々1番地" in page  # 本籍
    record = AuditRecord.objects.get(action="registry.resident_view")
    assert record.object_id == str(hanako.pk) and record.purpose == "住民基本台帳事務"


def test_timeline_names_the_items_each_change_altered(
    clerk_client: Client, family: dict[str, Resident], clerk: StaffUser, midori: Municipality
) -> None:
    hanako = family["花子"]
    resident_name_change(
        municipality=midori,
        resident_id=hanako.pk,
        name="佐藤　花子",
        name_kana="サトウ　ハナコ",
        effective_on=dt.date(2025, 2, 1),
        notified_on=dt.date(2025, 2, 1),
        actor=clerk,
    )
    page = _text(clerk_client.get(_url(f"residents/{hanako.pk}/")))
    newest = page.index("氏名の変更", page.index("異動履歴"))
    assert page.index("国内転入", page.index("異動履歴")) > newest  # newest first
    row = page[newest : page.index("</tr>", newest)]
    assert "氏名、氏名の振り仮名" in row and "届出の年月日" in row and "clerk" in row


def test_as_of_view_shows_the_record_as_it_stood(
    clerk_client: Client, family: dict[str, Resident], clerk: StaffUser, midori: Municipality
) -> None:
    hanako = family["花子"]
    resident_name_change(
        municipality=midori,
        resident_id=hanako.pk,
        name="佐藤　花子",
        name_kana="サトウ　ハナコ",
        effective_on=dt.date(2025, 2, 1),
        notified_on=dt.date(2025, 2, 1),
        actor=clerk,
    )
    page = _text(clerk_client.get(_url(f"residents/{hanako.pk}/"), {"on": "R7.1.31"}))
    assert "令和7年1月31日時点の記載事項" in page
    items = page[page.index("時点の記載事項") : page.index("異動履歴")]
    assert "山田　花子" in items and "佐藤　花子" not in items
    page = _text(clerk_client.get(_url(f"residents/{hanako.pk}/"), {"on": "2020-01-01"}))
    assert "その日には、この住民の記載はありません" in page
    response = clerk_client.get(_url(f"residents/{hanako.pk}/"), {"on": "きのう"})
    assert "日付の形式が正しくありません" in _field_error(response, "id_on")


def _foreign_resident(midori: Municipality) -> Resident:
    change = residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN_FROM_ABROAD,
        people=[
            person(
                "王　偉",
                "ワン　ウェイ",
                dt.date(1995, 3, 3),
                "1",
                "世帯主",
                resident_type="foreign",
                name_alphabet="WANG WEI",
                nationality="中国",
                foreign_category="mid_long_term",
                residence_status="技術・人文知識・国際業務",
                period_of_stay="5年",
                stay_expires_on=dt.date(2029, 3, 31),
                residence_card_number="AB12345678CD",
            )
        ],
        address=MIDORI_ADDRESS,
        effective_on=dt.date(2026, 4, 1),
        notified_on=dt.date(2026, 4, 1),
        actor=None,
    )
    return change.history_rows.get().resident


def test_foreign_residents_birth_and_stay_dates_are_western(
    clerk_client: Client, midori: Municipality
) -> None:
    wang = _foreign_resident(midori)
    page = _text(clerk_client.get(_url(f"residents/{wang.pk}/")))
    assert "外国人住民の事項" in page and "本籍" not in page.split("異動履歴")[0].split("番号")[-1]
    assert "1995年3月3日" in page and "2029年3月31日" in page
    assert "平成7年3月3日" not in page
    assert "令和8年4月1日" in page  # other dates stay 和暦
    assert "通称の記載・削除" in page and "旧氏の記載・変更・削除" not in page


def test_closed_records_offer_only_corrections(
    supervisor_client: Client, family: dict[str, Resident]
) -> None:
    supervisor_client.post(
        _url(f"households/{family['花子'].household_id}/death/"),
        {"members": [family["美咲"].pk], **_dates()},
    )
    page = _text(supervisor_client.get(_url(f"residents/{family['美咲'].pk}/")))
    assert "除票のため" in page and "誤記修正・職権修正" in page
    assert "転居届" not in page and "氏名の変更" not in page
    response = supervisor_client.get(_url(f"residents/{family['美咲'].pk}/name/"))
    assert response.status_code == 302


# ---------------------------------------------------------------------------- 修正


def test_name_change(clerk_client: Client, family: dict[str, Resident]) -> None:
    hanako = family["花子"]
    url = _url(f"residents/{hanako.pk}/name/")
    assert 'value="山田　花子"' in _text(clerk_client.get(url))
    response = clerk_client.post(
        url, {"name": "佐藤　花子", "name_kana": "さとう　はなこ", **_dates()}, follow=True
    )
    assert response.redirect_chain[-1][0] == _url(f"residents/{hanako.pk}/")
    assert "「氏名の変更」を記録しました" in _text(response)
    assert _fresh(hanako).name == "佐藤　花子" and _fresh(hanako).name_kana == "サトウ　ハナコ"


def test_former_surname_is_recorded(clerk_client: Client, family: dict[str, Resident]) -> None:
    hanako = family["花子"]
    clerk_client.post(
        _url(f"residents/{hanako.pk}/former-surname/"),
        {"former_surname": "鈴木", "former_surname_kana": "スズキ", **_dates(notified_on="R8.4.6")},
    )
    assert _fresh(hanako).former_surname == "鈴木"
    # 旧氏 is recorded on 請求: the date asked is the 請求日 (§1.2.1), not a 届出日.
    change = Change.objects.get(change_type=ChangeType.FORMER_SURNAME_ENTRY)
    assert change.requested_on == dt.date(2026, 4, 6) and change.notified_on is None
    assert "山田　花子（鈴木）" in _text(clerk_client.get(_url(f"residents/{hanako.pk}/")))


def test_alias_is_recorded_for_a_foreign_resident(
    clerk_client: Client, midori: Municipality
) -> None:
    wang = _foreign_resident(midori)
    response = clerk_client.post(
        _url(f"residents/{wang.pk}/alias/"),
        {"alias": "王　太郎", "alias_kana": "おう　たろう", **_dates(offered_on="R8.4.6")},
        follow=True,
    )
    assert "「通称の記載」を記録しました" in _text(response)
    assert _fresh(wang).alias == "王　太郎" and _fresh(wang).alias_kana == "オウ　タロウ"
    # The box was left unticked: the reading is recorded as not checked with the person.
    assert _fresh(wang).alias_kana_confirmed is False
    # 通称 is recorded on 申出: the history keeps the 申出日, not a 届出日 (§1.2.1).
    change = Change.objects.get(change_type=ChangeType.ALIAS_CHANGE)
    assert change.basis == ChangeBasis.OFFER and change.offered_on == dt.date(2026, 4, 6)
    assert change.notified_on is None


def test_former_surname_and_alias_readings_carry_their_confirmation_flag(
    clerk_client: Client, family: dict[str, Resident], midori: Municipality
) -> None:
    """フリガナ確認フラグ for 旧氏 and 通称 (doc/j180.txt §1.1.18), entered, kept in the
    history and shown on the record."""
    hanako = family["花子"]
    clerk_client.post(
        _url(f"residents/{hanako.pk}/former-surname/"),
        {
            "former_surname": "鈴木",
            "former_surname_kana": "すずき",
            "former_surname_kana_confirmed": "on",
            **_dates(notified_on="R8.4.6"),
        },
    )
    hanako = _fresh(hanako)
    assert (hanako.former_surname_kana, hanako.former_surname_kana_confirmed) == ("スズキ", True)
    assert hanako.history.order_by("-history_number")[0].snapshot["former_surname_kana_confirmed"]
    page = _text(clerk_client.get(_url(f"residents/{hanako.pk}/")))
    former = page[page.index("鈴木（スズキ）") :]
    assert former.index("本人確認済み") < former.index("</dd>")
    wang = _foreign_resident(midori)
    clerk_client.post(
        _url(f"residents/{wang.pk}/alias/"),
        {
            "alias": "王　太郎",
            "alias_kana": "オウ　タロウ",
            "alias_kana_confirmed": "on",
            **_dates(offered_on="R8.4.6"),
        },
    )
    assert _fresh(wang).alias_kana_confirmed is True
    # Deleting the 通称 clears its flag with it.
    clerk_client.post(
        _url(f"residents/{wang.pk}/alias/"),
        {
            "alias": "",
            "alias_kana": "",
            "alias_kana_confirmed": "on",
            **_dates(offered_on="R8.4.7"),
        },
    )
    assert (_fresh(wang).alias, _fresh(wang).alias_kana_confirmed) == ("", False)


def test_alias_is_refused_for_a_japanese_resident_next_to_the_field(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    response = clerk_client.post(
        _url(f"residents/{hanako.pk}/alias/"),
        {"alias": "ハナ", "alias_kana": "", **_dates(offered_on="R8.4.7")},
    )
    assert "外国人住民にのみ" in _field_error(response, "id_alias")
    assert _fresh(hanako).alias == ""


def test_my_number_change_and_its_duplicate(
    clerk_client: Client, family: dict[str, Resident], midori: Municipality
) -> None:
    shota = family["翔太"]
    url = _url(f"residents/{shota.pk}/my-number/change/")
    response = clerk_client.post(url, {"my_number": "123456789018", **_dates()})
    assert "他の住民に記載されています" in _field_error(response, "id_my_number")
    assert _fresh(shota).my_number_hash == ""
    new = _my_number("98765432101")
    clerk_client.post(url, {"my_number": new, **_dates()})
    assert _fresh(shota).my_number_hash == my_number_lookup_hash(new, lg_code=midori.lg_code)


def test_correction_chooses_items_then_corrects_them(
    supervisor_client: Client, family: dict[str, Resident]
) -> None:
    shota = family["翔太"]
    url = _url(f"residents/{shota.pk}/correction/")
    page = _text(supervisor_client.get(url))
    assert 'name="items"' in page and "生年月日" in page
    url += "?items=birth_date&items=sex"
    page = _text(supervisor_client.get(url))
    assert 'value="平成30年5月20日"' in page
    response = supervisor_client.post(
        url,
        {"item_birth_date": "H30.5.21", "item_sex": "1", "change_type": "clerical_correction"},
    )
    assert "必須" in _text(response) and _field_error(response, "id_reason")
    response = supervisor_client.post(
        url,
        {
            "item_birth_date": "H30.5.21",
            "item_sex": "1",
            "change_type": "clerical_correction",
            "reason": "出生届の記載との照合",
        },
        follow=True,
    )
    assert "「誤記修正」を記録しました" in _text(response)
    assert _fresh(shota).birth_date == dt.date(2018, 5, 21)
    page = _text(response)
    assert "出生届の記載との照合" in page


def test_minor_correction_is_chosen_with_its_cause_and_kept_to_name_and_address(
    supervisor_client: Client, family: dict[str, Resident]
) -> None:
    """§4.2.3.1 (choose 軽微な修正) and §4.2.3.2 (its causes; 氏名・住所 only)."""
    hanako = family["花子"]
    url = _url(f"residents/{hanako.pk}/correction/?items=address")
    page = _text(supervisor_client.get(url))
    assert "軽微な修正" in page and "住居表示の実施・変更" in page
    minor = {
        "item_address": "群馬県みどり市大間々町大間々2番3号",
        "change_type": "minor_correction",
    }
    response = supervisor_client.post(url, {**minor, "reason": "住居表示の実施"})
    assert _field_error(response, "id_minor_kind")
    response = supervisor_client.post(
        url,
        {**minor, "reason": "令和8年4月1日実施", "minor_kind": "住居表示の実施・変更"},
        follow=True,
    )
    assert "「軽微な修正」を記録しました" in _text(response)
    assert _fresh(hanako).address == "群馬県みどり市大間々町大間々2番3号"
    change = Change.objects.get(change_type=ChangeType.MINOR_CORRECTION)
    assert change.note == "住居表示の実施・変更：令和8年4月1日実施"
    # A 生年月日 is not 氏名又は住所: not a 軽微な修正.
    url = _url(f"residents/{hanako.pk}/correction/?items=birth_date")
    response = supervisor_client.post(
        url,
        {
            "item_birth_date": "H2.6.16",
            "change_type": "minor_correction",
            "minor_kind": "文字の同定",
            "reason": "照合",
        },
    )
    assert "氏名又は住所に係る記載だけ" in _text(response)
    assert _fresh(hanako).birth_date == dt.date(1990, 6, 15)


def test_my_number_is_revealed_to_a_reviewer_with_a_purpose_and_audited(
    supervisor_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    page = _text(supervisor_client.get(_url(f"residents/{hanako.pk}/")))
    assert "個人番号を表示" in page and "123456789018" not in page
    url = _url(f"residents/{hanako.pk}/my-number/")
    response = supervisor_client.post(url, {"purpose": ""})
    assert _field_error(response, "id_purpose")
    response = supervisor_client.post(url, {"purpose": "個人番号カードの交付"})
    assert "1234 5678 9018" in _text(response)
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    record = AuditRecord.objects.get(action="registry.my_number_reveal")
    assert record.purpose == "個人番号カードの交付" and record.result == "success"


def test_naturalisation_page_records_a_japanese_record_keeping_the_numbers(
    clerk_client: Client, midori: Municipality
) -> None:
    wang = _foreign_resident(midori)
    page = _text(clerk_client.get(_url(f"residents/{wang.pk}/")))
    assert "帰化・国籍取得" in page and "国籍喪失" not in page
    url = _url(f"residents/{wang.pk}/naturalisation/")
    form = {
        "kind": "naturalisation",
        "name": "王　偉",
        "name_kana": "ワン　ウェイ",
        "domicile": "",
        "domicile_head": "王　偉",
        **_dates(),
    }
    response = clerk_client.post(url, form)
    assert _field_error(response, "id_domicile")
    response = clerk_client.post(
        url, {**form, "domicile": "群馬県みどり市大間々町大間々1番地"}, follow=True
    )
    assert "「職権記載（帰化等）」を記録しました" in _text(response)
    after = _fresh(wang)
    assert (after.resident_type, after.atena_number, after.resident_code) == (
        "japanese",
        wang.atena_number,
        wang.resident_code,
    )
    assert after.nationality == "" and after.domicile == "群馬県みどり市大間々町大間々1番地"


def test_nationality_loss_page_records_a_foreign_record(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    url = _url(f"residents/{hanako.pk}/nationality-loss/")
    form = {"nationality": "アメリカ合衆国", "foreign_category": "", **_dates()}
    response = clerk_client.post(url, form)
    assert _field_error(response, "id_foreign_category")
    response = clerk_client.post(url, {**form, "foreign_category": "transitional"}, follow=True)
    assert "「職権記載（国籍喪失）」を記録しました" in _text(response)
    after = _fresh(hanako)
    assert after.resident_type == "foreign" and after.domicile == ""
    assert after.atena_number == hanako.atena_number
