"""Every portal form answers a mistake as the staff forms do (issue 11, item 2; WCAG 3.3.1,
1.3.1, 4.1.2): after a failed submit the error summary has focus, lists each error as a link
to an input of the page, and each such input is marked aria-invalid with its message next to
it, linked by aria-describedby; a link moves focus to its input. axe-core stays clean.

One browser test per form, from one table: sign-in (a wrong 暗証番号, an unreadable answer of
a JPKI client), the card's binding (a wrong password), a procedure's form (the 転出届 sent
empty), the confirm page (a wrong signing password), a return answered with a blank field, and
the notification address. Then every procedure's form, its text boxes emptied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jichitai.identity.jpki.virtual_card import VirtualCard
from jichitai.portal.tests.helpers import page_sign_in, returned_for_correction
from jichitai.procedures.selectors import procedure_list
from jichitai.registry.models import Resident
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser

SIGN_IN = "/102121/portal/signin/"
MOVE_OUT = "/102121/portal/procedures/move_out/apply/"

# For each link of the summary: does its target exist, is it (or a control in it) marked
# invalid, and what do the elements named by its aria-describedby say?
SUMMARY_LINKS_JS = """(summary) => [...summary.querySelectorAll("a[href^='#']")].map((a) => {
  const id = decodeURIComponent(a.hash.slice(1));
  const target = document.getElementById(id);
  if (!target) return {id, exists: false};
  const controls = target.matches("input, select, textarea")
    ? [target] : [...target.querySelectorAll("input, select, textarea")];
  const described = (target.getAttribute("aria-describedby") || "").split(/\\s+/)
    .filter(Boolean).map((ref) => document.getElementById(ref)).filter(Boolean);
  return {
    id,
    exists: true,
    link: a.textContent.trim(),
    invalid: controls.some((c) => c.getAttribute("aria-invalid") === "true"),
    descriptions: described.map((d) => d.textContent.replace("エラー：", "").trim()),
  };
})"""


@dataclass(frozen=True)
class BadSubmit:
    """A form, brought to its error state by `submit`, and the inputs its errors are about."""

    name: str
    submit: Callable[[Page, VirtualCard], Any]
    inputs: list[str]


def _wrong_pin(page: Page, card: VirtualCard) -> None:
    page.goto(SIGN_IN)
    page.get_by_role("combobox", name="仮想カード").select_option(card.card_id)
    page.get_by_label("利用者証明用の暗証番号（数字4桁）").fill("9999")
    page.get_by_role("button", name="このカードでログイン").click()


def _unreadable_answer(page: Page, card: VirtualCard) -> None:
    page.goto(SIGN_IN)
    page.get_by_text("利用者クライアントソフト・カードリーダーをお使いの方").click()
    page.get_by_label("署名（ソフトが作成した文字列）").fill("これは署名ではありません")
    page.get_by_role("button", name="送信してログイン").click()


def _wrong_binding_password(page: Page, card: VirtualCard) -> None:
    page.goto(SIGN_IN)
    page.get_by_role("combobox", name="仮想カード").select_option(card.card_id)
    page.get_by_label("利用者証明用の暗証番号（数字4桁）").fill("1234")
    page.get_by_role("button", name="このカードでログイン").click()
    page.get_by_label("署名用電子証明書のパスワード（英大文字・数字 6〜16桁）").fill("WRONG1")
    page.get_by_role("button", name="署名して確認する").click()


def _empty_move_out(page: Page, card: VirtualCard) -> None:
    page_sign_in(page, card.card_id)
    page.goto(MOVE_OUT)
    page.get_by_role("button", name="入力内容を確認する").click()


def _wrong_signing_password(page: Page, card: VirtualCard) -> None:
    page_sign_in(page, card.card_id)
    page.goto(MOVE_OUT)
    page.get_by_label("転出予定日").fill((timezone.localdate() + dt.timedelta(days=10)).isoformat())
    page.get_by_label("転出先の住所（予定）").fill("群馬県みなかみ町後閑318番地")
    page.get_by_role("button", name="入力内容を確認する").click()
    page.get_by_label("署名用電子証明書のパスワード").fill("WRONG1")
    page.get_by_role("button", name="電子署名して提出する").click()


def _blank_answer_to_a_return(page: Page, card: VirtualCard) -> None:
    hanako = Resident.objects.get(name=card.basic_four.name)
    case = returned_for_correction(hanako.municipality, hanako)
    page_sign_in(page, card.card_id)
    page.goto(f"/102121/portal/cases/{case.pk}/resubmit/")
    page.get_by_label("診断を受けた医療機関").fill("")
    page.get_by_role("button", name="再提出する").click()


def _bad_notification_address(page: Page, card: VirtualCard) -> None:
    page_sign_in(page, card.card_id)
    page.goto("/102121/portal/notifications/")
    page.get_by_label("メールアドレス").fill("hanako@example")
    page.get_by_role("button", name="保存する").click()


BAD_SUBMITS = [
    BadSubmit("sign-in-wrong-pin", _wrong_pin, ["pin"]),
    BadSubmit("sign-in-unreadable-answer", _unreadable_answer, ["signature"]),
    BadSubmit("bind-wrong-password", _wrong_binding_password, ["password"]),
    BadSubmit(
        "apply-move-out-empty", _empty_move_out, ["f-planned_move_on", "f-moving_to-address"]
    ),
    BadSubmit("confirm-wrong-password", _wrong_signing_password, ["password"]),
    BadSubmit("resubmit-blank", _blank_answer_to_a_return, ["f-diagnosed_at"]),
    BadSubmit("notifications-bad-address", _bad_notification_address, ["id_email"]),
]


@pytest.mark.parametrize("bad", BAD_SUBMITS, ids=[b.name for b in BAD_SUBMITS])
def test_a_failed_submit_leads_from_the_focused_summary_to_each_marked_input(
    page: Page, yamada_card: tuple[dict[str, Any], VirtualCard], bad: BadSubmit
) -> None:
    bad.submit(page, yamada_card[1])

    summary = page.locator("[data-jt-error-summary]")
    expect(summary).to_be_focused()
    links = summary.evaluate(SUMMARY_LINKS_JS)
    assert [link["id"] for link in links] == bad.inputs
    for link in links:
        assert link["exists"], link
        assert link["invalid"], link
        assert any(d and d in link["link"] for d in link["descriptions"]), link
    assert_accessible(page, name=f"portal-error-{bad.name}")

    summary.get_by_role("link").first.click()
    expect(page.locator(f"#{bad.inputs[0]}")).to_be_focused()


# Every text box emptied, as a resident who clears the prefilled answers and sends the form.
EMPTY_THE_FORM_JS = """() => document.querySelectorAll(
  "main form input[type=text], main form textarea").forEach((box) => { box.value = ""; })"""


def test_every_procedure_form_leads_from_the_summary_to_each_marked_input(
    page: Page, yamada_card: tuple[dict[str, Any], VirtualCard]
) -> None:
    page_sign_in(page, yamada_card[1].card_id)
    checked = []
    for procedure in procedure_list():
        if not procedure.accepts("online"):
            continue
        page.goto(f"/102121/portal/procedures/{procedure.id}/apply/")
        page.evaluate(EMPTY_THE_FORM_JS)
        page.get_by_role("button", name="入力内容を確認する").click()
        summary = page.locator("[data-jt-error-summary]")
        expect(summary).to_be_focused()
        links = summary.evaluate(SUMMARY_LINKS_JS)
        assert links, procedure.id
        for link in links:
            assert link["exists"] and link["invalid"], (procedure.id, link)
            assert any(d and d in link["link"] for d in link["descriptions"]), (procedure.id, link)
        assert_accessible(page, name=f"portal-error-procedure-{procedure.id}")
        checked.append(procedure.id)
    assert "move_out" in checked and len(checked) >= 10, checked
