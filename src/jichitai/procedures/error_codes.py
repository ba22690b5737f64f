"""Stable codes of procedures and cases (申請・届出), and of the forms' field errors."""

from __future__ import annotations

from jichitai.common.error_codes import ErrorCode


class ProcedureErrorCode(ErrorCode):
    PROCEDURE_NOT_FOUND = "procedure.not_found", 404, "no procedure with this id in the catalog"
    CHANNEL_UNAVAILABLE = (
        "procedure.channel_unavailable",
        422,
        "the procedure is not accepted on this channel (e.g. 転居届 online)",
    )
    CASE_NOT_FOUND = (
        "case.not_found",
        404,
        "unknown case — also another municipality's, (portal) another resident's, or (staff) a "
        "case of a department the staff member does not read (need to know: their 課, and "
        "住民記録 for 窓口・住民記録審査); the refused read is audited",
    )
    CASE_DATA_INVALID = (
        "case.data_invalid",
        422,
        "the data does not match the procedure's form; `errors[]` has one entry per field, "
        "`field` a JSON pointer into the data (`/applicant/name_kana`) and `code` "
        "`form.<keyword>` (see the form codes below)",
    )
    SIGNATURE_REQUIRED = (
        "case.signature_required",
        422,
        "online, this procedure needs a 署名用電子証明書 signature (the `jpki.*` codes say why a "
        "given signature was refused; `jpki.signature_invalid` when it does not cover the "
        "submitted data)",
    )
    ATTACHMENT_TYPE = (
        "case.attachment_type",
        422,
        "an attachment is not a PDF, JPEG or PNG by its content (its name does not count)",
    )
    ATTACHMENT_TOO_LARGE = "case.attachment_too_large", 422, "an attachment is larger than 10 MB"
    ATTACHMENT_KIND_UNKNOWN = (
        "case.attachment_kind_unknown",
        422,
        "the procedure has no attachment of that kind",
    )
    ATTACHMENT_REQUIRED = (
        "case.attachment_required",
        422,
        "online, a required attachment is missing",
    )
    APPLICANT_REQUIRED = (
        "case.applicant_required",
        422,
        "the procedure acts on the applicant's household, so an applicant (resident) is needed",
    )
    NOT_HOUSEHOLD_MEMBER = (
        "case.not_household_member",
        422,
        "a person chosen is not a living member of the applicant's 世帯 (also at approval, when "
        "someone left meanwhile)",
    )
    FEE_AMOUNT_MISMATCH = (
        "case.fee_amount_mismatch",
        422,
        "the payment announced for the case is not the fee of its procedure; the case still "
        "waits for payment",
    )
    NEW_HEAD_NOT_STAYING = (
        "case.new_head_not_staying",
        422,
        "転出届: the new 世帯主 named for the household that stays is not one of the living "
        "members who stay (one who moves, or someone outside the 世帯)",
    )
    PERSON_NOT_IDENTIFIED = (
        "case.person_not_identified",
        422,
        "a department procedure acts on a person given without `resident_id` (not chosen from "
        "the register): the department knows people only by the 符号 the broker issues for a "
        "住民票コード",
    )
    APPLICANT_LISTED = (
        "case.applicant_listed",
        422,
        "児童手当・保育: the applicant is listed among the children",
    )
    REASON_KIND_MISMATCH = (
        "case.reason_kind_mismatch",
        422,
        "国民健康保険: the reason is one of the other kind of notification (転出 for a 資格取得)",
    )
    DATE_NOT_AHEAD = (
        "case.date_not_ahead",
        422,
        "妊娠の届出: the 出産予定日 is not after the day of the notification",
    )
    FIELD_NEEDED = (
        "case.field_needed",
        422,
        "an item the form leaves optional is needed by another answer (保育 needs its reason; a "
        "need that ended needs the day the 認定 ends), or given where it must not be",
    )
    INCOME_NOT_FOUND = (
        "case.income_not_found",
        422,
        "児童手当の認定 (ワンスオンリー): no tax department of the deployment answered the "
        "income of the claimant or their spouse for the 賦課年度; return the case asking for a "
        "課税証明書 (the exchange is recorded)",
    )
    NOT_MAIN_EARNER = (
        "case.not_main_earner",
        422,
        "児童手当の認定: the claimant's spouse in the 世帯 has the higher income, so the spouse "
        "is the 生計中心者 who claims (児童手当法 第4条第2項)",
    )
    SIGNATURE_PAYLOAD_MISMATCH = (
        "case.signature_payload_mismatch",
        None,
        "re-verification (the inbox, `verify-case-signature`): the stored signature does not "
        "cover this case; shown to staff, never an API answer",
    )
    SIGNATURE_MISSING = (
        "case.signature_missing",
        None,
        "`verify-case-signature`: the case has no signature to verify",
    )
    REASON_REQUIRED = "case.reason_required", 422, "差戻し and 却下 need a reason"
    CARE_RESULT_NOT_WAITING = (
        "case.care_result_not_waiting",
        409,
        "the 要介護認定 application of the case is not waiting for its result (the case is "
        "not approved yet, or the result is recorded already)",
    )
    TRANSITION_INVALID = (
        "case.transition_invalid",
        409,
        "the workflow does not allow this step from the case's state (approving twice, "
        "approving before claiming, withdrawing a decided case)",
    )
    CASE_ROLE_REQUIRED = (
        "case.role_required",
        403,
        "the current workflow step belongs to another role (procedure file `workflow`)",
    )
    CASE_NOT_ASSIGNED = (
        "case.not_assigned",
        403,
        "another staff member claimed the case; only they decide it",
    )
    MOVING_SAME_MUNICIPALITY = (
        "moving.same_municipality",
        422,
        "引越しワンストップ to the same municipality: that is a 転居届",
    )
    MOVING_MUNICIPALITY_NOT_SERVED = (
        "moving.municipality_not_served",
        422,
        "the destination does not take 転入予約 on this deployment",
    )


