"""庁内連携: what the register tells the businesses about people leaving it.

When the register removes people (転出, 国外転出, 死亡, 職権消除), the businesses of that
municipality that know them must act: a 児童手当 recipient's allowance ends (児童手当法 第8条
第2項; a 転出 claims it anew at the new town), and 国民健康保険 coverage ends the next day
(国民健康保険法 第8条). Only the broker can turn the register's 住民票コード into each business's
符号, so the register announces (registry.signals.residents_removed) and the broker forwards.

The receiver runs inside the register's transaction: the department records change with the
removal or not at all. A business that holds nothing for a person is skipped; a department
refusing (dates out of order) is recorded as a failure and never undoes the removal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from jichitai.audit.models import AuditRecord
from jichitai.audit.services import audit_record
from jichitai.common.exceptions import DomainError
from jichitai.departments.errors import ChildAllowanceNotCertified, NhiCoverageNone
from jichitai.departments.models import Business, ChildAllowanceRecipient, NhiCoverage
from jichitai.departments.services import child_allowance_end, nhi_coverage_lose
from jichitai.linkage.models import PersonCode
from jichitai.registry.models import ChangeType
from jichitai.tenants.models import Municipality

_FORWARDED = (Business.CHILD_ALLOWANCE, Business.NHI)


def on_residents_removed(
    *,
    municipality_code: str,
    resident_codes: Sequence[str],
    change_type: str,
    effective_on: dt.date,
    **kwargs: Any,
) -> None:
    codes = PersonCode.objects.filter(
        municipality_code=municipality_code,
        business__in=_FORWARDED,
        person__resident_code__in=list(resident_codes),
    ).values_list("business", "code")
    if not codes:
        return
    municipality = Municipality.objects.get(pk=municipality_code)
    for business, code in codes:
        try:
            _forward(municipality, Business(business), code, change_type, effective_on)
        except (ChildAllowanceNotCertified, NhiCoverageNone):
            continue  # the business holds nothing open for this person
        except DomainError:
            audit_record(
                actor=None,
                action="linkage.removal_forward",
                municipality_code=municipality_code,
                object_type="linkage.personcode",
                purpose="住民記録の異動の連携",
                result=AuditRecord.Result.FAILED,
            )


def _forward(
    municipality: Municipality,
    business: Business,
    code: str,
    change_type: str,
    effective_on: dt.date,
) -> None:
    if business == Business.CHILD_ALLOWANCE:
        child_allowance_end(
            municipality=municipality,
            recipient_code=code,
            ended_on=effective_on,
            reason=(
                ChildAllowanceRecipient.EndReason.DEATH
                if change_type == ChangeType.DEATH
                else ChildAllowanceRecipient.EndReason.MOVE_OUT
            ),
            actor=None,
        )
    elif business == Business.NHI:
        nhi_coverage_lose(
            municipality=municipality,
            code=code,
            lost_on=effective_on + dt.timedelta(days=1),
            reason=(
                NhiCoverage.LossReason.DEATH
                if change_type == ChangeType.DEATH
                else NhiCoverage.LossReason.MOVE_OUT
            ),
            actor=None,
        )
