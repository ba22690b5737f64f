"""Approving a department procedure writes the department's record under the 符号 the broker
issued for the person, and 児童手当's approval obtains the income through the broker
(ワンスオンリー): the case shows which exchange supplied it; without the income, or with a
spouse earning more, the approval is refused and the case stays unapproved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from jichitai.common.exceptions import DomainError
from jichitai.conftest import signed_in
from jichitai.departments.models import (
    Business,
    CareCardReissue,
    CareCertification,
    ChildAllowanceIncomeDetermination,
    ChildAllowanceRecipient,
    ChildAllowanceRevision,
    ChildAllowanceStatusReport,
    ChildcareApplication,
    ChildcareCertification,
    NhiCoverage,
    PregnancyNotification,
)
from jichitai.departments.services import care_insured_enrol
from jichitai.identity.models import StaffUser
from jichitai.procedures.department_actions import income_fiscal_year
from jichitai.procedures.models import Case, CaseExchange, CaseState
from jichitai.procedures.tests.department_cases import (
    approve,
    card_reissue_data,
    care_need_data,
    claim_data,
    code_of,
    counter_submit,
    income_record,
    nhi_data,
    nursery_data,
    revision_data,
    status_data,
    welfare_officer,
)
from jichitai.procedures.tests.factories import pregnancy_data
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import Address, residents_register
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person, yamada_family
from jichitai.tenants.models import Municipality

MIDORI, MINAKAMI = "102121", "104493"


@pytest.fixture
def family(midori: Municipality) -> dict[str, Resident]:
    return yamada_family(midori)


@pytest.fixture
def welfare(midori: Municipality) -> StaffUser:
    return welfare_officer(midori)


def _fiscal_year() -> int:
    return income_fiscal_year(timezone.localdate())


def _code(error: Callable[[], object]) -> str:
    with pytest.raises(DomainError) as raised:
        error()
    return raised.value.code


def _page(municipality: Municipality, staff: StaffUser, case: Case) -> str:
    page = signed_in(staff).get(f"/{municipality.lg_code}/office/cases/{case.pk}/")
    return page.content.decode()


def _married(midori: Municipality) -> dict[str, Resident]:
    """山田太郎 (世帯主), his 妻 花子 and their son."""
    change = residents_register(
        municipality=midori,
        change_type=ChangeType.MOVE_IN,
        people=[
            person("山田　太郎", "ヤマダ　タロウ", dt.date(1988, 3, 3), "1", "世帯主"),
            person("山田　花子", "ヤマダ　ハナコ", dt.date(1990, 6, 15), "2", "妻"),
            person("山田　翔太", "ヤマダ　ショウタ", dt.date(2018, 5, 20), "1", "子"),
        ],
        address=MIDORI_ADDRESS,
        effective_on=dt.date(2024, 4, 1),
        notified_on=dt.date(2024, 4, 1),
        actor=None,
        previous_address="東京都千代田区千代田1番1号",
    )
    return {
        r.name.split("　")[1]: r
        for r in Resident.objects.filter(history__change=change).order_by("household_order")
    }


# ---------------------------------------------------------------------------- 児童手当の認定請求


def test_claim_is_certified_with_the_income_the_broker_supplied(
    midori: Municipality, family: dict[str, Resident], welfare: StaffUser
) -> None:
    hanako = family["花子"]
    income_record(midori, hanako, fiscal_year=_fiscal_year(), total_income=3_200_000)
    case = counter_submit(
        midori,
        welfare,
        hanako,
        "child_allowance_claim",
        claim_data(hanako, [family["翔太"], family["美咲"]]),
    )

    assert approve(midori, case, welfare).state == CaseState.APPROVED

    recipient = ChildAllowanceRecipient.objects.get(municipality=midori)
    assert recipient.code == code_of(midori, Business.CHILD_ALLOWANCE, hanako)
    assert set(recipient.children.values_list("code", flat=True)) == {
        code_of(midori, Business.CHILD_ALLOWANCE, family["翔太"]),
        code_of(midori, Business.CHILD_ALLOWANCE, family["美咲"]),
    }
    determination = ChildAllowanceIncomeDetermination.objects.get(recipient=recipient)
    exchange = CaseExchange.objects.get(case=case)
    assert (determination.fiscal_year, determination.total_income) == (_fiscal_year(), 3_200_000)
    assert determination.income_exchange_id == exchange.exchange_id
    assert (exchange.provider_municipality, exchange.provider_business, exchange.about) == (
        MIDORI,
        Business.TAX,
        "請求者",
    )
    page = _page(midori, welfare, case)
    assert "情報連携で取得した情報" in page
    assert "群馬県みどり市 個人住民税" in page
    assert "3,200,000" not in page and "3200000" not in page  # metadata only


def test_claim_is_refused_when_the_spouse_earns_more(
    midori: Municipality, welfare: StaffUser
) -> None:
    people = _married(midori)
    income_record(midori, people["花子"], fiscal_year=_fiscal_year(), total_income=1_000_000)
    income_record(midori, people["太郎"], fiscal_year=_fiscal_year(), total_income=4_000_000)
    case = counter_submit(
        midori,
        welfare,
        people["花子"],
        "child_allowance_claim",
        claim_data(people["花子"], [people["翔太"]]),
    )

    assert _code(lambda: approve(midori, case, welfare)) == "case.not_main_earner"

    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW
    assert not ChildAllowanceRecipient.objects.exists()
    assert not CaseExchange.objects.exists()


def test_the_higher_earning_head_is_certified_with_both_incomes_shown(
    midori: Municipality, welfare: StaffUser
) -> None:
    people = _married(midori)
    income_record(midori, people["花子"], fiscal_year=_fiscal_year(), total_income=1_000_000)
    income_record(midori, people["太郎"], fiscal_year=_fiscal_year(), total_income=4_000_000)
    case = counter_submit(
        midori,
        welfare,
        people["太郎"],
        "child_allowance_claim",
        claim_data(people["太郎"], [people["翔太"]]),
    )

    assert approve(midori, case, welfare).state == CaseState.APPROVED
    assert list(CaseExchange.objects.filter(case=case).values_list("about", flat=True)) == [
        "請求者",
        "配偶者",
    ]
    assert "配偶者の個人住民税の所得" in _page(midori, welfare, case)


def test_claim_without_income_anywhere_is_refused_asking_for_a_tax_certificate(
    midori: Municipality, family: dict[str, Resident], welfare: StaffUser
) -> None:
    hanako = family["花子"]
    case = counter_submit(
        midori, welfare, hanako, "child_allowance_claim", claim_data(hanako, [family["翔太"]])
    )

    with pytest.raises(DomainError) as refused:
        approve(midori, case, welfare)
    assert refused.value.code == "case.income_not_found"
    assert "課税証明書" in refused.value.detail and "差し戻し" in refused.value.detail

    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW
    assert not ChildAllowanceRecipient.objects.exists()


def test_the_income_of_the_former_municipality_serves_the_claim_after_a_move(
    midori: Municipality, minakami: Municipality
) -> None:
    """She moved from みどり市 to みなかみ町 keeping her 住民票コード: みどり市 assessed her
    income, みなかみ町's 児童手当 obtains it through the broker."""
    before = yamada_family(midori)
    income_record(midori, before["花子"], fiscal_year=_fiscal_year(), total_income=2_800_000)
    change = residents_register(
        municipality=minakami,
        change_type=ChangeType.MOVE_IN,
        people=[
            person(
                m.name,
                m.name_kana,
                m.birth_date,
                m.sex,
                m.relationship,
                resident_code=m.resident_code,
            )
            for m in before.values()
        ],
        address=Address(address="群馬県利根郡みなかみ町後閑318番地"),
        effective_on=timezone.localdate() - dt.timedelta(days=3),
        notified_on=timezone.localdate() - dt.timedelta(days=3),
        actor=None,
        previous_address=before["花子"].address,
    )
    after = {
        r.name.split("　")[1]: r
        for r in Resident.objects.filter(history__change=change).order_by("household_order")
    }
    staff = welfare_officer(minakami, "minakami-welfare")
    case = counter_submit(
        minakami,
        staff,
        after["花子"],
        "child_allowance_claim",
        claim_data(after["花子"], [after["翔太"], after["美咲"]]),
    )

    assert approve(minakami, case, staff).state == CaseState.APPROVED

    recipient = ChildAllowanceRecipient.objects.get(municipality=minakami)
    assert recipient.code == code_of(minakami, Business.CHILD_ALLOWANCE, after["花子"])
    assert recipient.income_determinations.get().total_income == 2_800_000
    # Claimed within 15 days of the 転入: paid from the month after it (第8条第3項).
    moved_in = timezone.localdate() - dt.timedelta(days=3)
    assert recipient.payment_start_month == (
        moved_in.replace(day=28) + dt.timedelta(days=4)
    ).replace(day=1)
    exchange = CaseExchange.objects.get(case=case)
    assert exchange.provider_municipality == MIDORI
    assert "群馬県みどり市 個人住民税" in _page(minakami, staff, case)


