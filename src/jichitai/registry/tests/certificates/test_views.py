"""The certificate pages (registry/certificates/views.py): the public verification page, and
issuing from the staff page with the issue list."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import Page, expect

from jichitai.audit.models import AuditRecord
from jichitai.identity.models import StaffUser
from jichitai.registry.certificates.verification import verify_certificate_pdf
from jichitai.registry.models import IssuedCertificate, Resident
from jichitai.registry.tests.certificates.helpers import issue as _issue
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

COUNTER = {"requester": "self", "identity_check": "drivers_license", "copies": "1"}


# --- the public verification page -----------------------------------------------------------


def _upload(client: Client, lg_code: str, content: bytes, name: str = "c.pdf") -> str:
    response = client.post(
        f"/{lg_code}/certificates/verify/",
        {"file": SimpleUploadedFile(name, content, "application/pdf")},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_verification_page_is_public(client: Client, midori: Municipality) -> None:
    response = client.get(f"/{midori.lg_code}/certificates/verify/")
    assert response.status_code == 200
    assert "証明書の検証" in response.content.decode()


def test_the_verification_page_says_valid_or_altered(
    client: Client, midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    issued = _issue(midori, household, clerk)
    page = _upload(client, midori.lg_code, issued.pdf)
    assert "有効" in page and issued.certificate.issue_number in page
    assert "鈴木" not in page  # the page shows the record, never the content
    tampered = bytearray(issued.pdf)
    tampered[len(tampered) // 2] ^= 0x01
    assert "改ざんされているか、発行記録がありません" in _upload(
        client, midori.lg_code, bytes(tampered)
    )


def test_the_verification_page_refuses_non_pdfs_and_large_files(
    client: Client, midori: Municipality
) -> None:
    assert "PDFファイルを選んでください" in _upload(client, midori.lg_code, b"GIF89a...", "x.pdf")
    big = b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024)
    assert "10MB" in _upload(client, midori.lg_code, big)


@pytest.mark.browser
def test_the_verification_page_as_a_person_uses_it(
    page: Page, midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    issued = _issue(midori, household, clerk)
    good = tmp_path / "juminhyo.pdf"
    good.write_bytes(issued.pdf)
    page.goto(f"/{midori.lg_code}/certificates/verify/")
    expect(page.get_by_role("heading", level=1)).to_have_text("証明書の検証")
    assert_accessible(page, name="certificate-verify")
    page.get_by_label("証明書のPDFファイル").set_input_files(str(good))
    page.get_by_role("button", name="検証する").click()
    expect(page.get_by_text("有効", exact=True)).to_be_visible()
    expect(page.get_by_text(issued.certificate.issue_number)).to_be_visible()
    assert_accessible(page, name="certificate-verify-valid")


# --- issuing from the staff page -------------------------------------------------------------


def test_staff_issue_a_signed_juminhyo_for_the_whole_household(
    clerk_client: Client,
    family: dict,
    midori: Municipality,
) -> None:
    url = f"/102121/certificates/issue/{family['花子'].household_id}/"
    page = clerk_client.get(url).content.decode()
    assert "山田　翔太" in page and "個人番号を記載する" in page
    response = clerk_client.post(
        url,
        {
            "kind": "juminhyo",
            "resident_ids": [r.pk for r in family.values()],
            "include_household_head_and_relationship": "on",
            "purpose": "住民票の写しの交付",
            **COUNTER,
        },
    )
    assert response["Content-Type"] == "application/pdf"
    pdf = response.getvalue()  # streamed or not
    assert verify_certificate_pdf(pdf, municipality=midori).valid
    assert IssuedCertificate.objects.count() == 1


def test_a_clerk_asking_for_my_number_gets_the_error_on_the_page(
    clerk_client: Client,
    family: dict,
) -> None:
    response = clerk_client.post(
        f"/102121/certificates/issue/{family['花子'].household_id}/",
        {
            "kind": "juminhyo",
            "resident_ids": [family["花子"].pk],
            "include_my_number": "on",
            "purpose": "住民票の写しの交付",
            **COUNTER,
        },
    )
    assert response.status_code == 200
    assert "住民記録審査の役割を持つ職員だけが交付できます" in response.content.decode()
    assert IssuedCertificate.objects.count() == 0


def test_another_municipalitys_household_is_404(
    outsider_client: Client,
    family: dict,
) -> None:
    url = f"/104493/certificates/issue/{family['花子'].household_id}/"
    assert outsider_client.get(url).status_code == 404


# --- who asked, how they were identified, copies and fee (住基法 第12条・第12条の3) ------------


def test_staff_issue_records_the_requester_identity_check_copies_and_fee(
    clerk_client: Client,
    family: dict,
) -> None:
    url = f"/102121/certificates/issue/{family['花子'].household_id}/"
    page = clerk_client.get(url).content.decode()
    for label in ("請求者の区分", "代理人", "第三者", "本人確認の方法", "運転免許証", "通数"):
        assert label in page
    assert "手数料は1通300円です" in page
    response = clerk_client.post(
        url,
        {
            "kind": "juminhyo",
            "resident_ids": [family["花子"].pk],
            "purpose": "住民票の写しの交付",
            "requester": "agent",
            "identity_check": "other",
            "copies": "3",
        },
    )
    assert response["Content-Type"] == "application/pdf"
    issued = IssuedCertificate.objects.get()
    assert (issued.requester, issued.identity_check) == ("agent", "other")
    assert (issued.copies, issued.fee) == (3, 900)
    audit = AuditRecord.objects.get(action="registry.certificate_issue", result="success")
    assert audit.detail["requester_agent"] is True and audit.detail["identity_other"] is True
    assert audit.detail["copies"] == 3 and audit.detail["fee"] == 900
    assert "山田" not in json.dumps(audit.detail, ensure_ascii=False)


def test_staff_issue_without_the_request_says_what_is_missing_and_issues_nothing(
    clerk_client: Client,
    family: dict,
) -> None:
    response = clerk_client.post(
        f"/102121/certificates/issue/{family['花子'].household_id}/",
        {
            "kind": "juminhyo",
            "resident_ids": [family["花子"].pk],
            "purpose": "住民票の写しの交付",
            "copies": "11",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "請求者の区分を選んでください。" in page
    assert "本人確認の方法を選んでください。" in page
    assert "通数は1から10までの数で入力してください。" in page
    assert not IssuedCertificate.objects.exists()


def test_a_third_party_cannot_get_the_resident_code_and_nothing_is_issued(
    clerk_client: Client,
    family: dict,
) -> None:
    response = clerk_client.post(
        f"/102121/certificates/issue/{family['花子'].household_id}/",
        {
            "kind": "juminhyo",
            "resident_ids": [family["花子"].pk],
            "purpose": "債権回収のための第三者請求",
            "include_resident_code": "on",
            "requester": "third_party",
            "identity_check": "drivers_license",
            "copies": "1",
        },
    )
    assert response.status_code == 200
    assert "第三者からの請求（申出）では、住民票コードと個人番号を記載できません。" in (
        response.content.decode()
    )
    assert not IssuedCertificate.objects.exists()


# --- the resident page leads to that person's copy --------------------------------------


def test_the_resident_page_offers_a_juminhyo_of_that_person(
    clerk_client: Client,
    family: dict,
) -> None:
    son = family["翔太"]
    page = clerk_client.get(f"/102121/registry/residents/{son.pk}/").content.decode()
    link = re.search(r'href="([^"]+)"[^>]*>住民票の写しを交付する<', page)
    assert link, "no 住民票 button on the resident page"
    form = clerk_client.get(html.unescape(link.group(1))).content.decode()
    checked = re.findall(r'name="resident_ids" value="(\d+)"[^>]*checked', form)
    assert checked == [str(son.pk)]
    assert re.search(r'value="juminhyo"[^>]*selected', form)


def test_the_issue_list_shows_who_asked_the_check_copies_and_fee(
    clerk_client: Client,
    family: dict,
) -> None:
    clerk_client.post(
        f"/102121/certificates/issue/{family['花子'].household_id}/",
        {
            "kind": "juminhyo",
            "resident_ids": [family["花子"].pk],
            "purpose": "住民票の写しの交付",
            "requester": "third_party",
            "identity_check": "drivers_license",
            "copies": "2",
        },
    )
    number = IssuedCertificate.objects.get().issue_number
    page = clerk_client.get("/102121/certificates/issued/").content.decode()
    # Two copies, two numbers: the first and the last are listed.
    row = re.search(rf"<tr>\s*<td[^>]*>{number}〜000002</td>.*?</tr>", page, re.S)
    assert row, page
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row[0], re.S)
    ]
    assert cells[3:7] == ["第三者", "運転免許証", "2通", "600円"]
    assert "山田" not in page


def test_the_issue_list_is_for_staff_of_the_municipality_only(
    client: Client,
    outsider_client: Client,
    family: dict,
) -> None:
    assert client.get("/102121/certificates/issued/").status_code == 302
    assert outsider_client.get("/102121/certificates/issued/").status_code in (403, 404)
