"""手数料のお支払い待ち: an online request with a fee waits for the payments app's signal; only
then can the counter take it up and issue the certificate."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jichitai.common.exceptions import DomainError
from jichitai.identity.models import Role, StaffUser
from jichitai.procedures.models import Activity, CaseState
from jichitai.procedures.services import case_claim, case_withdraw
from jichitai.procedures.services.fees import case_fee_record
from jichitai.procedures.tests.conftest import _staff
from jichitai.procedures.tests.factories import actor_of, fee_paid, juminhyo_request_submit
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality

pytestmark = pytest.mark.django_db


def _counter(midori: Municipality) -> StaffUser:
    return _staff(midori, "counter", Role.COUNTER)


def test_an_online_request_waits_for_its_fee_and_the_counter_cannot_take_it_up(
    midori: Municipality, family: dict[str, Resident], fake_jpki: list[bytes]
) -> None:
    case = juminhyo_request_submit(midori, family["花子"])
    assert case.state == CaseState.AWAITING_PAYMENT
    assert case.get_state_display() == "手数料のお支払い待ち"
    with pytest.raises(DomainError) as refused:
        case_claim(municipality=midori, case_id=case.pk, actor=_counter(midori))
    assert refused.value.code == "case.transition_invalid"


def test_the_payment_signal_moves_the_case_to_the_counter_once(
    midori: Municipality, family: dict[str, Resident], fake_jpki: list[bytes]
) -> None:
    case = fee_paid(juminhyo_request_submit(midori, family["花子"]))
    assert case.state == CaseState.SUBMITTED
    assert list(case.events.values_list("activity", flat=True)) == [
        Activity.SUBMIT,
        Activity.PAY,
    ]
    # A second announcement finds no case waiting and changes nothing.
    assert fee_paid(case).events.count() == 2
    claimed = case_claim(municipality=midori, case_id=case.pk, actor=_counter(midori))
    assert claimed.state == CaseState.IN_REVIEW


def test_a_payment_of_another_amount_is_refused_and_the_case_keeps_waiting(
    midori: Municipality, family: dict[str, Resident], fake_jpki: list[bytes]
) -> None:
    case = juminhyo_request_submit(midori, family["花子"])
    with pytest.raises(DomainError) as refused:
        case_fee_record(
            municipality_code=midori.lg_code,
            reference_number=case.reference_number,
            amount=200,
            paid_at=timezone.now(),
        )
    assert refused.value.code == "case.fee_amount_mismatch"
    case.refresh_from_db()
    assert case.state == CaseState.AWAITING_PAYMENT


def test_the_resident_can_withdraw_a_request_not_yet_paid(
    midori: Municipality, family: dict[str, Resident], fake_jpki: list[bytes]
) -> None:
    hanako = family["花子"]
    case = juminhyo_request_submit(midori, hanako)
    withdrawn = case_withdraw(municipality=midori, case_id=case.pk, actor=actor_of(hanako))
    assert withdrawn.state == CaseState.WITHDRAWN
