"""Stable codes of the department records (各業務の記録)."""

from __future__ import annotations

from jichitai.common.error_codes import ErrorCode


class DepartmentErrorCode(ErrorCode):
    ITEM_UNKNOWN = (
        "department_record.item_unknown",
        404,
        "the business does not provide this data item (the broker's table names an item the "
        "business does not know); a parameter out of range is `department_record.value_invalid`",
    )
    CODE_INVALID = (
        "department_record.code_invalid",
        422,
        "a 符号 is empty, longer than 32 characters or not printable ASCII",
    )
    VALUE_INVALID = (
        "department_record.value_invalid",
        422,
        "an amount, count, year or text is out of its range (`errors[]` points at the field)",
    )
    DATES_OUT_OF_ORDER = (
        "department_record.dates_out_of_order",
        422,
        "a date comes before the date it must follow (an end before its start, a decision "
        "before its application); `errors[]` points at the later field",
    )
    CHILD_ALLOWANCE_ALREADY_CERTIFIED = (
        "child_allowance.already_certified",
        409,
        "the person already receives 児童手当 here (one 認定 at a time)",
    )
    CHILD_ALLOWANCE_NOT_CERTIFIED = (
        "child_allowance.not_certified",
        404,
        "a 現況届 or 額改定 for a person who receives no 児童手当 here",
    )
    CHILD_ALLOWANCE_CHILD_COUNTED = (
        "child_allowance.child_counted",
        409,
        "the child is already counted for a recipient (児童手当法 第4条: one recipient per child)",
    )
    CHILD_ALLOWANCE_CHILD_NOT_COUNTED = (
        "child_allowance.child_not_counted",
        404,
        "a 減額改定 names a child not counted for this recipient",
    )
    CHILD_ALLOWANCE_ALLOCATION_OPEN = (
        "child_allowance.allocation_open",
        409,
        "a 寄附 or 学校給食費等 申出 while one of the same kind is in force (change it instead)",
    )
    CHILD_ALLOWANCE_ALLOCATION_NONE = (
        "child_allowance.allocation_none",
        404,
        "a 変更等の申出 of a 寄附 or 学校給食費等 申出 that is not in force",
    )
    CHILD_ALLOWANCE_UNPAID_NONE = (
        "child_allowance.unpaid_none",
        404,
        "a claim for 未支払の児童手当 (児童手当法 第12条) where none is owed: the children were "
        "not counted for a recipient who died, or everything due was already paid",
    )
    CHILD_ALLOWANCE_UNPAID_PAID = (
        "child_allowance.unpaid_paid",
        409,
        "the 未支払の児童手当 of this deceased recipient was already paid on an earlier claim",
    )
    DISASTER_UNKNOWN = (
        "disaster.unknown",
        404,
        "no disaster is recorded in the 被災者台帳 for that day (the department records it first)",
    )
    DISASTER_NOT_ASSESSED = (
        "disaster.not_assessed",
        409,
        "the dwelling has no 住家被害認定 for the disaster yet: record the survey's result "
        "before issuing the 罹災証明書",
    )
    CHILD_SUPPORT_ALREADY_CERTIFIED = (
        "child_support.already_certified",
        409,
        "the person already receives 児童扶養手当 here (one 認定 at a time)",
    )
    CHILD_SUPPORT_NOT_CERTIFIED = (
        "child_support.not_certified",
        404,
        "a 現況届 for a person who receives no 児童扶養手当 here",
    )
    CHILD_SUPPORT_REPORT_SENT = (
        "child_support.report_sent",
        409,
        "the 現況届 of this year was already sent",
    )
    NHI_COVERAGE_OPEN = (
        "nhi.coverage_open",
        409,
        "a 資格取得 for a person whose 国民健康保険 coverage has not ended",
    )
    NHI_COVERAGE_NONE = (
        "nhi.coverage_none",
        404,
        "a 資格喪失 for a person with no open 国民健康保険 coverage",
    )
    CARE_NOT_INSURED = (
        "care.not_insured",
        404,
        "the person is not a 介護保険 被保険者 here on that day",
    )
    CARE_ALREADY_INSURED = (
        "care.already_insured",
        409,
        "a 資格取得 for a 被保険者 whose coverage has not ended, or an 被保険者番号 in use",
    )
    CARE_APPLICATION_PENDING = (
        "care.application_pending",
        409,
        "a 要介護認定 application while another one has no result yet",
    )
    CARE_APPLICATION_NONE = (
        "care.application_none",
        404,
        "a result for a person with no pending 要介護認定 application",
    )
    CARE_NOT_CERTIFIED = (
        "care.not_certified",
        404,
        "a 更新・区分変更 application, a 居宅サービス計画 notice or a benefit claim for a 被保険者 "
        "with no 要介護・要支援認定 in force on that day",
    )
    CARE_RELOCATION_LATE = (
        "care.relocation_late",
        422,
        "a 住所移転後の認定 applied for more than 14 days after the 資格取得 here "
        "(介護保険法 第36条): it needs a new 認定 (新規) instead",
    )
    CHILDCARE_CERTIFICATION_NONE = (
        "childcare.certification_none",
        404,
        "a 現況届 for a child with no 教育・保育給付認定 in force",
    )
    CHILDCARE_CATEGORY_INVALID = (
        "childcare.category_invalid",
        422,
        "the 認定区分 does not fit the child's age on the start day (3号 under 3, 1号・2号 "
        "from 3), or 保育必要量 is missing for 2号・3号 or given for 1号",
    )
    CHILDCARE_APPLICATION_NONE = (
        "childcare.application_none",
        404,
        "a placement for a 利用申込 that does not exist or is no longer open",
    )
