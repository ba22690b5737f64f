"""STORY.md step 8, 共有 (オープンデータ): the municipality publishes 公共施設一覧 (from its facility
master) and AED設置箇所一覧 (an uploaded file) in the 自治体標準オープンデータセット format; a
resident finds them from the home page, a CKAN client and a spreadsheet both read them. Every
page on the way is checked with axe-core."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from ckanapi import RemoteCKAN
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jichitai.conftest import PASSWORD
from jichitai.identity.models import Role
from jichitai.identity.services import staff_create
from jichitai.opendata.tests.factories import aed_csv
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def _sign_in(page: Page, next_url: str) -> None:
    page.goto(f"/102121/staff/login/?next={next_url}")
    page.get_by_label("ログインID").fill("kanzai")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def _facility_add(page: Page) -> None:
    # The fields are named by the items' English names; their labels are the Japanese ones.
    page.get_by_role("link", name="施設を登録する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("施設を登録する")
    page.locator("#id_identifier").fill("F001")
    page.locator("#id_name").fill("中央公民館")
    page.locator("#id_nameKana").fill("ﾁｭｳｵｳｺｳﾐﾝｶﾝ")
    page.locator("#id_fullAddress").fill("群馬県みどり市大間々町大間々1511番地")
    page.locator("#id_latitude").fill("139.2825")
    page.locator("#id_longitude").fill("36.4363")
    page.locator("#id_startTime").fill("9:00")
    page.get_by_role("button", name="登録する").click()
    # Swapped coordinates are refused at the item, in plain Japanese, with a link to it.
    summary = page.get_by_role(
        "link", name="緯度：緯度「139.2825」と経度「36.4363」が入れ替わっています。"
    )
    expect(summary).to_have_attribute("href", "#id_latitude")
    assert_accessible(page, name="opendata-facility-refused")
    page.locator("#id_latitude").fill("36.4363")
    page.locator("#id_longitude").fill("139.2825")
    page.get_by_role("button", name="登録する").click()


def test_step_8_publish_and_read_with_ckan_and_a_spreadsheet(
    page: Page, live_server: LiveServer, midori: Municipality, tmp_path: Path
) -> None:
    staff_create(
        municipality=midori,
        username="kanzai",
        password=PASSWORD,
        display_name="管財課",
        roles=[Role.DEPARTMENT],
        actor=None,
        check_password=False,
    )
    # 公共施設一覧 from the facility master kept in the office.
    _sign_in(page, "/102121/opendata/office/facilities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("施設台帳")
    assert_accessible(page, name="opendata-facilities-empty")
    _facility_add(page)
    expect(page.get_by_role("cell", name="中央公民館")).to_be_visible()
    page.get_by_label("ライセンス").select_option("PDL-1.0")
    page.get_by_role("button", name="公開する").click()
    expect(page.get_by_role("status")).to_contain_text(
        "公共施設一覧を第1版として公開しました（1件）"
    )
    assert_accessible(page, name="opendata-facilities")

    # AED設置箇所一覧 uploaded as a file.
    aed = tmp_path / "102121_aed.csv"
    aed.write_bytes(aed_csv(midori))
    page.goto("/102121/opendata/office/")
    page.locator("#id_file").set_input_files(str(aed))
    page.get_by_label("ライセンス").select_option("CC-BY-4.0")
    page.get_by_label("エラーがなければ公開する").check()
    page.get_by_role("button", name="検証する").click()
    expect(page.get_by_role("status").first).to_contain_text("第1版として公開しました（2件）")

    # 地域・年齢別人口: the page explains the suppression before anything is counted.
    page.goto("/102121/opendata/office/population/")
    expect(page.get_by_text("1人または2人の数は「X」")).to_be_visible()
    assert_accessible(page, name="opendata-population")

    # A resident finds the catalog from the municipality's home page.
    page.context.clear_cookies()
    page.goto("/102121/")
    page.get_by_role("link", name="オープンデータカタログを見る").click()
    expect(page.get_by_role("link", name="公共施設一覧")).to_be_visible()
    expect(page.get_by_role("link", name="AED設置箇所一覧")).to_be_visible()
    assert_accessible(page, name="opendata-story-catalog")
    page.get_by_role("link", name="公共施設一覧").click()
    expect(page.get_by_role("img", name="1地点の位置（北が上、背景地図なし）")).to_be_visible()
    assert_accessible(page, name="opendata-story-dataset")

    # A spreadsheet opens the CSV: UTF-8 with BOM, the standard's header, the normalised kana.
    with page.expect_download() as download:
        page.get_by_role("link", name="102121_public_facility.csv").click()
    body = Path(download.value.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [(r["ID"], r["名称_カナ"], r["開始時間"]) for r in rows] == [
        ("F001", "チュウオウコウミンカン", "09:00")
    ]

    # A CKAN client reads the same catalog.
    with RemoteCKAN(f"{live_server.url}/102121/opendata") as ckan:
        assert ckan.action.package_list() == ["aed", "public_facility"]
        facilities = ckan.action.package_show(id="public_facility")
        assert facilities["resources"][0]["url"].endswith("/102121/opendata/public_facility/csv/")
        assert ckan.action.package_show(id="aed")["license_id"] == "CC-BY-4.0"
