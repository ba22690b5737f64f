"""The open-data pages in Chromium, checked with axe-core: the catalog, a dataset's page with
its map preview drawn without a tile server, and the office's report of a refused file."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from jichitai.conftest import PASSWORD
from jichitai.identity.models import Role
from jichitai.identity.services import staff_create
from jichitai.opendata.tests.factories import aed_csv, aed_published
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_catalog_and_dataset_pages_are_accessible(page: Page, midori: Municipality) -> None:
    publisher = staff_create(
        municipality=midori,
        username="bousai",
        password=PASSWORD,
        display_name="防災課",
        roles=[Role.DEPARTMENT],
        actor=None,
        check_password=False,
    )
    aed_published(midori, actor=publisher)
    page.goto("/102121/opendata/")
    expect(page.get_by_role("heading", level=1)).to_have_text("オープンデータ")
    assert_accessible(page, name="opendata-catalog")
    page.get_by_role("link", name="AED設置箇所一覧").click()
    expect(page.get_by_role("img", name="2地点の位置（北が上、背景地図なし）")).to_be_visible()
    expect(page.get_by_role("link", name="102121_aed.csv")).to_be_visible()
    assert_accessible(page, name="opendata-dataset")


def test_the_office_sees_why_a_file_is_refused(
    page: Page, midori: Municipality, tmp_path: Path
) -> None:
    staff_create(
        municipality=midori,
        username="bousai",
        password=PASSWORD,
        display_name="防災課",
        roles=[Role.DEPARTMENT],
        actor=None,
        check_password=False,
    )
    broken = tmp_path / "102121_aed.csv"
    broken.write_bytes(aed_csv(midori).replace(b"35.70,139.90", b"139.90,35.70"))
    page.goto("/102121/staff/login/?next=/102121/opendata/office/")
    page.get_by_label("ログインID").fill("bousai")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("オープンデータの登録")
    page.locator("#id_file").set_input_files(str(broken))
    page.get_by_label("エラーがなければ公開する").check()
    page.get_by_role("button", name="検証する").click()
    expect(page.get_by_role("alert")).to_contain_text("エラーを直すまで公開できません")
    expect(page.get_by_role("cell", name="value.coordinates_swapped", exact=False)).to_be_visible()
    assert_accessible(page, name="opendata-office-report")
