"""API of the audit log for auditors (監査): records and chain verification.

No `from __future__ import annotations` in api modules: django-ninja reads the
annotations at import time to build its schemas.
"""

from typing import Annotated

from django.db.models import QuerySet
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from jichitai.audit.models import AuditRecord
from jichitai.audit.schemas import AuditRecordOut, AuditVerificationOut
from jichitai.audit.selectors import audit_record_list
from jichitai.audit.services import AuditVerification, audit_chain_verify, audit_record
from jichitai.common.api_types import BoundedPagination, LgCode, Text
from jichitai.identity.access import Role, StaffApiRequest, staff_api_check
from jichitai.identity.auth import staff_auth

router = Router(tags=["audit"], auth=staff_auth)


class AuditFilter(Schema):
    action: Annotated[str, Text(64)] = ""
    result: AuditRecord.Result | None = None
    actor: Annotated[str, Text(150)] = ""


@router.get("/{lg_code}/audit/records", response=list[AuditRecordOut], url_name="audit_records")
@paginate(BoundedPagination)
def list_records(
    request: StaffApiRequest, lg_code: LgCode, filters: Query[AuditFilter]
) -> QuerySet[AuditRecord]:
    """監査記録一覧 (newest first)."""
    staff = staff_api_check(request, roles=[Role.AUDITOR], action="audit.view")
    audit_record(actor=staff, action="audit.view", municipality_code=lg_code)
    return audit_record_list(
        municipality_code=lg_code,
        action=filters.action[:64],
        result=filters.result or "",
        actor_label=filters.actor[:150],
    )


@router.get(
    "/{lg_code}/audit/verification", response=AuditVerificationOut, url_name="audit_verification"
)
def verify(request: StaffApiRequest, lg_code: LgCode) -> AuditVerification:
    """監査ログの検証結果 (is the chain intact?)."""
    staff = staff_api_check(request, roles=[Role.AUDITOR], action="audit.verify")
    audit_record(actor=staff, action="audit.verify", municipality_code=lg_code)
    return audit_chain_verify(chain=lg_code)
