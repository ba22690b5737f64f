"""Errors of procedures and cases (申請・届出), each with a stable code and a Japanese message.

None of them carries what a resident typed: field errors name the field (a JSON pointer into
the case data) and say what is wrong with it, never its value.
"""

from __future__ import annotations

from jichitai.common.exceptions import (
    Conflict,
    FieldError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
    json_pointer,
)
from jichitai.procedures.error_codes import LifeEventErrorCode, ProcedureErrorCode


class ProcedureNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=ProcedureErrorCode.PROCEDURE_NOT_FOUND, detail="指定された手続は見つかりません。"
        )


class CaseNotFound(NotFound):
    """Also the answer for another municipality's case, or another resident's."""

    def __init__(self) -> None:
        super().__init__(
            code=ProcedureErrorCode.CASE_NOT_FOUND, detail="指定された申請は見つかりません。"
        )


class CaseDataInvalid(InvalidInput):
    """The data does not match the procedure's form (JSON Schema); one FieldError per field."""

    def __init__(self, *, errors: list[FieldError]) -> None:
        super().__init__(
            code=ProcedureErrorCode.CASE_DATA_INVALID,
            detail="入力内容に誤りがあります。各項目のエラーを確認してください。",
            errors=errors,
        )


class TransitionInvalid(Conflict):
    """The workflow does not allow this step from the case's current state."""

    def __init__(self, *, action_label: str, state_label: str) -> None:
        super().__init__(
            code=ProcedureErrorCode.TRANSITION_INVALID,
            detail=f"「{state_label}」の申請に対して「{action_label}」はできません。",
        )


class CareResultNotWaiting(Conflict):
    """The case's 要介護認定 application is not waiting for its result (not approved yet,
    or recorded already)."""

    def __init__(self, detail: str) -> None:
        super().__init__(code=ProcedureErrorCode.CARE_RESULT_NOT_WAITING, detail=detail)


class CaseRoleRequired(PermissionDenied):
    """The current workflow step names the role that acts on it (procedure file)."""

    def __init__(self, *, role_label: str) -> None:
        super().__init__(
            code=ProcedureErrorCode.CASE_ROLE_REQUIRED,
            detail=f"この手続のこの段階の処理には「{role_label}」の役割が必要です。",
        )


class CaseNotAssigned(PermissionDenied):
    """Only the staff member who claimed a case decides it (or returns it)."""

    def __init__(self) -> None:
        super().__init__(
            code=ProcedureErrorCode.CASE_NOT_ASSIGNED,
            detail="この申請は他の職員が審査中です。担当者だけが処理できます。",
        )


def channel_unavailable(channel_label: str) -> RuleViolation:
    return RuleViolation.for_field(
        "/channel",
        ProcedureErrorCode.CHANNEL_UNAVAILABLE,
        f"この手続は「{channel_label}」では受け付けていません。",
    )


def signature_required() -> RuleViolation:
    return RuleViolation.for_field(
        "/signature",
        ProcedureErrorCode.SIGNATURE_REQUIRED,
        "この手続には署名用電子証明書による電子署名が必要です。",
    )


def reason_required() -> RuleViolation:
    return RuleViolation.for_field(
        "/reason", ProcedureErrorCode.REASON_REQUIRED, "理由を入力してください。"
    )


def applicant_required() -> RuleViolation:
    return RuleViolation.for_field(
        "/applicant_id",
        ProcedureErrorCode.APPLICANT_REQUIRED,
        "申請者（住民）を指定してください。",
    )


def attachment_kind_unknown(index: int) -> InvalidInput:
    return InvalidInput.for_field(
        json_pointer("attachments", index, "kind"),
        ProcedureErrorCode.ATTACHMENT_KIND_UNKNOWN,
        "この手続では受け付けていない種類の添付書類です。",
    )


def attachment_type(index: int) -> InvalidInput:
    return InvalidInput.for_field(
        json_pointer("attachments", index),
        ProcedureErrorCode.ATTACHMENT_TYPE,
        "添付できるのは PDF・JPEG・PNG のファイルだけです。",
    )


def attachment_too_large(index: int, *, limit_mb: int) -> InvalidInput:
    return InvalidInput.for_field(
        json_pointer("attachments", index),
        ProcedureErrorCode.ATTACHMENT_TOO_LARGE,
        f"添付ファイルは1つ {limit_mb} MB までです。",
    )


def attachment_required(kind: str, name: str) -> RuleViolation:
    return RuleViolation.for_field(
        json_pointer("attachments", kind),
        ProcedureErrorCode.ATTACHMENT_REQUIRED,
        f"「{name}」を添付してください。",
    )


