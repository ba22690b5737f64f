"""Pages of the certificates to the standard: the 認証者の設定 (管理者), the issue form's
公用 and 履歴付き, the resident page's 交付履歴 and the issue list filtered by resident."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from jichitai.audit.models import AuditRecord
from jichitai.conftest import PASSWORD, signed_in
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.registry.models import ActingCertifier, IssuedCertificate, Resident
from jichitai.registry.tests.certificates.helpers import issue as _issue
from jichitai.tenants.models import Municipality, MunicipalitySettings
from jichitai.testing.browser import assert_accessible

LG = "102121"


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


def test_the_certifiers_page_is_for_admins_and_sets_the_mayor_and_the_acting_certifier(
    admin: StaffUser, clerk_client: Client, outsider_client: Client, midori: Municipality
) -> None:
    url = f"/{LG}/certificates/certifiers/"
    assert clerk_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 404
    client = signed_in(admin)
    refused = client.post(url, {"form": "mayor", "mayor-title": "", "mayor-name": ""})
    assert refused.status_code == 200 and "市区町村長の氏名" in refused.content.decode()
    saved = client.post(
        url, {"form": "mayor", "mayor-title": "みどり市長", "mayor-name": "緑川　一郎"}
    )
    assert saved.status_code == 302
    assert MunicipalitySettings.objects.get(municipality=midori).mayor_name == "緑川　一郎"
    today = timezone.localdate()
    added = client.post(
        url,
        {
            "form": "acting",
            "acting-title": "副市長",
            "acting-name": "代理　花子",
            "acting-starts_on": today.isoformat(),
            "acting-ends_on": (today + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert added.status_code == 302
    page = client.get(url).content.decode()
    assert "群馬県みどり市長職務代理者　副市長　代理　花子" in page
    overlap = client.post(
        url,
        {
            "form": "acting",
            "acting-title": "副市長",
            "acting-name": "前田　次郎",
            "acting-starts_on": "令和8年1月1日",
            "acting-ends_on": (today + dt.timedelta(days=1)).isoformat(),
        },
    )
    assert "ほかの職務代理者の期間と重なっています" in overlap.content.decode()
    acting = ActingCertifier.objects.get()
    removed = client.post(f"/{LG}/certificates/certifiers/{acting.pk}/remove/")
    assert removed.status_code == 302 and not ActingCertifier.objects.exists()
    actions = list(AuditRecord.objects.values_list("action", flat=True))
    for action in (
        "municipality.head_set",
        "registry.acting_certifier_add",
        "registry.acting_certifier_remove",
    ):
        assert action in actions


def test_staff_issue_an_official_copy_with_history_from_the_form(
    clerk_client: Client, family: dict
) -> None:
    response = clerk_client.post(
        f"/{LG}/certificates/issue/{family['花子'].household_id}/",
        {
            "kind": "juminhyo",
            "resident_ids": [family["花子"].pk],
            "purpose": "公用請求（年金事務所）",
            "requester": "third_party",
            "identity_check": "other",
            "copies": "2",
            "official_use": "on",
            "include_history": "on",
            "terminal": "本庁1",
            "place": "本庁舎市民課",
        },
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    record = IssuedCertificate.objects.get()
    assert record.official_use and record.with_history and record.fee == 0
    assert (record.terminal, record.place, record.copies) == ("本庁1", "本庁舎市民課", 2)
    assert re.fullmatch(r"\d{8} みどり市 本庁1 000001", record.issue_number)


def test_the_resident_page_lists_their_certificates_and_the_list_filters_by_resident(
    clerk_client: Client, clerk: StaffUser, midori: Municipality, family: dict
) -> None:
    hanako: Resident = family["花子"]
    hers = _issue(midori, [hanako], clerk).certificate
    other = next(r for r in family.values() if r.pk != hanako.pk)
    theirs = _issue(midori, [other], clerk).certificate
    page = clerk_client.get(f"/{LG}/registry/residents/{hanako.pk}/").content.decode()
    section = page[page.index("証明書の交付履歴") :]
    section = section[: section.index("</section>")]
    assert hers.issue_number in section and theirs.issue_number not in section
    assert "住民票の写し" in section and "1通" in section and "本人" in section
    listed = clerk_client.get(f"/{LG}/certificates/issued/?resident={hanako.pk}")
    text = listed.content.decode()
    assert hers.issue_number in text and theirs.issue_number not in text
    read = AuditRecord.objects.filter(action="registry.certificate_history").get()
    assert read.object_type == "registry.Resident"
    for wrong in ("abc", "999999", "1" * 40):
        assert clerk_client.get(f"/{LG}/certificates/issued/?resident={wrong}").status_code == 404


@pytest.mark.browser
def test_the_certifiers_page_as_an_admin_uses_it(
    page: Page, admin: StaffUser, midori: Municipality, mayor: None
) -> None:
    page.goto(f"/{LG}/staff/login/")
    page.get_by_label("ログインID").fill("admin")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto(f"/{LG}/certificates/certifiers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("認証者の設定")
    today = timezone.localdate()
    page.get_by_label("職務代理者の職名").fill("副市長")
    page.get_by_label("職務代理者の氏名").fill("代理　花子")
    page.get_by_label("開始日").fill(today.isoformat())
    page.get_by_label("終了日").fill((today + dt.timedelta(days=6)).isoformat())
    page.get_by_role("button", name="職務代理者を登録する").click()
    expect(page.get_by_text("職務代理者を登録しました。")).to_be_visible()
    expect(page.get_by_role("cell", name="代理　花子")).to_be_visible()
    assert_accessible(page, name="certificate-certifiers")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page, name="certificate-certifiers-320")


@pytest.mark.browser
def test_the_resident_issue_history_as_a_clerk_sees_it(
    page: Page, clerk: StaffUser, midori: Municipality, household: list[Resident]
) -> None:
    issued = _issue(midori, household, clerk).certificate
    page.goto(f"/{LG}/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto(f"/{LG}/registry/residents/{household[0].pk}/")
    history = page.get_by_role("region", name="この住民が記載された証明書（新しい順）")
    expect(history.get_by_role("cell", name=issued.issue_number)).to_be_visible()
    page.get_by_role("link", name="交付記録の一覧で見る").click()
    expect(page.get_by_role("cell", name=issued.issue_number)).to_be_visible()
    assert_accessible(page, name="certificate-issued-for-resident")