class LifeEventErrorCode(ErrorCode):
    """ライフイベント (procedures/life_events): the event and the answers to its questions."""

    NOT_FOUND = "life_event.not_found", 404, "no life event with this id"
    ANSWERS_INVALID = (
        "life_event.answers_invalid",
        422,
        "the answers to the life event's questions are incomplete or wrong; `errors[]` has one "
        "entry per question (`field` `/answers/<question id>`)",
    )
    ANSWER_MISSING = (
        "life_event.answer_missing",
        422,
        "a question of the life event is unanswered or answered with what it does not take",
    )
    ANSWER_UNKNOWN = (
        "life_event.answer_unknown",
        422,
        "an answer to a question the life event does not ask",
    )


class FormErrorCode(ErrorCode):
    """`errors[].code` of `case.data_invalid`: the JSON Schema keyword that refused the value
    (every keyword that reports its own error; `additionalProperties` is `form.unknown_field`)."""

    REQUIRED = "form.required", 422, "a required item is missing"
    UNKNOWN_FIELD = "form.unknown_field", 422, "an item the procedure's form does not have"
    TYPE = "form.type", 422, "the value has the wrong JSON type"
    ENUM = "form.enum", 422, "not one of the choices"
    CONST = "form.const", 422, "not the one value allowed"
    PATTERN = (
        "form.pattern",
        422,
        "the text does not have the expected form (the item's description says which)",
    )
    FORMAT = "form.format", 422, "not a date, e-mail address … as the item asks"
    MIN_LENGTH = "form.minLength", 422, "empty, or shorter than allowed"
    MAX_LENGTH = "form.maxLength", 422, "longer than allowed"
    MINIMUM = "form.minimum", 422, "below the smallest value"
    MAXIMUM = "form.maximum", 422, "above the largest value"
    EXCLUSIVE_MINIMUM = "form.exclusiveMinimum", 422, "not above the lower bound"
    EXCLUSIVE_MAXIMUM = "form.exclusiveMaximum", 422, "not below the upper bound"
    MULTIPLE_OF = "form.multipleOf", 422, "not a multiple of the step"
    MIN_ITEMS = "form.minItems", 422, "fewer entries than needed"
    MAX_ITEMS = "form.maxItems", 422, "more entries than allowed"
    UNIQUE_ITEMS = "form.uniqueItems", 422, "the same entry twice"
    CONTAINS = "form.contains", 422, "no entry of the kind needed"
    MIN_PROPERTIES = "form.minProperties", 422, "fewer items than needed"
    MAX_PROPERTIES = "form.maxProperties", 422, "more items than allowed"
    DEPENDENT_REQUIRED = "form.dependentRequired", 422, "an item that another one needs is missing"
    ITEMS = "form.items", 422, "more entries than the form describes"
    UNEVALUATED_ITEMS = "form.unevaluatedItems", 422, "an entry the form does not describe"
    UNEVALUATED_PROPERTIES = (
        "form.unevaluatedProperties",
        422,
        "an item the form does not describe",
    )
    ANY_OF = "form.anyOf", 422, "the value fits none of the alternatives"
    ONE_OF = "form.oneOf", 422, "the value fits none or several of the alternatives"
    NOT = "form.not", 422, "the value is one the form excludes"
    INVALID = (
        "form.invalid",
        422,
        "the value does not fit the form in a way none of the above names",
    )
