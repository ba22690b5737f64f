"""The 転出証明書 in the flow of the 転出 (doc/j660.txt §4.1.3.0.3: "転出の異動処理の流れの中で
転出証明書を印刷できること"): recording a 国内転出 without 特例 ends on its download."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.registry.models import IssuedCertificate, Resident
from jichitai.registry.tests.certificates.helpers import pdf_text, set_mayor_name
from jichitai.registry.tests.views.helpers import dates, text, url
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

DOWNLOAD = "転出証明書（署名付きPDF）をダウンロードする"


def _move_out(client: Client, resident: Resident) -> str:
    response = client.post(
        url(f"households/{resident.household_id}/move-out/"),
        {
            "members": [resident.pk],
            **dates(effective_on="R8.4.20"),
            "moving_to_address": "東京都千代田区千代田1番",
        },
    )
    assert response.status_code == 302
    return str(response["Location"])


def test_a_move_out_ends_on_the_download_of_its_certificate(
    clerk_client: Client, family: dict[str, Resident], midori: Municipality, tmp_path: Path
) -> None:
    set_mayor_name(midori, "緑川　一郎")
    location = _move_out(clerk_client, family["翔太"])
    assert location.startswith("/102121/certificates/move-out/")
    page = text(clerk_client.get(location))
    assert "「国内転出」を記録しました" in page and DOWNLOAD in page
    assert "令和8年4月20日の転出（1人）を記録しました" in page
    assert "山田" not in page  # no names: the page reads nothing personal
    response = clerk_client.post(location)
    assert response["Content-Type"] == "application/pdf"
    assert "東京都千代田区千代田1番" in pdf_text(response.content, tmp_path)
    assert IssuedCertificate.objects.count() == 1  # kept in the 交付履歴 (§1.3.8)


def test_the_move_out_page_is_only_for_a_move_out_of_this_municipality(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    assert clerk_client.get("/102121/certificates/move-out/999999/").status_code == 404
    death = clerk_client.post(
        url(f"households/{family['美咲'].household_id}/death/"),
        {"members": [family["美咲"].pk], **dates(effective_on="R8.4.5")},
    )
    assert "/certificates/move-out/" not in death["Location"]


@pytest.mark.browser
def test_the_clerk_downloads_the_certificate_at_the_end_of_the_move_out(
    page: Page, clerk: StaffUser, family: dict[str, Resident], midori: Municipality
) -> None:
    set_mayor_name(midori, "緑川　一郎")
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    shota = family["翔太"]
    page.goto(f"/102121/registry/households/{shota.household_id}/move-out/?member={shota.pk}")
    page.get_by_label("転出予定日（異動日）").fill("R8.4.20")
    page.get_by_label("届出日").fill("R8.4.6")
    page.get_by_label("転出先住所").fill("東京都千代田区千代田1番")
    page.get_by_role("button", name="転出届（国内転出）を記録する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("転出証明書の交付")
    assert_accessible(page, name="registry-move-out-certificate-offer")
    with page.expect_download() as download:
        page.get_by_role("button", name=DOWNLOAD).click()
    assert download.value.suggested_filename.endswith(".pdf")
