"""The registry's staff pages through the Django test client: what a clerk sees and what each
form does to the register, errors next to their fields, access rules and the audit trail."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from jichitai.audit.models import AuditRecord
from jichitai.common.checkdigits import my_number_check_digit
from jichitai.conftest import signed_in
from jichitai.identity.models import StaffUser
from jichitai.registry.crypto import my_number_lookup_hash
from jichitai.registry.models import Change, ChangeType, Household, Resident, ResidentStatus
from jichitai.registry.services import Address, resident_name_change, residents_register
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person, yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.client import ClientResponse

TODAY = dt.date(2026, 4, 7)
LG = "102121"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def family(midori: Municipality, clerk: StaffUser) -> dict[str, Resident]:
    return yamada_family(midori, actor=clerk)


@pytest.fixture
def supervisor_client(supervisor: StaffUser) -> Client:
    return signed_in(supervisor)


def _my_number(body: str) -> str:
    return f"{body}{my_number_check_digit(body)}"


def _url(path: str) -> str:
    return f"/{LG}/registry/{path}"


def _fresh(resident: Resident) -> Resident:
    return Resident.objects.get(pk=resident.pk)


def _text(response: ClientResponse) -> str:
    return response.content.decode()


def _field_error(response: ClientResponse, field_id: str) -> str:
    """The error list rendered next to a field (includes/field.html: id="<id>_error")."""
    match = re.search(
        rf'<ul class="jt-field__errors" id="{field_id}_error">(.*?)</ul>', _text(response), re.S
    )
    assert match, f"no error next to {field_id}"
    return match.group(1)


def _dates(**extra: str) -> dict[str, str]:
    return {"effective_on": "令和8年4月7日", "notified_on": "R8.4.7", **extra}


def _family_of(size: int, midori: Municipality) -> Household:
    people = [person("大家　一郎", "オオヤ　イチロウ", dt.date(1960, 1, 1), "1", "世帯主")]
    given = ["イチ", "ニ", "サン", "シ", "ゴ", "ロク"]
    people += [
        person(f"大家　{name}", f"オオヤ　{name}", dt.date(1990 + i, 1, 1), "2", "子")
        for i, name in enumerate(given[: size - 1])
    ]
    change = residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN,
        people=people,
        address=Address(address="群馬県みどり市笠懸町阿左美1番地"),
        effective_on=dt.date(2025, 1, 6),
        notified_on=dt.date(2025, 1, 6),
        actor=None,
    )
    row = change.history_rows.first()
    assert row is not None
    return row.resident.household


# ---------------------------------------------------------------------------- search


def test_search_page_shows_a_hint_and_queries_nothing(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    response = clerk_client.get(_url(""))
    assert response.status_code == 200
    page = _text(response)
    assert "いずれかを入力して検索してください" in page
    assert "山田" not in page
    assert not AuditRecord.objects.filter(action="registry.search").exists()


def test_search_is_sent_by_post_and_lists_residents_in_wareki(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    page = _text(clerk_client.get(_url("")))
    assert re.search(r'<form method="post"[^>]*role="search"', page)

    response = clerk_client.post(_url(""), {"name": "やまだ"})
    page = _text(response)
    assert response.status_code == 200
    assert page.count('href="/102121/registry/residents/') == 3
    assert "平成2年6月15日" in page  # 山田花子, 1990-06-15
    assert "ヤマダ　ハナコ" in page and "住民" in page
    record = AuditRecord.objects.get(action="registry.search")
    assert record.detail == {"residents": 3} and "山田" not in str(record.detail)


def test_search_by_wareki_birth_date_and_my_number(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    page = _text(clerk_client.post(_url(""), {"birth": "H2.6.15"}))
    assert "山田　花子" in page and "山田　翔太" not in page
    page = _text(clerk_client.post(_url(""), {"my_number": "123456789018"}))
    assert "山田　花子" in page and "山田　美咲" not in page


def test_an_empty_search_shows_the_hint_and_runs_no_query(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    page = _text(clerk_client.post(_url(""), {"name": "  "}))
    assert "検索条件が入力されていません" in page
    assert "山田" not in page
    assert not AuditRecord.objects.filter(action="registry.search").exists()


def test_search_errors_are_shown_next_to_the_field(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    response = clerk_client.post(_url(""), {"resident_code": "123"})
    assert "住民票コードは半角数字11桁" in _field_error(response, "id_resident_code")
    response = clerk_client.post(_url(""), {"birth": "令和99年13月1日"})
    assert "存在しない日付" in _field_error(response, "id_birth")


def test_closed_records_are_found_only_when_asked(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    clerk_client.post(
        _url(f"households/{family['花子'].household_id}/death/"),
        {"members": [family["美咲"].pk], **_dates()},
    )
    assert "山田　美咲" not in _text(clerk_client.post(_url(""), {"name": "ミサキ"}))
    page = _text(clerk_client.post(_url(""), {"name": "ミサキ", "include_closed": "on"}))
    assert "山田　美咲" in page and "除票" in page


# ---------------------------------------------------------------------------- record, household


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


def test_household_page_lists_members_in_order_with_relationships(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    response = clerk_client.get(_url(f"households/{family['花子'].household_id}/"))
    page = _text(response)
    assert response.status_code == 200
    assert page.index("山田　花子") < page.index("山田　翔太") < page.index("山田　美咲")
    assert "<strong>世帯主</strong>" in page and page.count("<td>子</td>") == 2
    assert AuditRecord.objects.get(action="registry.household_view").detail == {"residents": 3}


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


def test_pages_cost_no_more_queries_for_a_bigger_household(
    clerk_client: Client,
    midori: Municipality,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    def visit(household: Household) -> None:
        head = household.members.get(relationship="世帯主")
        assert clerk_client.get(_url(f"residents/{head.pk}/")).status_code == 200
        assert clerk_client.get(_url(f"households/{household.pk}/")).status_code == 200

    small, big = _family_of(2, midori), _family_of(7, midori)
    visit(small)  # warm up: session, roles
    with CaptureQueriesContext(connection) as queries:
        visit(small)
    with django_assert_max_num_queries(len(queries)):
        visit(big)


# ---------------------------------------------------------------------------- access


def test_another_municipalitys_staff_get_404_for_midori_ids(
    outsider_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    for lg_code in ("102121", "104493"):
        for path in (
            f"residents/{hanako.pk}/",
            f"households/{hanako.household_id}/",
            f"residents/{hanako.pk}/name/",
            f"households/{hanako.household_id}/move-out/",
        ):
            response = outsider_client.get(f"/{lg_code}/registry/{path}")
            assert response.status_code == 404, (lg_code, path)
    assert not AuditRecord.objects.filter(action="registry.resident_view", result="success")
    assert AuditRecord.objects.filter(chain=LG, result="denied").count() == 4


def test_clerks_cannot_open_corrections_cancellations_or_reveal(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    change = hanako.history.get().change
    for path in (
        f"residents/{hanako.pk}/correction/",
        f"residents/{hanako.pk}/correction/?items=name",
        f"residents/{hanako.pk}/my-number/",
        f"changes/{change.pk}/cancel/",
    ):
        assert clerk_client.get(_url(path)).status_code == 403, path
    response = clerk_client.post(_url(f"residents/{hanako.pk}/my-number/"), {"purpose": "確認"})
    assert response.status_code == 403
    assert AuditRecord.objects.filter(result="denied", detail__role_missing=True).count() == 5
    page = _text(clerk_client.get(_url(f"residents/{hanako.pk}/")))
    assert "誤記修正・職権修正" not in page and "取り消す" not in page


def test_anonymous_visitors_are_sent_to_sign_in(
    client: Client, family: dict[str, Resident]
) -> None:
    response = client.get(_url(f"residents/{family['花子'].pk}/"))
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_no_personal_data_in_any_url_of_the_pages(
    supervisor_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    pages = [
        _url(""),
        _url(f"residents/{hanako.pk}/"),
        _url(f"households/{hanako.household_id}/"),
        _url(f"households/{hanako.household_id}/move-out/"),
    ]
    personal = ("山田", "ヤマダ", "花子", "1990", "123456789018", hanako.resident_code)
    for url in pages:
        page = _text(supervisor_client.get(url))
        for target in re.findall(r'(?:href|action)="([^"]*)"', page):
            assert not any(p in target for p in personal), (url, target)
    response = supervisor_client.post(_url(""), {"name": "山田"})
    assert response.status_code == 200 and response.request["PATH_INFO"] == _url("")


# ---------------------------------------------------------------------------- 記載


def _move_in_data(**override: str) -> dict[str, str]:
    data = {
        "people-TOTAL_FORMS": "2",
        "people-INITIAL_FORMS": "1",
        "people-MIN_NUM_FORMS": "1",
        "people-MAX_NUM_FORMS": "7",
        "change_type": "move_in",
        **_dates(),
        "postal_code": "376-0101",
        "address": "群馬県みどり市大間々町大間々2000番地",
        "previous_address": "埼玉県さいたま市浦和区1番",
        "people-0-name": "鈴木　一郎",
        "people-0-name_kana": "すずき　いちろう",
        "people-0-birth_date": "S55.1.2",
        "people-0-sex": "1",
        "people-0-relationship": "世帯主",
        "people-0-resident_type": "japanese",
        "people-0-my_number": _my_number("23456789012"),
        "people-1-name": "鈴木　二郎",
        "people-1-name_kana": "スズキ　ジロウ",
        "people-1-birth_date": "2010-05-05",
        "people-1-sex": "1",
        "people-1-relationship": "子",
        "people-1-resident_type": "japanese",
    }
    data.update(override)
    return data


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


def test_birth_adds_a_child_to_the_household(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    household_id = family["花子"].household_id
    page = _text(clerk_client.get(_url(f"households/{household_id}/birth/")))
    assert 'value="群馬県みどり市大間々町大間々1番地"' in page  # 本籍 from the head
    response = clerk_client.post(
        _url(f"households/{household_id}/birth/"),
        {
            "name": "山田　陽菜",
            "name_kana": "ヤマダ　ヒナ",
            "birth_date": "R8.4.1",
            "sex": "2",
            "relationship": "子",
            "resident_type": "japanese",
            "notified_on": "R8.4.7",
        },
    )
    hina = Resident.objects.get(name="山田　陽菜")
    assert response["Location"] == _url(f"households/{household_id}/")
    assert hina.household_id == household_id and hina.household_order == 4
    assert hina.became_resident_on == dt.date(2026, 4, 1)
    assert hina.address == family["花子"].address


def test_birth_refuses_a_relationship_the_standard_forbids(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    response = clerk_client.post(
        _url(f"households/{family['花子'].household_id}/birth/"),
        {
            "name": "山田　陽菜",
            "name_kana": "ヤマダ　ヒナ",
            "birth_date": "R8.4.1",
            "sex": "2",
            "relationship": "孫",
            "resident_type": "japanese",
        },
    )
    assert "「子の子」" in _field_error(response, "id_relationship")
    assert not Resident.objects.filter(name="山田　陽菜").exists()


# ---------------------------------------------------------------------------- 消除


def test_move_out_of_one_member_with_a_planned_date(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    shota = family["翔太"]
    url = _url(f"households/{shota.household_id}/move-out/")
    page = _text(clerk_client.get(url, {"member": shota.pk}))
    assert re.search(rf'value="{shota.pk}"[^>]*checked', page)
    response = clerk_client.post(
        url,
        {
            "members": [shota.pk],
            **_dates(effective_on="R8.4.20"),
            "moving_to_address": "東京都千代田区千代田1番",
        },
        follow=True,
    )
    assert "「国内転出」を記録しました（異動日 令和8年4月20日）" in _text(response)
    shota = _fresh(shota)
    assert shota.status == ResidentStatus.CLOSED and shota.removed_on == dt.date(2026, 4, 20)
    assert shota.moving_to_address == "東京都千代田区千代田1番"


@pytest.mark.parametrize(
    ("path", "change_type", "extra"),
    [
        ("emigration", ChangeType.EMIGRATION, {"moving_to_address": "アメリカ合衆国"}),
        ("ex-officio-removal", ChangeType.EX_OFFICIO_REMOVAL, {"note": "実態調査による"}),
        ("death", ChangeType.DEATH, {}),
    ],
)
def test_other_removals_close_the_record(
    clerk_client: Client,
    family: dict[str, Resident],
    path: str,
    change_type: ChangeType,
    extra: dict[str, str],
) -> None:
    misaki = family["美咲"]
    response = clerk_client.post(
        _url(f"households/{misaki.household_id}/{path}/"),
        {"members": [misaki.pk], **_dates(effective_on="R8.4.5"), **extra},
        follow=True,
    )
    assert f"「{change_type.label}」を記録しました" in _text(response)
    misaki = _fresh(misaki)
    assert misaki.status == ResidentStatus.CLOSED and misaki.removal_reason == change_type
    assert misaki.removed_on == dt.date(2026, 4, 5)
    assert _fresh(family["花子"]).status == ResidentStatus.ACTIVE


def test_move_out_needs_the_new_address(clerk_client: Client, family: dict[str, Resident]) -> None:
    shota = family["翔太"]
    response = clerk_client.post(
        _url(f"households/{shota.household_id}/move-out/"), {"members": [shota.pk], **_dates()}
    )
    assert "必須" in _text(response) and _field_error(response, "id_moving_to_address")
    assert _fresh(shota).status == ResidentStatus.ACTIVE


def test_head_leaving_needs_a_new_head_and_takes_the_relationships_given(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako, shota, misaki = family["花子"], family["翔太"], family["美咲"]
    url = _url(f"households/{hanako.household_id}/death/")
    response = clerk_client.post(url, {"members": [hanako.pk], **_dates()})
    assert "新しい世帯主" in _field_error(response, "id_new_head")
    assert _fresh(hanako).status == ResidentStatus.ACTIVE

    proposal = clerk_client.post(
        url, {"members": [hanako.pk], "new_head": shota.pk, **_dates(), "propose": "1"}
    )
    assert f'name="relationship_{misaki.pk}"' in _text(proposal)
    assert "要確認" in _text(
        proposal
    )  # 妹 (younger, by birth date) or a half-sister: staff confirm
    clerk_client.post(
        url,
        {
            "members": [hanako.pk],
            "new_head": shota.pk,
            f"relationship_{misaki.pk}": "妹",
            **_dates(),
        },
    )
    assert _fresh(hanako).status == ResidentStatus.CLOSED
    assert _fresh(shota).is_head and _fresh(misaki).relationship == "妹"


# ---------------------------------------------------------------------------- 世帯


def test_move_within_moves_the_whole_household(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    response = clerk_client.post(
        _url(f"households/{hanako.household_id}/move-within/"),
        {
            "members": [r.pk for r in family.values()],
            **_dates(effective_on="R8.4.1"),
            "address": "群馬県みどり市東町花輪1番地",
            "postal_code": "3760302",
        },
    )
    assert response["Location"] == _url(f"households/{hanako.household_id}/")
    assert {_fresh(r).address for r in family.values()} == {"群馬県みどり市東町花輪1番地"}
    page = _text(clerk_client.get(_url(f"residents/{hanako.pk}/")))
    start = page.index("転居", page.index("異動履歴"))
    row = page[start : page.index("</tr>", start)]
    assert "郵便番号、住所、住所を定めた年月日" in row


def test_move_within_refuses_a_future_date_next_to_the_field(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    response = clerk_client.post(
        _url(f"households/{hanako.household_id}/move-within/"),
        {"members": [hanako.pk], **_dates(effective_on="2026-05-01"), "address": "どこか"},
    )
    assert "異動日に未来の日付は指定できません" in _field_error(response, "id_effective_on")
    assert _fresh(hanako).address == MIDORI_ADDRESS.address
    assert Change.objects.count() == 1


def test_split_forms_a_new_household(clerk_client: Client, family: dict[str, Resident]) -> None:
    shota = family["翔太"]
    response = clerk_client.post(
        _url(f"households/{shota.household_id}/split/"), {"members": [shota.pk], **_dates()}
    )
    shota = _fresh(shota)
    assert shota.household_id != family["花子"].household_id and shota.is_head
    assert response["Location"] == _url(f"households/{shota.household_id}/")


def _other_household(midori: Municipality) -> Household:
    change = residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN,
        people=[person("田中　一郎", "タナカ　イチロウ", dt.date(1950, 2, 2), "1", "世帯主")],
        address=MIDORI_ADDRESS,
        effective_on=dt.date(2025, 1, 6),
        notified_on=dt.date(2025, 1, 6),
        actor=None,
    )
    return change.history_rows.get().resident.household


def test_household_change_moves_a_member_to_another_household(
    clerk_client: Client, family: dict[str, Resident], midori: Municipality
) -> None:
    other = _other_household(midori)
    misaki = family["美咲"]
    url = _url(f"households/{misaki.household_id}/change/")
    response = clerk_client.post(
        url,
        {
            "members": [misaki.pk],
            "target": "999",
            f"relationship_{misaki.pk}": "同居人",
            **_dates(),
        },
    )
    assert "見つかりません" in _field_error(response, "id_target")
    response = clerk_client.post(
        url,
        {
            "members": [misaki.pk],
            "target": other.household_number,
            f"relationship_{misaki.pk}": "同居人",
            **_dates(),
        },
    )
    assert response["Location"] == _url(f"households/{other.pk}/")
    misaki = _fresh(misaki)
    assert misaki.household_id == other.pk and misaki.relationship == "同居人"


def test_household_merge_moves_everyone(
    clerk_client: Client, family: dict[str, Resident], midori: Municipality
) -> None:
    other = _other_household(midori)
    relationships = {
        f"relationship_{family['花子'].pk}": "子の妻",
        f"relationship_{family['翔太'].pk}": "子の子",
        f"relationship_{family['美咲'].pk}": "子の子",
    }
    clerk_client.post(
        _url(f"households/{family['花子'].household_id}/merge/"),
        {"target": other.household_number, **relationships, **_dates()},
    )
    assert {_fresh(r).household_id for r in family.values()} == {other.pk}
    assert not Household.objects.get(pk=family["花子"].household_id).is_active


def test_head_change_prefills_proposals_and_marks_the_uncertain_ones(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako, shota, misaki = family["花子"], family["翔太"], family["美咲"]
    url = _url(f"households/{hanako.household_id}/head/")
    response = clerk_client.post(url, {"new_head": shota.pk, **_dates(), "propose": "1"})
    page = _text(response)
    assert re.search(rf'name="relationship_{hanako.pk}"[^>]*value="母"', page)
    assert re.search(rf'name="relationship_{misaki.pk}"[^>]*value="妹"', page)
    assert page.count('jt-tag--warning">要確認') == 1
    assert Change.objects.count() == 1  # proposing writes nothing

    response = clerk_client.post(
        url,
        {
            "new_head": shota.pk,
            f"relationship_{hanako.pk}": "母",
            f"relationship_{misaki.pk}": "祖父",
            **_dates(),
        },
    )
    assert "「父の父」" in _field_error(response, f"id_relationship_{misaki.pk}")
    assert _fresh(hanako).is_head

    response = clerk_client.post(
        url,
        {
            "new_head": shota.pk,
            f"relationship_{hanako.pk}": "母",
            f"relationship_{misaki.pk}": "妹",
            **_dates(),
        },
        follow=True,
    )
    assert "「世帯主変更」を記録しました" in _text(response)
    assert _fresh(shota).is_head and _fresh(hanako).relationship == "母"
    assert _fresh(misaki).relationship == "妹"


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
        {"former_surname": "鈴木", "former_surname_kana": "スズキ", **_dates()},
    )
    assert _fresh(hanako).former_surname == "鈴木"
    assert "山田　花子（鈴木）" in _text(clerk_client.get(_url(f"residents/{hanako.pk}/")))


def test_alias_is_recorded_for_a_foreign_resident(
    clerk_client: Client, midori: Municipality
) -> None:
    wang = _foreign_resident(midori)
    response = clerk_client.post(
        _url(f"residents/{wang.pk}/alias/"),
        {"alias": "王　太郎", "alias_kana": "おう　たろう", **_dates()},
        follow=True,
    )
    assert "「通称の記載・削除」を記録しました" in _text(response)
    assert _fresh(wang).alias == "王　太郎" and _fresh(wang).alias_kana == "オウ　タロウ"


def test_alias_is_refused_for_a_japanese_resident_next_to_the_field(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    response = clerk_client.post(
        _url(f"residents/{hanako.pk}/alias/"), {"alias": "ハナ", "alias_kana": "", **_dates()}
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


def test_cancellation_from_the_timeline(
    supervisor_client: Client,
    family: dict[str, Resident],
    supervisor: StaffUser,
    midori: Municipality,
) -> None:
    hanako = family["花子"]
    change = resident_name_change(
        municipality=midori,
        resident_id=hanako.pk,
        name="佐藤　花子",
        name_kana="サトウ　ハナコ",
        effective_on=dt.date(2025, 2, 1),
        notified_on=dt.date(2025, 2, 1),
        actor=supervisor,
    )
    page = _text(supervisor_client.get(_url(f"residents/{hanako.pk}/")))
    cancel_url = _url(f"changes/{change.pk}/cancel/?resident={hanako.pk}")
    assert cancel_url.replace("?", "?") in page.replace("&amp;", "&")
    assert page.count("取り消す<span") == 1  # only the latest change
    response = supervisor_client.post(cancel_url, {"reason": ""})
    assert _field_error(response, "id_reason")
    response = supervisor_client.post(cancel_url, {"reason": "届出の取下げ"}, follow=True)
    assert "「氏名の変更」の異動を取り消しました" in _text(response)
    assert _fresh(hanako).name == "山田　花子"
    assert "取消済み" in _text(response)
    response = supervisor_client.post(cancel_url, {"reason": "もう一度"})
    assert "既に取り消されている" in _text(response)


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
