"""Errors of the department records, each with a stable code and a Japanese message.

None carries a value about the person: field errors name the field and the rule.
"""

from __future__ import annotations

from jichitai.common.exceptions import Conflict, FieldError, InvalidInput, NotFound
from jichitai.departments.error_codes import DepartmentErrorCode as Code


class DepartmentItemUnknown(NotFound):
    def __init__(self) -> None:
        super().__init__(code=Code.ITEM_UNKNOWN, detail="この業務はその情報を提供していません。")


class CodeInvalid(InvalidInput):
    def __init__(self, *, pointer: str) -> None:
        message = "符号の形式が正しくありません。"
        super().__init__(
            code=Code.CODE_INVALID,
            detail=message,
            errors=[FieldError(pointer, Code.CODE_INVALID, message)],
        )


class ValueInvalid(InvalidInput):
    def __init__(self, *, pointer: str, message: str) -> None:
        super().__init__(
            code=Code.VALUE_INVALID,
            detail=message,
            errors=[FieldError(pointer, Code.VALUE_INVALID, message)],
        )


class DatesOutOfOrder(InvalidInput):
    def __init__(self, *, pointer: str, message: str) -> None:
        super().__init__(
            code=Code.DATES_OUT_OF_ORDER,
            detail=message,
            errors=[FieldError(pointer, Code.DATES_OUT_OF_ORDER, message)],
        )


class ChildAllowanceAlreadyCertified(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CHILD_ALLOWANCE_ALREADY_CERTIFIED,
            detail="この方はすでに児童手当の認定を受けています。",
        )


class ChildAllowanceNotCertified(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CHILD_ALLOWANCE_NOT_CERTIFIED,
            detail="この方は児童手当を受給していません。",
        )


class ChildAllowanceChildCounted(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CHILD_ALLOWANCE_CHILD_COUNTED,
            detail="この児童は、すでに児童手当の対象児童として認定されています。",
        )


class ChildAllowanceChildNotCounted(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CHILD_ALLOWANCE_CHILD_NOT_COUNTED,
            detail="この受給者の対象児童ではありません。",
        )


class NhiCoverageOpen(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=Code.NHI_COVERAGE_OPEN,
            detail="この方は国民健康保険の資格を喪失していません。",
        )


class NhiCoverageNone(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=Code.NHI_COVERAGE_NONE,
            detail="この方は国民健康保険の資格を有していません。",
        )


class CareNotInsured(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CARE_NOT_INSURED,
            detail="この方は介護保険の被保険者ではありません。",
        )


class CareAlreadyInsured(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CARE_ALREADY_INSURED,
            detail="この方はすでに被保険者であるか、被保険者番号が使われています。",
        )


class CareApplicationPending(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CARE_APPLICATION_PENDING,
            detail="結果が出ていない要介護認定の申請があります。",
        )


class CareApplicationNone(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CARE_APPLICATION_NONE,
            detail="結果を記録する要介護認定の申請がありません。",
        )


class ChildcareCategoryInvalid(InvalidInput):
    def __init__(self, *, pointer: str, message: str) -> None:
        super().__init__(
            code=Code.CHILDCARE_CATEGORY_INVALID,
            detail=message,
            errors=[FieldError(pointer, Code.CHILDCARE_CATEGORY_INVALID, message)],
        )


class ChildcareApplicationNone(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CHILDCARE_APPLICATION_NONE,
            detail="利用調整中の保育施設等の利用申込がありません。",
        )


class CareNotCertified(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CARE_NOT_CERTIFIED,
            detail="この方には有効な要介護・要支援認定がありません。",
        )


class CareRelocationLate(InvalidInput):
    def __init__(self, *, pointer: str) -> None:
        message = (
            "転入の日（資格取得日）から14日を過ぎているため、前の市区町村の認定を引き継げません。"
            "新規の認定を申請してください。"
        )
        super().__init__(
            code=Code.CARE_RELOCATION_LATE,
            detail=message,
            errors=[FieldError(pointer, Code.CARE_RELOCATION_LATE, message)],
        )


class ChildcareCertificationNone(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CHILDCARE_CERTIFICATION_NONE,
            detail="この子どもには有効な教育・保育給付認定がありません。",
        )


class ChildAllowanceAllocationOpen(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CHILD_ALLOWANCE_ALLOCATION_OPEN,
            detail="同じ申出がすでに有効です。変更するときは変更等の申出をしてください。",
        )


class ChildAllowanceAllocationNone(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CHILD_ALLOWANCE_ALLOCATION_NONE,
            detail="変更する申出がありません。",
        )


class ChildSupportAlreadyCertified(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CHILD_SUPPORT_ALREADY_CERTIFIED,
            detail="この方はすでに児童扶養手当の認定を受けています。",
        )


class ChildSupportNotCertified(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CHILD_SUPPORT_NOT_CERTIFIED,
            detail="この方は児童扶養手当を受給していません。",
        )


class ChildSupportReportSent(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CHILD_SUPPORT_REPORT_SENT,
            detail="今年の現況届はすでに送信されています。",
        )


class ChildAllowanceUnpaidNone(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CHILD_ALLOWANCE_UNPAID_NONE,
            detail="亡くなった受給者の未支払の児童手当で、この児童に支払うものはありません。",
        )


class ChildAllowanceUnpaidPaid(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=Code.CHILD_ALLOWANCE_UNPAID_PAID,
            detail="この受給者の未支払の児童手当は、すでに支払いを決定しています。",
        )


class DisasterUnknown(NotFound):
    def __init__(self, *, pointer: str = "/disaster_on") -> None:
        message = "その日の災害は被災者台帳に登録されていません。"
        super().__init__(
            code=Code.DISASTER_UNKNOWN,
            detail=message,
            errors=[FieldError(pointer, Code.DISASTER_UNKNOWN, message)],
        )


class DisasterNotAssessed(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=Code.DISASTER_NOT_ASSESSED,
            detail="この住家の被害認定（調査の結果）がまだ記録されていません。",
        )