def test_a_child_not_chosen_from_the_register_is_refused_at_submission(
    midori: Municipality, family: dict[str, Resident], welfare: StaffUser
) -> None:
    hanako = family["花子"]
    data = claim_data(hanako, [family["翔太"]])
    del data["children"][0]["resident_id"]
    assert (
        _code(lambda: counter_submit(midori, welfare, hanako, "child_allowance_claim", data))
        == "case.person_not_identified"
    )
    itself = claim_data(hanako, [hanako])
    assert (
        _code(lambda: counter_submit(midori, welfare, hanako, "child_allowance_claim", itself))
        == "case.applicant_listed"
    )


# ---------------------------------------------------------------------------- 現況届・額改定


def test_status_report_and_revision_act_on_the_certified_recipient(
    midori: Municipality, family: dict[str, Resident], welfare: StaffUser
) -> None:
    hanako = family["花子"]
    income_record(midori, hanako, fiscal_year=_fiscal_year(), total_income=3_000_000)
    approve(
        midori,
        counter_submit(
            midori, welfare, hanako, "child_allowance_claim", claim_data(hanako, [family["翔太"]])
        ),
        welfare,
    )
    recipient = ChildAllowanceRecipient.objects.get(municipality=midori)

    status = counter_submit(
        midori, welfare, hanako, "child_allowance_status", status_data(hanako, [family["翔太"]])
    )
    assert approve(midori, status, welfare).state == CaseState.APPROVED
    assert ChildAllowanceStatusReport.objects.get(recipient=recipient).children_count == 1

    revision = counter_submit(
        midori,
        welfare,
        hanako,
        "child_allowance_revision",
        revision_data(hanako, [family["美咲"]], timezone.localdate()),
    )
    assert approve(midori, revision, welfare).state == CaseState.APPROVED
    assert recipient.revisions.filter(kind=ChildAllowanceRevision.Kind.INCREASE).exists()
    assert recipient.children.filter(
        code=code_of(midori, Business.CHILD_ALLOWANCE, family["美咲"])
    ).exists()


