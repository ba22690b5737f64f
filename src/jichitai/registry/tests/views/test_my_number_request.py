"""個人番号の生成・変更要求 on the staff pages (doc/j1130.txt §7.1.2.1, doc/j900.txt §4.4): the
number comes from 住基ネット, never typed; 指定 for a record without one, 変更 on 請求 or
職権 for one that has one; a network that does not answer shows its error code."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from playwright.sync_api import Page, expect

from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.tests.factories import change_of
from jichitai.registry.tests.views.helpers import dates, fresh, my_number, text, url
from jichitai.testing.browser import assert_accessible

DOWN = "jichitai.registry.tests.test_resident_numbers.DownNetwork"


def test_the_request_page_designates_then_changes_a_number(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    shota = family["翔太"]
    page_url = url(f"residents/{shota.pk}/my-number/request/")
    assert page_url in text(clerk_client.get(url(f"residents/{shota.pk}/")))
    form = text(clerk_client.get(page_url))
    assert re.search(r'value="designate"[^>]*checked', form)
    assert 'name="my_number"' not in form

    response = clerk_client.post(page_url, {"reason": "designate", **dates()}, follow=True)
    assert "「個人番号の職権記載」を記録しました" in text(response)
    designated = fresh(shota).my_number_hash
    assert designated
    assert designated not in text(response)

    response = clerk_client.post(page_url, {"reason": "designate", **dates()})
    assert "「変更」を" in text(response)
    response = clerk_client.post(page_url, {"reason": "change_on_request", **dates()}, follow=True)
    assert "「個人番号の変更」を記録しました" in text(response)
    assert fresh(shota).my_number_hash not in ("", designated)
    assert change_of(fresh(shota)).change_type == ChangeType.MY_NUMBER_CHANGE
    assert clerk_client.post(page_url, {"reason": "x" * 500, **dates()}).status_code == 200


@override_settings(JICHITAI_RESIDENT_NETWORK=DOWN)
def test_the_network_error_is_shown_and_nothing_recorded(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    shota = family["翔太"]
    response = clerk_client.post(
        url(f"residents/{shota.pk}/my-number/request/"), {"reason": "designate", **dates()}
    )
    assert response.status_code == 200
    assert "cs.timeout" in text(response)
    assert fresh(shota).my_number_hash == ""


@pytest.mark.browser
def test_the_request_page_as_a_clerk_uses_it(
    page: Page, clerk: StaffUser, family: dict[str, Resident]
) -> None:
    shota = family["翔太"]
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto(url(f"residents/{shota.pk}/"))
    page.get_by_role("link", name="個人番号の生成・変更要求（住基ネット）").click()
    expect(page.get_by_role("heading", name="個人番号の生成・変更要求")).to_be_visible()
    assert_accessible(page, name="registry-my-number-request")
    page.get_by_label("異動日").fill("R8.4.7")
    page.get_by_role("button", name="個人番号の生成・変更要求を記録する").click()
    expect(page.get_by_text("「個人番号の職権記載」を記録しました")).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page, name="registry-my-number-request-done-320")


def test_a_wrongly_typed_number_is_corrected_ex_officio(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    """§4.4 修正 (誤記に係る職権修正, 施行令第12条第3項): the number from the 通知 is typed
    and recorded as 個人番号の職権修正."""
    hanako = family["花子"]
    before = fresh(hanako).my_number_hash
    response = clerk_client.post(
        url(f"residents/{hanako.pk}/my-number/change/"),
        {
            "my_number": my_number("98765432101"),
            "kind": ChangeType.MY_NUMBER_EX_OFFICIO_CORRECTION.value,
            **dates(),
        },
        follow=True,
    )
    assert "「個人番号の職権修正」を記録しました" in text(response)
    assert fresh(hanako).my_number_hash not in ("", before)
    refused = clerk_client.post(
        url(f"residents/{hanako.pk}/my-number/change/"),
        {"my_number": my_number("12345678901"), "kind": "move_in", **dates()},
    )
    assert refused.status_code == 200 and "選択してください" in text(refused)
