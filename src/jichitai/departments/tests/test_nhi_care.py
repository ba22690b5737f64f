"""国民健康保険 and 介護保険: periods that never overlap, applications and their results."""

from __future__ import annotations

import datetime as dt

import pytest

from jichitai.audit.models import AuditRecord
from jichitai.departments import errors
from jichitai.departments.models import CareCardReissue, CareCertification, CareLevel, NhiCoverage
from jichitai.departments.services import (
    care_card_reissue,
    care_certification_apply,
    care_certification_decide,
    care_insured_enrol,
    nhi_coverage_acquire,
    nhi_coverage_lose,
)
from jichitai.tenants.models import Municipality

D = dt.date
Acq = NhiCoverage.AcquisitionReason
Loss = NhiCoverage.LossReason


def test_nhi_acquire_then_lose_then_acquire_again_keeps_both_periods(
    midori: Municipality,
) -> None:
    nhi_coverage_acquire(
        municipality=midori, code="N1", acquired_on=D(2025, 4, 1), reason=Acq.MOVE_IN, actor=None
    )
    lost = nhi_coverage_lose(
        municipality=midori,
        code="N1",
        lost_on=D(2026, 1, 1),
        reason=Loss.JOINED_EMPLOYEE_INSURANCE,
        actor=None,
    )
    assert lost.lost_on == D(2026, 1, 1)
    nhi_coverage_acquire(
        municipality=midori,
        code="N1",
        acquired_on=D(2026, 6, 1),
        reason=Acq.LEFT_EMPLOYEE_INSURANCE,
        actor=None,
    )
    periods = list(NhiCoverage.objects.filter(code="N1").order_by("acquired_on"))
    assert [(p.acquired_on, p.lost_on) for p in periods] == [
        (D(2025, 4, 1), D(2026, 1, 1)),
        (D(2026, 6, 1), None),
    ]
    assert AuditRecord.objects.filter(action__startswith="nhi.").count() == 3


def test_nhi_second_open_period_is_refused(midori: Municipality) -> None:
    nhi_coverage_acquire(
        municipality=midori, code="N1", acquired_on=D(2025, 4, 1), reason=Acq.BIRTH, actor=None
    )
    with pytest.raises(errors.NhiCoverageOpen):
        nhi_coverage_acquire(
            municipality=midori,
            code="N1",
            acquired_on=D(2025, 5, 1),
            reason=Acq.MOVE_IN,
            actor=None,
        )


def test_nhi_loss_needs_an_open_period_and_a_date_after_its_start(midori: Municipality) -> None:
    with pytest.raises(errors.NhiCoverageNone):
        nhi_coverage_lose(
            municipality=midori, code="N1", lost_on=D(2026, 1, 1), reason=Loss.DEATH, actor=None
        )
    nhi_coverage_acquire(
        municipality=midori, code="N1", acquired_on=D(2025, 4, 1), reason=Acq.MOVE_IN, actor=None
    )
    with pytest.raises(errors.DatesOutOfOrder):
        nhi_coverage_lose(
            municipality=midori, code="N1", lost_on=D(2025, 3, 1), reason=Loss.DEATH, actor=None
        )
    with pytest.raises(errors.ValueInvalid):
        nhi_coverage_lose(
            municipality=midori,
            code="N1",
            lost_on=D(2026, 3, 1),
            reason="引越し",  # type: ignore[arg-type]
            actor=None,
        )
    assert NhiCoverage.objects.get(code="N1").lost_on is None


def test_nhi_new_period_cannot_start_before_the_last_one_ended(midori: Municipality) -> None:
    nhi_coverage_acquire(
        municipality=midori, code="N1", acquired_on=D(2025, 4, 1), reason=Acq.MOVE_IN, actor=None
    )
    nhi_coverage_lose(
        municipality=midori, code="N1", lost_on=D(2026, 1, 1), reason=Loss.MOVE_OUT, actor=None
    )
    with pytest.raises(errors.DatesOutOfOrder):
        nhi_coverage_acquire(
            municipality=midori,
            code="N1",
            acquired_on=D(2025, 12, 1),
            reason=Acq.MOVE_IN,
            actor=None,
        )


def _enrol(municipality: Municipality) -> None:
    care_insured_enrol(
        municipality=municipality,
        code="C1",
        insured_number="0000012345",
        acquired_on=D(2024, 5, 1),
        actor=None,
    )


