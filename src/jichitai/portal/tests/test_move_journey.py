"""The 転出届 as 山田花子 sees it in the portal (issue 10, items 6 and 8): the new 世帯主 of the
household that stays is chosen among the members by 氏名 and 続柄; every error counted is shown
next to its field; the destination fills the 都道府県 and 市区町村 of the address, a postal code
its 町域; internal codes stay folded away for the support desk; the receipt says what comes
next (where, within 14 days, what to bring)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.common.wareki import to_wareki
from jichitai.identity.jpki.virtual_card import VirtualCard
from jichitai.identity.tests.factories import demo_departments
from jichitai.portal.tests.helpers import demo_bind, demo_sign_in
from jichitai.procedures.models import Case
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality, MunicipalitySettings

APPLY = "/102121/portal/procedures/move_out/apply/"
CONFIRM = "/102121/portal/procedures/move_out/confirm/"


@pytest.fixture
def family(
    yamada_card: tuple[dict[str, Resident], VirtualCard], minakami: Municipality
) -> dict[str, Resident]:
    return yamada_card[0]


class CardClient(Client):
    """A client signed in with a virtual card, which it names for the signing step."""

    card_id: str


@pytest.fixture
def resident_client(
    yamada_card: tuple[dict[str, Resident], VirtualCard], minakami: Municipality
) -> CardClient:
    card = yamada_card[1]
    client = CardClient()
    demo_sign_in(client, card.card_id)
    demo_bind(client)
    client.card_id = card.card_id
    return client


def _form(family: dict[str, Resident], **fields: str) -> dict[str, str]:
    """The 転出届 as posted: her details (prefilled), every member ticked, plus `fields`."""
    hanako = family["花子"]
    data = {
        "/applicant/name": hanako.name,
        "/applicant/name_kana": hanako.name_kana,
        "/applicant/birth_date": hanako.birth_date.isoformat(),
        "/applicant/address": hanako.address,
        "/movers/0/__selected": "on",
        "/movers/1/__selected": "on",
        "/movers/2/__selected": "on",
        "/planned_move_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
    }
    data.update(fields)
    return data


def _text(html: str) -> str:
    """The words as read, readings (<ruby>'s <rt>) left out."""
    words = re.sub(r"<rp>.*?</rp>|<rt>.*?</rt>|</?ruby>", "", html)
    return re.sub(r"<[^>]+>", " ", words)


def _without_details(html: str) -> str:
    return re.sub(r"<details.*?</details>", "", html, flags=re.S)


def test_new_head_is_a_choice_of_members_by_name_and_relationship(
    resident_client: Client, family: dict[str, Resident]
) -> None:
    page = resident_client.get(APPLY).content.decode()
    # No box for an internal id: radio buttons labelled 「氏名（続柄）」, the 世帯主 not offered.
    assert not re.search(r'<input[^>]*type="text"[^>]*name="/new_head_resident_id"', page)
    assert re.search(r'type="radio" [^>]*name="/new_head_resident_id" value=""', page)
    for name in ("翔太", "美咲"):
        member = family[name]
        assert f'name="/new_head_resident_id" value="{member.pk}"' in page
        assert f"{member.name}（子）" in page
    assert f'name="/new_head_resident_id" value="{family["花子"].pk}"' not in page


def test_new_head_who_also_moves_is_refused_next_to_the_field(
    resident_client: Client, family: dict[str, Resident]
) -> None:
    response = resident_client.post(
        APPLY,
        _form(
            family,
            **{
                "/moving_to/address": "群馬県みなかみ町後閑318番地",
                "/new_head_resident_id": str(family["翔太"].pk),
            },
        ),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        page.count("新しい世帯主には、転出しないで残る人を選んでください。") == 2
    )  # summary + field
    assert 'href="#f-new_head_resident_id"' in page
    assert "portal.draft" not in resident_client.session


def test_new_head_who_stays_goes_on_to_the_confirm_page(
    resident_client: Client, family: dict[str, Resident]
) -> None:
    form = _form(
        family,
        **{
            "/moving_to/address": "群馬県みなかみ町後閑318番地",
            "/new_head_resident_id": str(family["翔太"].pk),
        },
    )
    del form["/movers/1/__selected"]  # 翔太 stays
    response = resident_client.post(APPLY, form)
    assert response.status_code == 302
    assert resident_client.session["portal.draft"]["data"]["new_head_resident_id"] == (
        family["翔太"].pk
    )
    # She checks whom she named, by name, before signing.
    confirm = _text(resident_client.get(CONFIRM).content.decode())
    assert re.search(r"残る世帯の新しい世帯主\s+山田　翔太（子）", confirm)


def test_empty_submit_shows_every_error_counted_next_to_its_field(
    resident_client: Client, family: dict[str, Resident]
) -> None:
    response = resident_client.post(APPLY, {})
    assert response.status_code == 422
    errors = response.context["errors"]
    page = response.content.decode()
    assert f"入力内容を確認してください（{len(errors)}件）" in page
    messages = [e.message for e in errors]
    assert "「転出先の住所（予定）」を入力してください。" in messages
    assert "「転出予定日」を入力してください。" in messages
    for error in errors:
        # Once in the summary (a link to the field), once next to the field itself.
        assert page.count(error.message) >= 2, error.message
        assert f'id="{error.anchor}"' in page, error.anchor
    assert 'id="f-moving_to-address-errors"' in page


def test_destination_prefixes_the_address_typed_without_it(
    resident_client: Client, family: dict[str, Resident]
) -> None:
    response = resident_client.post(
        APPLY,
        _form(
            family,
            destination_lg_code="104493",
            **{"/moving_to/address": "後閑318番地"},
        ),
    )
    assert response.status_code == 302
    draft = resident_client.session["portal.draft"]
    assert draft["data"]["moving_to"]["address"] == "群馬県みなかみ町後閑318番地"
    assert draft["destination"] == "104493"


def test_destination_keeps_an_address_typed_in_full(
    resident_client: Client, family: dict[str, Resident]
) -> None:
    for typed, kept in [
        ("群馬県利根郡みなかみ町後閑318番地", "群馬県利根郡みなかみ町後閑318番地"),
        ("みなかみ町後閑318番地", "群馬県みなかみ町後閑318番地"),
    ]:
        resident_client.post(
            APPLY,
            _form(family, destination_lg_code="104493", **{"/moving_to/address": typed}),
        )
        assert resident_client.session["portal.draft"]["data"]["moving_to"]["address"] == kept


def test_destination_choice_carries_the_full_name_for_the_script(
    resident_client: Client,
) -> None:
    page = resident_client.get(APPLY).content.decode()
    assert 'data-full-name="群馬県みなかみ町"' in page
    assert "jichitai/js/move-form.js" in page
    assert "<script>" not in page  # no inline script (Content-Security-Policy)
    # The destination is asked just before the address it fills.
    assert page.index('name="destination_lg_code"') < page.index('name="/moving_to/address"')


def test_postal_code_fills_the_town_and_asks_for_the_rest(
    resident_client: Client, family: dict[str, Resident]
) -> None:
    response = resident_client.post(
        APPLY,
        _form(family, destination_lg_code="104493", **{"/moving_to/postal_code": "379-1404"}),
    )
    assert response.status_code == 200  # back once, to add the 番地
    page = response.content.decode()
    assert 'value="群馬県利根郡みなかみ町相俣"' in page
    assert "番地と建物名を続けて入力してください" in page
    assert 'value="3791404"' in page
    assert "portal.draft" not in resident_client.session


def test_refused_signature_shows_the_code_only_in_the_support_disclosure(
    resident_client: CardClient, family: dict[str, Resident]
) -> None:
    resident_client.post(
        APPLY, _form(family, **{"/moving_to/address": "群馬県みなかみ町後閑318番地"})
    )
    response = resident_client.post(
        CONFIRM,
        {"device": "demo", "card_id": resident_client.card_id, "password": "WRONG1"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "サポート窓口向けの情報" in page
    assert re.search(r"<details.*jpki\.[a-z_]+.*</details>", page, flags=re.S)
    outside = _text(_without_details(page))
    assert not re.search(r"\b(jpki|case|portal)\.[a-z_]+", outside)
    assert Case.objects.count() == 0


def test_receipt_tells_where_and_within_14_days_to_go(
    resident_client: CardClient, family: dict[str, Resident], minakami: Municipality
) -> None:
    MunicipalitySettings.objects.update_or_create(
        municipality=minakami,
        defaults={"office_address": "群馬県利根郡みなかみ町後閑318", "phone": "0278-62-2111"},
    )
    planned = timezone.localdate() + dt.timedelta(days=10)
    resident_client.post(
        APPLY,
        _form(
            family,
            destination_lg_code="104493",
            **{"/moving_to/address": "後閑318番地", "/planned_move_on": planned.isoformat()},
        ),
    )
    response = resident_client.post(
        CONFIRM,
        {"device": "demo", "card_id": resident_client.card_id, "password": "JICHITAI1"},
        follow=True,
    )
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "転出届と、群馬県みなかみ町への転入予約を受け付けました。" in text
    assert "これからの手続（転入届）" in text
    assert "引越しをした日から14日以内に、転入届をしてください。" in text
    due = to_wareki(planned + dt.timedelta(days=14)).format()
    assert f"転出予定日に引越した場合は、{due}までです。" in text
    assert "群馬県みなかみ町への転入予約" in text
    assert "群馬県みなかみ町の窓口です。" in text
    assert "群馬県利根郡みなかみ町後閑318" in text
    assert "0278-62-2111" in text
    assert "開庁時間：平日 8:30〜17:15（土日祝日・年末年始を除く）" in text
    assert "署名用電子証明書は使えなくなります" in text
    assert "転出証明書情報がみなかみ町へ送られます" in text


def test_what_the_ime_types_is_accepted_as_it_means(
    resident_client: Client, family: dict[str, Resident]
) -> None:
    response = resident_client.post(
        APPLY,
        _form(
            family,
            destination_lg_code="104493",
            **{
                "/applicant/phone": "０２７７ー７６－１１１１",  # full-width, 長音符 for a hyphen
                "/moving_to/postal_code": "〒３７９－１３０５",
                "/moving_to/address": "後閑318番地",
            },
        ),
    )
    assert response.status_code == 302
    data = resident_client.session["portal.draft"]["data"]
    assert data["applicant"]["phone"] == "0277-76-1111"
    assert data["moving_to"]["postal_code"] == "3791305"


def test_a_phone_number_still_wrong_says_the_format(
    resident_client: Client, family: dict[str, Resident]
) -> None:
    page = resident_client.post(
        APPLY,
        _form(family, **{"/applicant/phone": "電話します", "/moving_to/address": "東京都"}),
    ).content.decode()
    assert "数字とハイフンで入力してください" in page


def test_receipt_names_the_destination_s_own_counter(
    resident_client: CardClient, family: dict[str, Resident], minakami: Municipality
) -> None:
    demo_departments(minakami)
    planned = timezone.localdate() + dt.timedelta(days=10)
    resident_client.post(
        APPLY,
        _form(
            family,
            destination_lg_code="104493",
            **{"/moving_to/address": "後閑318番地", "/planned_move_on": planned.isoformat()},
        ),
    )
    response = resident_client.post(
        CONFIRM,
        {"device": "demo", "card_id": resident_client.card_id, "password": "JICHITAI1"},
        follow=True,
    )
    text = _text(response.content.decode())
    assert "群馬県みなかみ町 町民課の窓口（本庁舎1階 1番窓口）です。" in text
    assert "市民課" not in text