def test_status_report_of_someone_not_certified_is_refused(
    midori: Municipality, family: dict[str, Resident], welfare: StaffUser
) -> None:
    hanako = family["花子"]
    case = counter_submit(
        midori, welfare, hanako, "child_allowance_status", status_data(hanako, [family["翔太"]])
    )
    assert _code(lambda: approve(midori, case, welfare)) == "child_allowance.not_certified"
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW


# ---------------------------------------------------------------------------- 保育


def test_nursery_application_registers_the_application_and_its_certification(
    midori: Municipality, family: dict[str, Resident], welfare: StaffUser
) -> None:
    hanako, misaki = family["花子"], family["美咲"]
    starts_on = timezone.localdate().replace(day=1) + dt.timedelta(days=62)
    case = counter_submit(
        midori, welfare, hanako, "nursery_application", nursery_data(hanako, misaki, starts_on)
    )
    assert approve(midori, case, welfare).state == CaseState.APPROVED

    application = ChildcareApplication.objects.get(municipality=midori)
    assert application.child_code == code_of(midori, Business.CHILDCARE, misaki)
    assert application.guardian_code == code_of(midori, Business.CHILDCARE, hanako)
    assert application.preferred_facilities == ["みどり保育園", "さくら保育園"]
    certification = ChildcareCertification.objects.get(application=application)
    # 美咲 (born 2023-01-10) is 3 or more from 2026-01: 2号認定.
    assert certification.category == ChildcareCertification.Category.SECOND


# ---------------------------------------------------------------------------- 国民健康保険


