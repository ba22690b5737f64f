"""国民健康保険: 資格取得 and 資格喪失 (国民健康保険法 第7条・第8条, 届出は第9条)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from jichitai.audit.services import audit_record
from jichitai.departments.errors import NhiCoverageNone, NhiCoverageOpen
from jichitai.departments.models import NhiCoverage
from jichitai.departments.services.checks import choice_checked, code_checked, order_checked
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality

PURPOSE = "国民健康保険法による被保険者の資格に関する事務"
COVERAGE_OBJECT = "departments.NhiCoverage"


@transaction.atomic
def nhi_coverage_acquire(
    *,
    municipality: Municipality,
    code: str,
    acquired_on: dt.date,
    reason: NhiCoverage.AcquisitionReason,
    actor: StaffUser | None,
) -> NhiCoverage:
    """資格取得 (国民健康保険法 第7条): a new coverage period from `acquired_on` (the day of
    the 転入, the birth, the day after leaving workplace insurance).
    Raises CodeInvalid, DatesOutOfOrder (before the end of an earlier period),
    NhiCoverageOpen (a period has not ended).
    """
    code_checked(code, pointer="/code")
    reason = choice_checked(NhiCoverage.AcquisitionReason, reason, pointer="/reason")
    previous = (
        NhiCoverage.objects.select_for_update()
        .filter(municipality=municipality, code=code)
        .order_by("-acquired_on", "-pk")
        .first()
    )
    if previous is not None:
        if previous.lost_on is None:
            raise NhiCoverageOpen()
        order_checked(
            previous.lost_on,
            acquired_on,
            pointer="/acquired_on",
            message="資格取得日が前の資格の喪失日より前になっています。",
        )
    try:
        # The partial unique index decides a race between two 資格取得 of one person.
        with transaction.atomic():
            coverage = NhiCoverage.objects.create(
                municipality=municipality,
                code=code,
                acquired_on=acquired_on,
                acquisition_reason=reason,
            )
    except IntegrityError:
        raise NhiCoverageOpen() from None
    audit_record(
        actor=actor,
        action="nhi.acquire",
        municipality_code=municipality.pk,
        object_type=COVERAGE_OBJECT,
        object_id=coverage.pk,
        purpose=PURPOSE,
    )
    return coverage


@transaction.atomic
def nhi_coverage_lose(
    *,
    municipality: Municipality,
    code: str,
    lost_on: dt.date,
    reason: NhiCoverage.LossReason,
    actor: StaffUser | None,
) -> NhiCoverage:
    """資格喪失 (国民健康保険法 第8条): end the open period on 資格喪失日 `lost_on` (the day
    after a 転出 or a death, the day workplace insurance starts), which the department decides.
    Raises CodeInvalid, DatesOutOfOrder, NhiCoverageNone.
    """
    code_checked(code, pointer="/code")
    reason = choice_checked(NhiCoverage.LossReason, reason, pointer="/reason")
    coverage = (
        NhiCoverage.objects.select_for_update()
        .filter(municipality=municipality, code=code, lost_on__isnull=True)
        .first()
    )
    if coverage is None:
        raise NhiCoverageNone()
    order_checked(
        coverage.acquired_on,
        lost_on,
        pointer="/lost_on",
        message="資格喪失日は資格取得日より前にできません。",
    )
    coverage.lost_on = lost_on
    coverage.loss_reason = reason
    coverage.save(update_fields=["lost_on", "loss_reason"])
    audit_record(
        actor=actor,
        action="nhi.lose",
        municipality_code=municipality.pk,
        object_type=COVERAGE_OBJECT,
        object_id=coverage.pk,
        purpose=PURPOSE,
    )
    return coverage
