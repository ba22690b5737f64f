"""API schemas of procedures and cases. A case's `data` is answered only in the detail of one
case (audited as a read of personal data); lists carry no personal data.
No `from __future__ import annotations`: django-ninja reads the annotations at import time."""

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from jichitai.common.api_types import CleanData, PositiveId, SearchText, Text
from jichitai.procedures.definitions import Procedure
from jichitai.procedures.models import Case
from jichitai.procedures.selectors import case_allowed_activities


class LegalBasisOut(Schema):
    law: str
    article: str
    note: str


class AttachmentSpecOut(Schema):
    kind: str
    name: str
    description: str
    required: bool


class WorkflowStepOut(Schema):
    step: str
    name: str
    role: str


class PrefillRuleOut(Schema):
    field: str
    source: str
    item: str


class ApprovalActionOut(Schema):
    action: str
    note: str


class ProcedureSummaryOut(Schema):
    id: str
    version: int
    name: str
    summary: str
    department: str
    department_label: str
    channels: list[str]
    life_events: list[str]
    fee: int = Field(..., description="手数料（円）")
    processing_days: int = Field(..., description="標準処理期間（開庁日）")
    signature_required: bool


class ProcedureListOut(Schema):
    items: list[ProcedureSummaryOut]
    count: int


# A key of the catalog (procedure id, department, life event, channel, state): short ASCII
# words; `procedure_id` is stored in a 64-character column.
ProcedureKey = Annotated[str, Text(64)]


class ProcedureFilter(Schema):
    q: SearchText = Field("", description="手続名・キーワード")
    life_event: ProcedureKey | None = None
    channel: ProcedureKey | None = None


class CaseFilter(Schema):
    department: ProcedureKey | None = None
    state: list[ProcedureKey] | None = None
    procedure_id: ProcedureKey | None = None


class ProcedureOut(ProcedureSummaryOut):
    legal_basis: list[LegalBasisOut]
    keywords: list[str]
    form: dict[str, Any] = Field(..., description="申請内容の JSON Schema (Draft 2020-12)")
    prefill: list[PrefillRuleOut]
    attachments: list[AttachmentSpecOut]
    workflow: list[WorkflowStepOut]
    on_approval: list[ApprovalActionOut]
    sha256: str

    @staticmethod
    def resolve_form(obj: Procedure) -> dict[str, Any]:
        return dict(obj.form)


class CaseSummaryOut(Schema):
    id: int
    reference_number: str
    procedure_id: str
    procedure_version: int
    department: str
    state: str
    step: int
    channel: str
    applicant_id: int | None
    submitted_at: dt.datetime
    due_on: dt.date
    decided_at: dt.datetime | None
    assigned_to_id: int | None
    is_overdue: bool = False


class CaseEventOut(Schema):
    activity: str
    timestamp: dt.datetime
    actor_type: str
    actor_id: str
    state: str


class CaseReturnOut(Schema):
    reason: str
    returned_at: dt.datetime
    answered_at: dt.datetime | None


class CaseAttachmentOut(Schema):
    id: int
    kind: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class CaseDocumentOut(Schema):
    id: int
    title: str
    issue_number: str
    content_type: str
    sha256: str
    created_at: dt.datetime


class CaseOut(CaseSummaryOut):
    data: dict[str, Any]
    rejection_reason: str
    signed: bool
    signature_verified_at: dt.datetime | None
    onestop_id: uuid.UUID | None
    related_lg_code: str
    related_reference_number: str
    registry_change_id: int | None
    events: list[CaseEventOut]
    returns: list[CaseReturnOut]
    attachments: list[CaseAttachmentOut]
    documents: list[CaseDocumentOut]
    allowed_activities: list[str]

    @staticmethod
    def resolve_signed(obj: Case) -> bool:
        return obj.signature_cms is not None

    @staticmethod
    def resolve_events(obj: Case) -> list[Any]:
        return list(obj.events.all())

    @staticmethod
    def resolve_returns(obj: Case) -> list[Any]:
        return list(obj.returns.all())

    @staticmethod
    def resolve_attachments(obj: Case) -> list[Any]:
        return list(obj.attachments.all())

    @staticmethod
    def resolve_documents(obj: Case) -> list[Any]:
        return list(obj.documents.all())

    @staticmethod
    def resolve_allowed_activities(obj: Case) -> list[str]:
        return [str(a) for a in case_allowed_activities(case=obj)]


class CaseIn(Schema):
    """窓口での申請 (a case entered at the counter for a resident)."""

    procedure_id: ProcedureKey
    applicant_id: PositiveId | None = Field(
        None, description="申請者の住民ID（転入予約など住民でない場合は省略）"
    )
    data: CleanData


class TransitionIn(Schema):
    """審査の操作: claim (審査開始), return (差戻し), approve (承認), reject (却下)."""

    action: Literal["claim", "return", "approve", "reject"]
    reason: Annotated[str, Text(2000, multiline=True)] = Field(
        "", description="差戻し・却下の理由（住民に示されます）"
    )