def test_nhi_membership_acquires_and_loses_coverage_for_each_member(
    midori: Municipality, family: dict[str, Resident], welfare: StaffUser
) -> None:
    hanako, shota = family["花子"], family["翔太"]
    joined_on = timezone.localdate() - dt.timedelta(days=10)
    acquire = counter_submit(
        midori,
        welfare,
        hanako,
        "nhi_membership",
        nhi_data(
            hanako,
            [hanako, shota],
            kind="資格取得",
            reason="職場の健康保険をやめた",
            occurred_on=joined_on,
        ),
    )
    assert approve(midori, acquire, welfare).state == CaseState.APPROVED
    codes = {code_of(midori, Business.NHI, r) for r in (hanako, shota)}
    assert set(NhiCoverage.objects.values_list("code", flat=True)) == codes
    assert set(NhiCoverage.objects.values_list("acquired_on", flat=True)) == {joined_on}

    left_on = timezone.localdate() - dt.timedelta(days=2)
    lose = counter_submit(
        midori,
        welfare,
        hanako,
        "nhi_membership",
        nhi_data(
            hanako, [shota], kind="資格喪失", reason="職場の健康保険に加入した", occurred_on=left_on
        ),
    )
    assert approve(midori, lose, welfare).state == CaseState.APPROVED
    ended = NhiCoverage.objects.get(code=code_of(midori, Business.NHI, shota))
    # 国民健康保険法 第8条第1項: from the day after.
    assert ended.lost_on == left_on + dt.timedelta(days=1)
    assert NhiCoverage.objects.get(code=code_of(midori, Business.NHI, hanako)).lost_on is None


def test_nhi_reason_of_the_other_kind_is_refused_at_submission(
    midori: Municipality, family: dict[str, Resident], welfare: StaffUser
) -> None:
    hanako = family["花子"]
    data = nhi_data(
        hanako, [hanako], kind="資格取得", reason="転出", occurred_on=timezone.localdate()
    )
    assert (
        _code(lambda: counter_submit(midori, welfare, hanako, "nhi_membership", data))
        == "case.reason_kind_mismatch"
    )


# ---------------------------------------------------------------------------- 介護保険


def test_care_need_application_and_card_reissue_are_recorded_for_the_insured(
    midori: Municipality, family: dict[str, Resident], welfare: StaffUser
) -> None:
    hanako = family["花子"]
    care_insured_enrol(
        municipality=midori,
        code=code_of(midori, Business.CARE, hanako),
        insured_number="0000012345",
        acquired_on=dt.date(2024, 4, 1),
        actor=None,
    )
    application = counter_submit(
        midori, welfare, hanako, "care_need_certification", care_need_data(hanako)
    )
    assert approve(midori, application, welfare).state == CaseState.APPROVED
    certification = CareCertification.objects.get(municipality=midori)
    assert (certification.kind, certification.status) == (
        CareCertification.Kind.NEW,
        CareCertification.Status.APPLIED,  # the 審査会's result comes later
    )
    assert certification.insured.code == code_of(midori, Business.CARE, hanako)

    reissue = counter_submit(
        midori, welfare, hanako, "care_insurance_card_reissue", card_reissue_data(hanako)
    )
    assert approve(midori, reissue, welfare).state == CaseState.APPROVED
    assert CareCardReissue.objects.get(municipality=midori).reason == CareCardReissue.Reason.LOST


def test_care_need_application_of_someone_not_insured_is_refused(
    midori: Municipality, family: dict[str, Resident], welfare: StaffUser
) -> None:
    hanako = family["花子"]
    case = counter_submit(
        midori, welfare, hanako, "care_need_certification", care_need_data(hanako)
    )
    assert _code(lambda: approve(midori, case, welfare)) == "care.not_insured"
    assert not CareCertification.objects.exists()


# ---------------------------------------------------------------------------- 母子保健


def test_pregnancy_notification_issues_the_handbook_numbers(
    midori: Municipality, family: dict[str, Resident], welfare: StaffUser
) -> None:
    hanako = family["花子"]
    case = counter_submit(
        midori,
        welfare,
        hanako,
        "pregnancy_notification",
        {**pregnancy_data(hanako), "fetuses": 2},
    )
    assert approve(midori, case, welfare).state == CaseState.APPROVED
    pregnancy = PregnancyNotification.objects.get(municipality=midori)
    assert pregnancy.code == code_of(midori, Business.MATERNAL_HEALTH, hanako)
    assert pregnancy.handbooks.count() == 2


def test_pregnancy_notification_with_a_past_due_date_is_refused_at_submission(
    midori: Municipality, family: dict[str, Resident], welfare: StaffUser
) -> None:
    hanako = family["花子"]
    data = {**pregnancy_data(hanako), "expected_delivery_on": timezone.localdate().isoformat()}
    assert (
        _code(lambda: counter_submit(midori, welfare, hanako, "pregnancy_notification", data))
        == "case.date_not_ahead"
    )
