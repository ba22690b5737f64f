"""The 被災者台帳 pages in Chromium, checked with axe-core: 災害の記録 (an error, then a
disaster recorded) and the 罹災証明書 case page before and after the survey's result."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jichitai.procedures.services import case_approve, case_claim
from jichitai.procedures.tests.department_cases import counter_submit, welfare_officer
from jichitai.procedures.tests.national_cases import World
from jichitai.procedures.tests.national_disaster_cases import disaster_data
from jichitai.procedures.tests.test_pages import _sign_in
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_record_a_disaster_then_the_survey_from_the_case_page(
    page: Page, midori: Municipality
) -> None:
    world = World(municipality=midori, people=yamada_family(midori))
    staff = welfare_officer(midori)
    today = timezone.localdate()
    _sign_in(page, "welfare")

    page.goto("/102121/office/disasters/")
    expect(page.get_by_role("heading", level=1)).to_have_text("災害の記録（被災者台帳）")
    page.get_by_label("災害名").fill("令和8年台風第10号")
    page.get_by_label("発生日").fill((today - dt.timedelta(days=20)).isoformat())
    page.get_by_label("終了日").fill((today - dt.timedelta(days=21)).isoformat())
    page.get_by_label("被災区域").fill("みどり市全域")
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_role("alert").first).to_contain_text("終了日は発生日より前にできません。")
    assert_accessible(page, name="office-disasters-error")

    page.get_by_label("終了日").fill((today - dt.timedelta(days=19)).isoformat())
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_role("status").first).to_contain_text("を被災者台帳に記録しました。")
    expect(page.get_by_role("region", name="記録された災害")).to_contain_text("みどり市全域")
    assert_accessible(page, name="office-disasters")

    case = counter_submit(
        midori, staff, world.people["花子"], "disaster_certificate", disaster_data(world)
    )
    case_claim(municipality=midori, case_id=case.pk, actor=staff)
    case_approve(municipality=midori, case_id=case.pk, actor=staff)
    case_claim(municipality=midori, case_id=case.pk, actor=staff)
    page.goto(f"/102121/office/cases/{case.pk}/")
    expect(page.get_by_text("未記録：調査の結果を記録するまで承認できません。")).to_be_visible()
    assert_accessible(page, name="office-case-disaster-unsurveyed")

    page.get_by_label("半壊", exact=True).check()
    page.get_by_label("調査日").fill((today - dt.timedelta(days=5)).isoformat())
    page.get_by_role("button", name="調査の結果を記録する").click()
    expect(page.get_by_role("status").first).to_contain_text("住家被害認定「半壊」を記録しました。")
    assert_accessible(page, name="office-case-disaster-surveyed")

    page.get_by_label("上記の処理は取り消せないことを確認しました").check()
    page.get_by_role("button", name="承認する").click()
    expect(page.get_by_role("status").first).to_contain_text("を承認しました。")
