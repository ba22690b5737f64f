"""外国人住民の事項の省略 on a certificate (doc/j1000.txt §5.1: "外国人の場合は、国籍・地域、
法第30条の45に規定する区分、在留資格、在留期間等、満了日、在留カード等番号…の省略も指定できる
こと"): printed by default, left off — with their history — when the request asks for it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from jichitai.audit.models import AuditRecord
from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.models import ChangeType, IssuedCertificate, Resident
from jichitai.registry.services import resident_correct, residents_register
from jichitai.registry.tests.certificates.helpers import flat, issue, pdf_text
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

CARD = "AB12345678CD"
FOREIGN_WORDS = ("国籍・地域", "ベトナム", "法第30条の45の区分", "在留資格", "技術", CARD)


@pytest.fixture
def nguyen(midori: Municipality, mayor: None) -> Resident:
    """グエン, a 中長期在留者 who came from abroad in 2020; her 在留資格 was changed since."""
    residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN_FROM_ABROAD,
        people=[
            person(
                "グエン　ティ　ラン",
                "グエン　ティ　ラン",
                dt.date(1988, 3, 3),
                "2",
                "世帯主",
                resident_type="foreign",
                nationality="ベトナム",
                foreign_category="mid_long_term",
                residence_status="技術・人文知識・国際業務",
                period_of_stay="5年",
                stay_expires_on=dt.date(2030, 4, 1),
                residence_card_number=CARD,
            )
        ],
        address=MIDORI_ADDRESS,
        effective_on=dt.date(2020, 4, 1),
        notified_on=dt.date(2020, 4, 1),
        actor=None,
    )
    resident = Resident.objects.get(residence_card_number=CARD)
    resident_correct(
        municipality=midori,
        resident_id=resident.pk,
        change_type=ChangeType.EX_OFFICIO_CORRECTION,
        updates={"period_of_stay": "3年"},
        reason="入管からの通知",
        actor=None,
        effective_on=dt.date(2024, 4, 1),
    )
    return resident


def test_the_foreign_items_are_printed_unless_left_off_with_their_history(
    midori: Municipality, nguyen: Resident, clerk: StaffUser, tmp_path: Path
) -> None:
    printed = pdf_text(issue(midori, [nguyen], clerk, include_history=True).pdf, tmp_path)
    for word in (*FOREIGN_WORDS, "在留期間等", "3年", "在留期間の満了の日", "2030年4月1日"):
        assert flat(word) in printed, word
    assert "職権修正" in printed  # the history line of the 在留期間 correction
    issued = issue(midori, [nguyen], clerk, include_history=True, omit_foreign_items=True)
    text = pdf_text(issued.pdf, tmp_path)
    for word in (*FOREIGN_WORDS, "在留期間等", "在留期間の満了の日", "2030年4月1日"):
        assert flat(word) not in text, word
    # The rest of the copy stays; a 異動 that changed only left-off items is not printed.
    assert flat("グエン　ティ　ラン") in text and "1988年3月3日" in text
    assert "職権修正" not in text and "令和2年4月1日" in text
    assert issued.certificate.without_foreign_items is True
    audit = AuditRecord.objects.filter(action="registry.certificate_issue").last()
    assert audit is not None and audit.detail["foreign_items_omitted"] is True


def test_api_leaves_the_foreign_items_off_when_asked(
    clerk: StaffUser, midori: Municipality, nguyen: Resident
) -> None:
    client = Client()
    client.force_login(clerk)
    response = client.post(
        "/api/v1/102121/registry/certificates",
        json.dumps(
            {
                "kind": "entry_certificate",
                "resident_ids": [nguyen.pk],
                "requester": "self",
                "identity_check": "other",
                "omit_foreign_items": True,
            }
        ),
        content_type="application/json",
        headers={"Idempotency-Key": "foreign-1"},
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert IssuedCertificate.objects.get().without_foreign_items is True


def test_the_issue_form_offers_to_leave_the_foreign_items_off(
    clerk_client: Client, midori: Municipality, nguyen: Resident
) -> None:
    url = f"/102121/certificates/issue/{nguyen.household_id}/"
    assert "在留カード等の番号を省略する" in clerk_client.get(url).content.decode()
    response = clerk_client.post(
        url,
        {
            "kind": "juminhyo",
            "resident_ids": [nguyen.pk],
            "omit_foreign_items": "on",
            "purpose": "住民票の写しの交付",
            "requester": "self",
            "identity_check": "drivers_license",
            "copies": "1",
        },
    )
    assert response["Content-Type"] == "application/pdf"
    assert IssuedCertificate.objects.get().without_foreign_items is True


@pytest.mark.browser
def test_a_clerk_leaves_the_foreign_items_off_on_the_issue_page(
    page: Page, clerk: StaffUser, nguyen: Resident
) -> None:
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto(f"/102121/certificates/issue/{nguyen.household_id}/")
    page.get_by_role("checkbox", name="在留カード等の番号を省略する").check()
    expect(page.get_by_role("checkbox", name="在留カード等の番号を省略する")).to_be_checked()
    assert_accessible(page, name="certificate-issue-foreign-items")
