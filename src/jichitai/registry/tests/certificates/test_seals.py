"""公印管理 (doc/j290.txt §1.3.7: "市区町村長及び職務代理者の公印が管理できること"): the
職務代理者's seal is registered with them, apart from the 市区町村長's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jichitai.common.exceptions import RuleViolation
from jichitai.conftest import PASSWORD, signed_in
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.registry.certificates.certifiers import acting_certifier_add, certifier_on
from jichitai.registry.models import ActingCertifier, Resident
from jichitai.registry.tests.certificates.helpers import issue, pdf_text
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

SEAL = "緑鷹代理之印"


@pytest.fixture
def admin(midori: Municipality) -> StaffUser:
    return staff_create(
        municipality=midori,
        username="admin",
        password=PASSWORD,
        display_name="admin",
        roles=[Role.ADMIN],
        actor=None,
        check_password=False,
    )


def _acting(midori: Municipality, actor: StaffUser, seal_text: str = "") -> ActingCertifier:
    today = timezone.localdate()
    return acting_certifier_add(
        municipality=midori,
        title="副市長",
        name="代理　花子",
        starts_on=today,
        ends_on=today + dt.timedelta(days=6),
        actor=actor,
        seal_text=seal_text,
    )


def test_the_acting_certifiers_own_seal_is_printed_in_their_period(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    today = timezone.localdate()
    assert certifier_on(municipality=midori, on=today).seal_text == "みどり市長之印"
    _acting(midori, clerk, seal_text=SEAL)
    assert certifier_on(municipality=midori, on=today).seal_text == SEAL
    # The mayor's seal is untouched outside the period.
    later = today + dt.timedelta(days=7)
    assert certifier_on(municipality=midori, on=later).seal_text == "みどり市長之印"
    text = pdf_text(issue(midori, household, clerk).pdf, tmp_path)
    assert "鷹" in text and "職務代理者之印" not in text


def test_without_a_registered_seal_the_acting_seal_comes_from_the_title(
    midori: Municipality, mayor: None, clerk: StaffUser
) -> None:
    _acting(midori, clerk)
    seal = certifier_on(municipality=midori, on=timezone.localdate()).seal_text
    assert seal == "みどり市長職務代理者之印"
    with pytest.raises(RuleViolation) as refused:
        _acting(midori, clerk, seal_text="印" * 21)
    assert refused.value.code == "certificate.seal_text_too_long"


def test_the_admin_registers_the_acting_seal_on_the_certifiers_page(
    admin: StaffUser, midori: Municipality, mayor: None
) -> None:
    client = signed_in(admin)
    today = timezone.localdate()
    response = client.post(
        "/102121/certificates/certifiers/",
        {
            "form": "acting",
            "acting-title": "副市長",
            "acting-name": "代理　花子",
            "acting-seal_text": SEAL,
            "acting-starts_on": today.isoformat(),
            "acting-ends_on": today.isoformat(),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "職務代理者を登録しました。" in page and SEAL in page
    assert ActingCertifier.objects.get().seal_text == SEAL


@pytest.mark.browser
def test_the_certifiers_page_takes_the_acting_seal(
    page: Page, admin: StaffUser, midori: Municipality, mayor: None
) -> None:
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill("admin")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto("/102121/certificates/certifiers/")
    today = timezone.localdate()
    page.get_by_label("職務代理者の職名").fill("副市長")
    page.get_by_label("職務代理者の氏名").fill("代理　花子")
    page.get_by_label("職務代理者の公印の印文（任意）").fill(SEAL)
    page.get_by_label("開始日").fill(today.isoformat())
    page.get_by_label("終了日").fill(today.isoformat())
    page.get_by_role("button", name="職務代理者を登録する").click()
    expect(page.get_by_role("cell", name=SEAL)).to_be_visible()
    assert_accessible(page, name="certificate-certifiers-acting-seal")