def test_care_application_and_result(midori: Municipality) -> None:
    _enrol(midori)
    application = care_certification_apply(
        municipality=midori,
        code="C1",
        kind=CareCertification.Kind.NEW,
        applied_on=D(2026, 4, 1),
        actor=None,
    )
    assert application.status == "applied"
    with pytest.raises(errors.CareApplicationPending):
        care_certification_apply(
            municipality=midori,
            code="C1",
            kind=CareCertification.Kind.NEW,
            applied_on=D(2026, 4, 2),
            actor=None,
        )
    decided = care_certification_decide(
        municipality=midori,
        code="C1",
        level=CareLevel.CARE_2,
        decided_on=D(2026, 4, 25),
        valid_from=D(2026, 4, 1),
        valid_to=D(2026, 10, 31),
        actor=None,
    )
    assert (decided.pk, decided.status, decided.level) == (application.pk, "decided", "care_2")
    with pytest.raises(errors.CareApplicationNone):
        care_certification_decide(
            municipality=midori,
            code="C1",
            level=CareLevel.CARE_3,
            decided_on=D(2026, 5, 1),
            valid_from=D(2026, 5, 1),
            valid_to=D(2026, 10, 31),
            actor=None,
        )


def test_care_result_dates_are_checked(midori: Municipality) -> None:
    _enrol(midori)
    care_certification_apply(
        municipality=midori,
        code="C1",
        kind=CareCertification.Kind.NEW,
        applied_on=D(2026, 4, 1),
        actor=None,
    )
    bad = [
        (CareLevel.CARE_1, D(2026, 3, 31), D(2026, 4, 1), D(2026, 9, 30)),  # decided before
        (CareLevel.CARE_1, D(2026, 4, 20), D(2026, 3, 1), D(2026, 9, 30)),  # valid before
        (CareLevel.CARE_1, D(2026, 4, 20), D(2026, 4, 1), D(2026, 3, 30)),  # ends first
        (CareLevel.CARE_1, D(2026, 4, 20), None, None),  # no period
        (CareLevel.NOT_APPLICABLE, D(2026, 4, 20), D(2026, 4, 1), D(2026, 9, 30)),
    ]
    for level, decided_on, valid_from, valid_to in bad:
        with pytest.raises((errors.DatesOutOfOrder, errors.ValueInvalid)):
            care_certification_decide(
                municipality=midori,
                code="C1",
                level=level,
                decided_on=decided_on,
                valid_from=valid_from,
                valid_to=valid_to,
                actor=None,
            )
    not_applicable = care_certification_decide(
        municipality=midori,
        code="C1",
        level=CareLevel.NOT_APPLICABLE,
        decided_on=D(2026, 4, 20),
        valid_from=None,
        valid_to=None,
        actor=None,
    )
    assert not_applicable.level == "not_applicable"


def test_care_needs_an_insured_person(midori: Municipality) -> None:
    with pytest.raises(errors.CareNotInsured):
        care_certification_apply(
            municipality=midori,
            code="C1",
            kind=CareCertification.Kind.NEW,
            applied_on=D(2026, 4, 1),
            actor=None,
        )
    with pytest.raises(errors.CareNotInsured):
        care_card_reissue(
            municipality=midori,
            code="C1",
            reason=CareCardReissue.Reason.LOST,
            reissued_on=D(2026, 4, 1),
            actor=None,
        )


def test_care_enrol_refuses_a_number_in_use_and_a_bad_number(midori: Municipality) -> None:
    _enrol(midori)
    with pytest.raises(errors.CareAlreadyInsured):
        _enrol(midori)
    with pytest.raises(errors.CareAlreadyInsured):
        care_insured_enrol(
            municipality=midori,
            code="C2",
            insured_number="0000012345",
            acquired_on=D(2024, 5, 1),
            actor=None,
        )
    with pytest.raises(errors.ValueInvalid):
        care_insured_enrol(
            municipality=midori,
            code="C3",
            insured_number="12345",
            acquired_on=D(2024, 5, 1),
            actor=None,
        )


def test_card_reissue_is_recorded(midori: Municipality) -> None:
    _enrol(midori)
    reissue = care_card_reissue(
        municipality=midori,
        code="C1",
        reason=CareCardReissue.Reason.LOST,
        reissued_on=D(2026, 4, 1),
        actor=None,
    )
    assert reissue.get_reason_display() == "紛失"
    assert AuditRecord.objects.get(action="care.card_reissue").purpose == (
        "介護保険法による被保険者証の交付に関する事務"
    )
