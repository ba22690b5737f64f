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
)


def field_rule(field: str, code: str, message: str) -> RuleViolation:
    """One rule broken by one field: the message also goes next to that field in forms."""
    return RuleViolation(code=code, detail=message, errors=[FieldError(field, code, message)])


class ProcedureNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(code="procedure.not_found", detail="指定された手続は見つかりません。")


class CaseNotFound(NotFound):
    """Also the answer for another municipality's case, or another resident's."""

    def __init__(self) -> None:
        super().__init__(code="case.not_found", detail="指定された申請は見つかりません。")


class CaseDataInvalid(InvalidInput):
    """The data does not match the procedure's form (JSON Schema); one FieldError per field."""

    def __init__(self, *, errors: list[FieldError]) -> None:
        super().__init__(
            code="case.data_invalid",
            detail="入力内容に誤りがあります。各項目のエラーを確認してください。",
            errors=errors,
        )


class TransitionInvalid(Conflict):
    """The workflow does not allow this step from the case's current state."""

    def __init__(self, *, action_label: str, state_label: str) -> None:
        super().__init__(
            code="case.transition_invalid",
            detail=f"「{state_label}」の申請に対して「{action_label}」はできません。",
        )


class CaseRoleRequired(PermissionDenied):
    """The current workflow step names the role that acts on it (procedure file)."""

    def __init__(self, *, role_label: str) -> None:
        super().__init__(
            code="case.role_required",
            detail=f"この手続のこの段階の処理には「{role_label}」の役割が必要です。",
        )


class CaseNotAssigned(PermissionDenied):
    """Only the staff member who claimed a case decides it (or returns it)."""

    def __init__(self) -> None:
        super().__init__(
            code="case.not_assigned",
            detail="この申請は他の職員が審査中です。担当者だけが処理できます。",
        )


def channel_unavailable(channel_label: str) -> RuleViolation:
    return field_rule(
        "/channel",
        "procedure.channel_unavailable",
        f"この手続は「{channel_label}」では受け付けていません。",
    )


def signature_required() -> RuleViolation:
    return field_rule(
        "/signature",
        "case.signature_required",
        "この手続には署名用電子証明書による電子署名が必要です。",
    )


def reason_required() -> RuleViolation:
    return field_rule("/reason", "case.reason_required", "理由を入力してください。")


def applicant_required() -> RuleViolation:
    return field_rule(
        "/applicant_id", "case.applicant_required", "申請者（住民）を指定してください。"
    )


def attachment_kind_unknown(index: int) -> InvalidInput:
    message = "この手続では受け付けていない種類の添付書類です。"
    return InvalidInput(
        code="case.attachment_kind_unknown",
        detail=message,
        errors=[FieldError(f"/attachments/{index}/kind", "case.attachment_kind_unknown", message)],
    )


def attachment_type(index: int) -> InvalidInput:
    message = "添付できるのは PDF・JPEG・PNG のファイルだけです。"
    return InvalidInput(
        code="case.attachment_type",
        detail=message,
        errors=[FieldError(f"/attachments/{index}", "case.attachment_type", message)],
    )


def attachment_too_large(index: int, *, limit_mb: int) -> InvalidInput:
    message = f"添付ファイルは1つ {limit_mb} MB までです。"
    return InvalidInput(
        code="case.attachment_too_large",
        detail=message,
        errors=[FieldError(f"/attachments/{index}", "case.attachment_too_large", message)],
    )


def attachment_required(kind: str, name: str) -> RuleViolation:
    return field_rule(
        f"/attachments/{kind}",
        "case.attachment_required",
        f"「{name}」を添付してください。",
    )


def moving_same_municipality() -> RuleViolation:
    return field_rule(
        "/move_in_municipality",
        "moving.same_municipality",
        "転入予定の市区町村が転出元と同じです。市区町村内の引越しは転居届で届け出てください。",
    )


def moving_municipality_not_served() -> RuleViolation:
    return field_rule(
        "/move_in_municipality",
        "moving.municipality_not_served",
        "転入予定の市区町村は、このシステムで転入予約を受け付けていません。",
    )