def not_household_member(field: str, index: int) -> RuleViolation:
    return not_household_member_at(json_pointer(field, index, "resident_id"))


def not_household_member_at(pointer: str) -> RuleViolation:
    return RuleViolation.for_field(
        pointer, ProcedureErrorCode.NOT_HOUSEHOLD_MEMBER, "申請者と同じ世帯の人だけを選べます。"
    )


def fee_amount_mismatch(*, expected: int, paid: int) -> RuleViolation:
    return RuleViolation(
        code=ProcedureErrorCode.FEE_AMOUNT_MISMATCH,
        detail=f"納付額（{paid:,}円）が手数料（{expected:,}円）と一致しません。",
    )


def new_head_not_staying() -> RuleViolation:
    return RuleViolation.for_field(
        "/new_head_resident_id",
        ProcedureErrorCode.NEW_HEAD_NOT_STAYING,
        "新しい世帯主には、転出しないで残る人を選んでください。",
    )


def moving_same_municipality() -> RuleViolation:
    return RuleViolation.for_field(
        "/move_in_municipality",
        ProcedureErrorCode.MOVING_SAME_MUNICIPALITY,
        "転入予定の市区町村が転出元と同じです。市区町村内の引越しは転居届で届け出てください。",
    )


def moving_municipality_not_served() -> RuleViolation:
    return RuleViolation.for_field(
        "/move_in_municipality",
        ProcedureErrorCode.MOVING_MUNICIPALITY_NOT_SERVED,
        "転入予定の市区町村は、このシステムで転入予約を受け付けていません。",
    )


def person_not_identified(pointer: str) -> RuleViolation:
    return RuleViolation.for_field(
        pointer,
        ProcedureErrorCode.PERSON_NOT_IDENTIFIED,
        "住民記録でこの世帯の方と確認できない人は対象にできません。世帯の方から選んでください"
        "（別居している児童などは担当課にご相談ください）。",
    )


def applicant_listed(pointer: str) -> RuleViolation:
    return RuleViolation.for_field(
        pointer,
        ProcedureErrorCode.APPLICANT_LISTED,
        "申請者ご本人は、子どもの欄から外してください。",
    )


def reason_kind_mismatch() -> RuleViolation:
    return RuleViolation.for_field(
        "/reason",
        ProcedureErrorCode.REASON_KIND_MISMATCH,
        "届出の種類（資格取得・資格喪失）に合う理由を選んでください。",
    )


def date_not_ahead(pointer: str) -> RuleViolation:
    return RuleViolation.for_field(
        pointer,
        ProcedureErrorCode.DATE_NOT_AHEAD,
        "出産予定日は今日より後の日付にしてください。",
    )


def field_needed(pointer: str, message: str) -> RuleViolation:
    return RuleViolation.for_field(pointer, ProcedureErrorCode.FIELD_NEEDED, message)


def income_not_found(*, about: str, fiscal_year: int) -> RuleViolation:
    """Staff read it on the case page: what to do next, without any value of the person."""
    return RuleViolation(
        code=ProcedureErrorCode.INCOME_NOT_FOUND,
        detail=(
            f"{about}の{fiscal_year}年度（{fiscal_year - 1}年分）の所得を、情報連携で住民税の"
            "担当から取得できませんでした。承認できません。申請を差し戻し、課税証明書（所得証明書）"
            "の提出を求めてください。"
        ),
    )


def not_main_earner() -> RuleViolation:
    return RuleViolation(
        code=ProcedureErrorCode.NOT_MAIN_EARNER,
        detail=(
            "情報連携で取得した所得は、同じ世帯の配偶者の方が請求者より高くなっています。児童手当は"
            "父母のうち生計を維持する程度の高い方（生計中心者）が受け取るため（児童手当法第4条第2項）、"
            "この請求は承認できません。配偶者の方からの請求を案内してください。"
        ),
    )


class LifeEventNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=LifeEventErrorCode.NOT_FOUND, detail="指定されたライフイベントは見つかりません。"
        )


class LifeEventAnswersInvalid(InvalidInput):
    """Unanswered or wrongly answered questions of a life event; one FieldError per question."""

    def __init__(self, *, errors: list[FieldError]) -> None:
        super().__init__(
            code=LifeEventErrorCode.ANSWERS_INVALID,
            detail="質問への回答に不足か誤りがあります。各質問のエラーを確認してください。",
            errors=errors,
        )
