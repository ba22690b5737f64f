"""STORY.md steps 1-2 in Chromium, as the people do them.

1. 山田花子 (みどり市) signs in to the portal with her card (a virtual card on the demo
   device), files 転出届 for the household with a 転入予約 to みなかみ町 in one submission, and
   signs it with her 署名用電子証明書.
2. みどり市's registry staff approve it in their inbox: the register of みどり市 shows the 転出,
   and みなかみ町's register shows the pending move-in (転出証明書情報).
3. みなかみ町's counter records the 転入 from the 転入予約: the reservation completes, the
   転入通知 ends みどり市's record the day the new one begins, and the new arrivals are not on
   the 選挙人名簿 until three months have passed.
4. The day after, 花子 signs in at みなかみ町 with the same card, and at みどり市 only to look
   at her past cases; each portal points to the other.
5. Once only (ワンスオンリー): she claims 児童手当 at みなかみ町 with no 課税証明書; approving it,
   みなかみ町's 児童手当 obtains her income from みどり市's 住民税 through the broker, and she
   sees that exchange in her やりとり履歴.

Every page is checked with axe-core (WCAG 2.1 AA); screenshots go to var/screenshots/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jichitai.common.dates import add_months
from jichitai.conftest import PASSWORD
from jichitai.departments.models import Business, ChildAllowanceRecipient
from jichitai.departments.services import resident_tax_record
from jichitai.identity.jpki.virtual_card import VirtualCard, virtual_card_address_change
from jichitai.identity.models import Role
from jichitai.identity.services import staff_create
from jichitai.identity.tests.factories import department_with_members
from jichitai.linkage.services import person_code_obtain
from jichitai.procedures.models import Case, CaseState
from jichitai.registry.models import (
    Change,
    ChangeType,
    MoveOutCertificate,
    Resident,
    ResidentStatus,
)
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def _sign_in_with_card(page: Page, card: VirtualCard) -> None:
    page.goto("/102121/portal/")
    assert_accessible(page, name="portal-home")
    page.get_by_role("link", name="マイナンバーカードでログイン").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("マイナンバーカードでログイン")
    assert_accessible(page, name="portal-sign-in")
    page.get_by_role("combobox", name="仮想カード").select_option(card.card_id)
    page.get_by_label("利用者証明用の暗証番号（数字4桁）").fill("1234")
    page.get_by_role("button", name="このカードでログイン").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("初回の本人確認（カードの登録）")
    assert_accessible(page, name="portal-bind")
    page.get_by_label("署名用電子証明書のパスワード（英大文字・数字 6〜16桁）").fill("JICHITAI1")
    page.get_by_role("button", name="署名して確認する").click()
    expect(page.get_by_text("山田　花子 さん、こんにちは。")).to_be_visible()


def _file_move_out_with_reservation(page: Page) -> None:
    page.get_by_role("link", name="引越し").click()
    assert_accessible(page, name="portal-procedures-moving")
    page.get_by_role("link", name="転出届").click()
    assert_accessible(page, name="portal-procedure-move-out")
    page.get_by_role("link", name="申請をはじめる").click()
    # Known from the register: her name, and the household, every member ticked.
    expect(page.get_by_label("氏名").first).to_have_value("山田　花子")
    movers = page.get_by_role("group", name="転出する人")
    expect(movers.get_by_role("checkbox")).to_have_count(3)
    # The new head of the household that stays: a choice of the members, not an id to type.
    new_head = page.get_by_role("group", name="残る世帯の新しい世帯主")
    expect(new_head.get_by_role("radio", name="山田　翔太（子）")).to_be_visible()
    page.get_by_role("button", name="入力内容を確認する").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("入力内容を確認してください（2件）")
    # Every error counted is shown next to its field, too.
    expect(page.get_by_text("「転出予定日」を入力してください。")).to_have_count(2)
    expect(page.get_by_text("「転出先の住所（予定）」を入力してください。")).to_have_count(2)
    assert_accessible(page, name="portal-apply-errors")
    page.get_by_label("転出予定日").fill((timezone.localdate() + dt.timedelta(days=10)).isoformat())
    # Choosing the destination writes its 都道府県 and 市区町村; she types only the rest.
    page.get_by_label("転入先の市区町村").select_option(label="群馬県みなかみ町")
    address = page.get_by_label("転出先の住所（予定）")
    expect(address).to_have_value("群馬県みなかみ町")
    address.press("End")
    address.press_sequentially("後閑318番地")
    page.get_by_role("button", name="入力内容を確認する").click()
    expect(page.get_by_role("heading", name="内容の確認と電子署名")).to_be_visible()
    expect(page.get_by_role("heading", name="転入予約（転入先へ）")).to_be_visible()
    assert_accessible(page, name="portal-confirm")
    page.get_by_label("署名用電子証明書のパスワード").fill("JICHITAI1")
    page.get_by_role("button", name="電子署名して提出する").click()
    expect(page.get_by_role("status")).to_contain_text(
        "転出届と、群馬県みなかみ町への転入予約を受け付けました"
    )
    expect(page.get_by_text("受付済み").first).to_be_visible()
    # What comes next: where, within 14 days, with the card.
    next_steps = page.get_by_role("region", name="これからの手続（転入届）")
    expect(next_steps).to_contain_text("14日以内")
    expect(next_steps).to_contain_text("群馬県みなかみ町の窓口です。")
    assert_accessible(page, name="portal-case")


def test_story_resident_moves_out_online(
    page: Page,
    yamada_card: tuple[dict[str, Resident], VirtualCard],
    midori: Municipality,
    minakami: Municipality,
) -> None:
    family, card = yamada_card
    _midori_tax_assessed(midori, family["花子"])
    _sign_in_with_card(page, card)
    _file_move_out_with_reservation(page)

    move_out = Case.objects.get(municipality=midori)
    reservation = Case.objects.get(municipality=minakami)
    assert move_out.procedure_id == "move_out"
    assert reservation.procedure_id == "move_in_reservation"
    assert move_out.onestop_id == reservation.onestop_id
    assert move_out.signature_verified_at is not None
    assert [m["name"] for m in move_out.data["movers"]] == [
        "山田　花子",
        "山田　翔太",
        "山田　美咲",
    ]
    assert move_out.state == CaseState.SUBMITTED
    # She never visited, and nothing in the register has changed yet.
    assert Resident.objects.get(pk=family["花子"].pk).status == ResidentStatus.ACTIVE

    _registry_staff_approve(page, move_out)

    # 転出予定日 ten days ahead: the 転出 is recorded, the family stays 住民 until that day or
    # until the 転入 at みなかみ町, whichever comes first (標準仕様書 §1.1.5).
    leaving = Resident.objects.filter(pk__in=[r.pk for r in family.values()])
    planned = timezone.localdate() + dt.timedelta(days=10)
    assert {(r.status, r.planned_removal_on) for r in leaving} == {(ResidentStatus.ACTIVE, planned)}
    [certificate] = MoveOutCertificate.objects.filter(municipality=minakami)
    assert [p["name"] for p in certificate.persons] == ["山田　花子", "山田　翔太", "山田　美咲"]
    _minakami_counter_sees_the_move_in(page)
    _one_register_at_a_time(family, midori, minakami)
    _signs_in_at_both_towns(page, card)
    _claims_child_allowance_once_only(page, card)


def _one_register_at_a_time(
    family: dict[str, Resident], midori: Municipality, minakami: Municipality
) -> None:
    """The 転入通知 made みどり市's 転出 the actual one: its record ends the day the new one
    begins, so no day is in both registers."""
    move_in = Change.objects.for_municipality(minakami).get(change_type=ChangeType.MOVE_IN)
    confirmation = Change.objects.for_municipality(midori).get(
        change_type=ChangeType.MOVE_OUT_CONFIRMATION
    )
    assert confirmation.note == "転入通知（群馬県みなかみ町）"
    former = Resident.objects.get(pk=family["花子"].pk)
    newcomer = Resident.objects.for_municipality(minakami).get(resident_code=former.resident_code)
    assert former.removed_on == move_in.effective_on == newcomer.became_resident_on
    # The 転入 came before the 転出予定日: the former record closed that day, not later.
    assert former.is_closed and former.status == ResidentStatus.CLOSED
    # The 転入予約 filed before she lived here is hers now (its signer is the newcomer).
    assert Case.objects.for_municipality(minakami).get().applicant == newcomer
    # 選挙人名簿 (公職選挙法 第21条): three months of residence first.
    assert not newcomer.on_electoral_roll_on(move_in.effective_on)
    assert newcomer.on_electoral_roll_on(add_months(move_in.effective_on, 3))


def _signs_in_at_both_towns(page: Page, card: VirtualCard) -> None:
    """The card binding came along with the 転出証明書情報: no binding step at みなかみ町."""
    page.context.clear_cookies()
    _card_sign_in(page, "104493", card)
    expect(page.get_by_text("山田　花子 さん、こんにちは。")).to_be_visible()
    expect(page.get_by_text("以前お住まいだったみどり市での申請")).to_be_visible()
    # The 転入予約 she filed from みどり市 is hers here now, completed.
    recent = page.get_by_role("region", name="最近の申請")
    expect(recent).to_contain_text("承認")
    assert_accessible(page, name="story-minakami-portal-after-move")

    page.get_by_role("link", name="みどり市での申請を見る").click()
    _card_sign_in_form(page, card)
    expect(page.get_by_role("region", name="転出された方へ")).to_contain_text(
        "これまでの申請の確認と、交付された書類のダウンロードだけができます。"
    )
    expect(page.get_by_role("cell", name="転出届")).to_be_visible()
    assert_accessible(page, name="story-midori-portal-former-resident")
    page.get_by_role("link", name="みなかみ町 住民ポータルへ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("みなかみ町 住民ポータル")


def _card_sign_in(page: Page, lg_code: str, card: VirtualCard) -> None:
    page.goto(f"/{lg_code}/portal/signin/")
    _card_sign_in_form(page, card)


def _card_sign_in_form(page: Page, card: VirtualCard) -> None:
    page.get_by_role("combobox", name="仮想カード").select_option(card.card_id)
    page.get_by_label("利用者証明用の暗証番号（数字4桁）").fill("1234")
    page.get_by_role("button", name="このカードでログイン").click()


def _staff_sign_in(page: Page, lg_code: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"/{lg_code}/staff/login/")
    page.get_by_label("ログインID").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("職員ホーム")


def _registry_staff_approve(page: Page, move_out: Case) -> None:
    staff_create(
        municipality=move_out.municipality,
        username="midori-reviewer",
        password=PASSWORD,
        display_name="住民記録 審査",
        roles=[Role.REGISTRY_REVIEW],
        actor=None,
        check_password=False,
    )
    _staff_sign_in(page, "102121", "midori-reviewer")
    page.get_by_role("link", name="受付一覧").click()
    assert_accessible(page, name="story-office-inbox")
    page.get_by_role("link", name=move_out.reference_number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("転出届")
    expect(page.get_by_text("署名は有効")).to_be_visible()
    page.get_by_role("button", name="担当する").click()
    expect(
        page.get_by_text("転出証明書情報を転入先（群馬県みなかみ町）へ送ります。")
    ).to_be_visible()
    assert_accessible(page, name="story-office-case-in-review")
    page.get_by_label("上記の処理は取り消せないことを確認しました").check()
    page.get_by_role("button", name="承認する").click()
    expect(page.get_by_role("status").first).to_be_visible()
    assert_accessible(page, name="story-office-case-approved")


def _minakami_counter_sees_the_move_in(page: Page) -> None:
    staff_create(
        municipality=Municipality.objects.get(lg_code="104493"),
        username="minakami-counter",
        password=PASSWORD,
        display_name="窓口",
        roles=[Role.COUNTER],
        actor=None,
        check_password=False,
    )
    _staff_sign_in(page, "104493", "minakami-counter")
    page.goto("/104493/registry/move-ins/")
    expect(page.get_by_role("cell", name="山田　花子、山田　翔太、山田　美咲")).to_be_visible()
    assert_accessible(page, name="story-minakami-pending-move-in")
    _minakami_counter_records_the_move_in_from_the_reservation(page)


def _minakami_counter_records_the_move_in_from_the_reservation(page: Page) -> None:
    """One place to act: the 転入待ち entry links to the 転入予約, whose page links to the
    転入 form; recording the 転入 completes the reservation."""
    reservation = Case.objects.get(municipality_id="104493")
    page.get_by_role("link", name=f"受付番号 {reservation.reference_number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("転入予約")
    expect(page.get_by_text("転出元から転出証明書情報が届いています。")).to_be_visible()
    assert_accessible(page, name="story-minakami-reservation-pending")
    page.get_by_role("link", name="転入を記録する（転入待ち）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("転入届（転出証明書情報から）")
    page.get_by_label("世帯員・転入日・住所を本人と確認しました", exact=False).check()
    page.get_by_role("button", name="転入を記録する").click()
    expect(page.get_by_role("status").first).to_be_visible()
    reservation.refresh_from_db()
    assert reservation.state == CaseState.APPROVED
    page.goto(f"/104493/office/cases/{reservation.pk}/")
    expect(page.get_by_text("転入が記録され、この転入予約は完了しました。")).to_be_visible()
    expect(page.get_by_role("link", name="転入した世帯を見る")).to_be_visible()
    assert_accessible(page, name="story-minakami-reservation-completed")


HANAKO_INCOME = 2_400_000


def _income_fiscal_year() -> int:
    """The 賦課年度 whose income a claim made today looks at (June to May)."""
    today = timezone.localdate()
    return today.year if today.month >= 6 else today.year - 1


def _midori_tax_assessed(midori: Municipality, hanako: Resident) -> None:
    """みどり市's 住民税 assessed her income while she lived there, under its own 符号."""
    resident_tax_record(
        municipality=midori,
        code=person_code_obtain(
            municipality_code=midori.lg_code,
            business=Business.TAX,
            resident_code=hanako.resident_code,
        ),
        fiscal_year=_income_fiscal_year(),
        total_income=HANAKO_INCOME,
        income_levy=197_000,
        per_capita_levy=4_000,
        actor=None,
    )


