"""世帯 pages (registry/views/households.py): the household, 出生届, the removals (消除) of
members and the changes of the household (転居, 世帯分離, 世帯変更, 世帯合併, 世帯主変更)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from jichitai.audit.models import AuditRecord
from jichitai.registry.models import Change, ChangeType, Household, Resident, ResidentStatus
from jichitai.registry.services import Address, residents_register
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person
from jichitai.registry.tests.views.helpers import dates as _dates
from jichitai.registry.tests.views.helpers import field_error as _field_error
from jichitai.registry.tests.views.helpers import fresh as _fresh
from jichitai.registry.tests.views.helpers import text as _text
from jichitai.registry.tests.views.helpers import url as _url
from jichitai.tenants.models import Municipality


def test_household_page_lists_members_in_order_with_relationships(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    response = clerk_client.get(_url(f"households/{family['花子'].household_id}/"))
    page = _text(response)
    assert response.status_code == 200
    assert page.index("山田　花子") < page.index("山田　翔太") < page.index("山田　美咲")
    assert "<strong>世帯主</strong>" in page and page.count("<td>子</td>") == 2
    assert AuditRecord.objects.get(action="registry.household_view").detail == {"residents": 3}


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


# ---------------------------------------------------------------------------- 出生


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
    # 住民 until the 転出予定日 (doc/j50.txt §1.1.5), with the 転出 on the record.
    assert shota.status == ResidentStatus.ACTIVE and shota.planned_removal_on == dt.date(
        2026, 4, 20
    )
    assert shota.moving_to_address == "東京都千代田区千代田1番"
    # The flow ends on the 転出証明書 (§4.1.3.0.3); the household page shows the 転出予定.
    assert "転出証明書（署名付きPDF）をダウンロードする" in _text(response)
    household = clerk_client.get(_url(f"households/{shota.household_id}/"))
    assert "転出予定 (令和8年4月20日)" in _text(household)


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


def test_head_leaving_takes_the_new_head_and_the_relationships_given(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako, shota, misaki = family["花子"], family["翔太"], family["美咲"]
    url = _url(f"households/{hanako.household_id}/death/")
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


def test_move_out_takes_a_municipality_only_address_with_the_dictionary_aid(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    # 転出先入力 (doc/j650.txt §4.1.3.0.2): 「市区町村のみの入力にも対応」, 住所辞書 or typed.
    shota = family["翔太"]
    url = _url(f"households/{shota.household_id}/move-out/")
    page = _text(clerk_client.get(url, {"member": shota.pk}))
    assert re.search(r'name="moving_to_address"[^>]*data-jt-address', page)
    assert "address-aid.js" in page
    clerk_client.post(
        url,
        {
            "members": [shota.pk],
            **_dates(effective_on="R8.4.20"),
            "moving_to_address": "東京都日野市",
        },
        follow=True,
    )
    assert _fresh(shota).moving_to_address == "東京都日野市"
    # 国外転出: a foreign address, typed, with no 住所辞書 next to it.
    page = _text(clerk_client.get(_url(f"households/{shota.household_id}/emigration/")))
    assert re.search(r'name="moving_to_address"', page)
    assert not re.search(r'name="moving_to_address"[^>]*data-jt-address', page)
