"""要介護認定の結果 form of the case page in Chromium, checked with axe-core: an error (非該当
with a period), then the result recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jichitai.departments.models import Business, CareCertification
from jichitai.departments.services import care_insured_enrol
from jichitai.procedures.tests.department_cases import (
    approve,
    care_need_data,
    code_of,
    counter_submit,
    welfare_officer,
)
from jichitai.procedures.tests.test_pages import _sign_in
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_record_the_result_from_the_case_page(page: Page, midori: Municipality) -> None:
    hanako = yamada_family(midori)["花子"]
    today = timezone.localdate()
    care_insured_enrol(
        municipality=midori,
        code=code_of(midori, Business.CARE, hanako),
        insured_number="0000012345",
        acquired_on=today - dt.timedelta(days=400),
        actor=None,
    )
    staff = welfare_officer(midori)
    case = approve(
        midori,
        counter_submit(midori, staff, hanako, "care_need_certification", care_need_data(hanako)),
        staff,
    )
    applied = CareCertification.objects.get(pk=case.care_certification_id or 0).applied_on
    _sign_in(page, "welfare")

    page.goto(f"/102121/office/cases/{case.pk}/")
    expect(page.get_by_text("未記録：介護認定審査会の判定を待っています。")).to_be_visible()
    page.get_by_label("非該当", exact=True).check()
    page.get_by_label("認定日").fill(applied.isoformat())
    page.get_by_label("有効期間の開始日").fill(applied.isoformat())
    page.get_by_label("有効期間の終了日").fill((applied + dt.timedelta(days=364)).isoformat())
    page.get_by_role("button", name="認定結果を記録する").click()
    expect(page.get_by_role("alert").first).to_contain_text("非該当には有効期間がありません。")
    assert_accessible(page, name="office-case-care-result-error")

    page.get_by_label("要介護2", exact=True).check()
    page.get_by_role("button", name="認定結果を記録する").click()
    expect(page.get_by_role("status").first).to_contain_text("認定結果「要介護2」を記録しました。")
    expect(page.locator("#care-result")).to_contain_text("要介護2")
    assert_accessible(page, name="office-case-care-result")