def _claims_child_allowance_once_only(page: Page, card: VirtualCard) -> None:
    # At the 転入, the counter changed the address on her card: a new 署名用電子証明書.
    newcomer = Resident.objects.for_municipality("104493").get(name="山田　花子")
    virtual_card_address_change(card, address=newcomer.address)
    page.context.clear_cookies()
    _card_sign_in(page, "104493", card)
    page.get_by_role("link", name="子育て").first.click()
    page.get_by_role("link", name="児童手当の認定請求").click()
    page.get_by_role("link", name="申請をはじめる").click()
    children = page.get_by_role("group", name="養育している児童")
    expect(children.get_by_role("checkbox", name="山田　翔太", exact=False)).to_be_checked()
    expect(children.get_by_role("checkbox", name="山田　美咲", exact=False)).to_be_checked()
    expect(children).not_to_contain_text("山田　花子")
    page.get_by_role("radio", name="厚生年金").check()
    page.get_by_label("金融機関名").fill("群馬銀行")
    page.get_by_label("支店名").fill("水上支店")
    page.get_by_role("radio", name="普通").check()
    page.get_by_label("口座番号").fill("1234567")
    page.get_by_label("口座名義（カナ）").fill("ヤマダ　ハナコ")
    page.get_by_role("button", name="入力内容を確認する").click()
    expect(page.get_by_role("heading", name="内容の確認と電子署名")).to_be_visible()
    page.get_by_label("署名用電子証明書のパスワード").fill("JICHITAI1")
    page.get_by_role("button", name="電子署名して提出する").click()
    expect(page.get_by_text("受付済み").first).to_be_visible()
    assert_accessible(page, name="story-minakami-child-allowance-submitted")
    claim = Case.objects.get(municipality_id="104493", procedure_id="child_allowance_claim")
    assert not claim.attachments.exists()  # no 課税証明書: the income comes by linkage
    _child_allowance_officer_approves(page, claim)
    _sees_the_exchange_in_her_history(page, card)


def _child_allowance_officer_approves(page: Page, claim: Case) -> None:
    officer = staff_create(
        municipality=claim.municipality,
        username="minakami-kosodate",
        password=PASSWORD,
        display_name="児童手当 担当",
        roles=[Role.DEPARTMENT],
        actor=None,
        check_password=False,
    )
    department_with_members(
        claim.municipality, code="kosodate", name="子育て健康課", keys=["child"], members=[officer]
    )
    _staff_sign_in(page, "104493", "minakami-kosodate")
    page.get_by_role("link", name="受付一覧").click()
    page.get_by_role("link", name=claim.reference_number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("児童手当の認定請求")
    page.get_by_role("button", name="担当する").click()
    page.get_by_label("上記の処理は取り消せないことを確認しました").check()
    page.get_by_role("button", name="承認する").click()
    expect(page.get_by_role("status").first).to_be_visible()
    claim.refresh_from_db()
    assert claim.state == CaseState.APPROVED
    # Which exchange supplied what: her income, from みどり市's 住民税.
    linked = page.get_by_role("region", name="情報連携で取得した情報")
    expect(linked).to_contain_text("みどり市")
    expect(linked).to_contain_text("個人住民税")
    assert_accessible(page, name="story-minakami-child-allowance-approved")
    recipient = ChildAllowanceRecipient.objects.get(municipality_id="104493")
    determination = recipient.income_determinations.get()
    assert determination.total_income == HANAKO_INCOME
    assert determination.income_exchange_id


def _sees_the_exchange_in_her_history(page: Page, card: VirtualCard) -> None:
    page.context.clear_cookies()
    _card_sign_in(page, "104493", card)
    page.get_by_role("link", name="わたしの情報のやりとり履歴").first.click()
    row = page.get_by_role("row").filter(has_text="児童手当")
    expect(row).to_contain_text("みなかみ町")
    expect(row).to_contain_text("みどり市")
    expect(row).to_contain_text("個人住民税")
    assert_accessible(page, name="story-portal-exchange-history")
