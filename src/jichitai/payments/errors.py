"""Errors of 公金収納, each with a stable code and a Japanese message."""

from __future__ import annotations

from typing import ClassVar

from jichitai.common.exceptions import (
    Conflict,
    DomainError,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    RuleViolation,
)
from jichitai.payments.error_codes import PaymentErrorCode

MAX_REPORTED_LINES = 50


class InvoiceNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.INVOICE_NOT_FOUND, detail="該当する納付書が見つかりません。"
        )


class InvoiceClosed(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.INVOICE_CLOSED,
            detail="この納付書は取消済みか、訂正後の納付書に置き換えられています。",
        )


class AmountInvalid(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.AMOUNT_INVALID,
            detail="金額は1円以上99,999,999円以下の整数で指定してください。",
        )


class NothingToBill(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.NOTHING_TO_BILL,
            detail="この期間に請求する対象（車両、交付、保育の利用）がありません。",
        )


class FileMalformed(InvalidInput):
    """Malformed lines: `problems` holds (line number, message); nothing was imported."""

    def __init__(self, problems: list[tuple[int, str]], *, total: int) -> None:
        shown = problems[:MAX_REPORTED_LINES]
        more = f"（ほか{total - len(shown)}行）" if total > len(shown) else ""
        super().__init__(
            code=PaymentErrorCode.FILE_MALFORMED,
            detail=f"{total}行に誤りがあるため、ファイル全体を取り込みませんでした{more}。",
            extra={"lines": [{"line": n, "detail": m} for n, m in shown]},
        )
        self.problems = shown


class FileLayoutUnknown(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.FILE_LAYOUT_UNKNOWN,
            detail="ファイルの様式（金融機関CSV、コンビニ固定長、eLTAX形式）を判別できません。",
        )


class FileTooLarge(DomainError):
    status: ClassVar[int] = 413
    title: ClassVar[str] = "ファイルが大きすぎます"

    def __init__(self, limit_mb: int) -> None:
        super().__init__(
            code=PaymentErrorCode.FILE_TOO_LARGE,
            detail=f"ファイルが大きすぎます（{limit_mb}MBまで）。",
        )


class ExceptionAlreadyResolved(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.EXCEPTION_RESOLVED,
            detail="この収納記録は例外の処理待ちではありません（消込済みか処理済み）。",
        )


class SignatureInvalid(NotAuthenticated):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.SIGNATURE_INVALID,
            detail="通知の署名が正しくありません。記録していません。",
        )


class NotificationMalformed(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.NOTIFICATION_MALFORMED,
            detail="通知の形式が正しくありません。",
        )


class NotificationReplayed(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.NOTIFICATION_REPLAYED,
            detail="この通知は受信済みです。二重には記録しません。",
        )


class PaymentUnknown(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.PAYMENT_UNKNOWN,
            detail="該当する支払いが見つかりません（支払い番号または受付番号が違います）。",
        )


class PaymentAmountMismatch(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.PAYMENT_AMOUNT_MISMATCH,
            detail="支払われた金額が請求額と一致しません。",
        )


class CardDeclined(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.CARD_DECLINED,
            detail="このカード番号または eL-QR では支払えません。"
            "画面に表示されたテスト用の番号か、この支払いの eL-QR を入力してください。",
        )


class FeeNotDue(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.FEE_NOT_DUE,
            detail="この申請には、お支払いいただく手数料がありません（支払い済みまたは取下げ済み）。",
        )


class RefundNotCandidate(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.REFUND_NOT_CANDIDATE,
            detail="この収納記録には決定を待つ還付候補がありません（還付するものがないか、決定済み）。",
        )


class RefundOffsetInvalid(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.REFUND_OFFSET_INVALID,
            detail="充当先は、同じ納付者の未納の納付書を選んでください。",
        )


class RefundAccountInvalid(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.REFUND_ACCOUNT_INVALID,
            detail="振込先口座を正しく入力してください（金融機関コード4桁、支店コード3桁、"
            "預金種目、口座番号7桁以内、口座名義はカタカナ）。",
        )


class PayoutEmpty(RuleViolation):
    def __init__(self) -> None:
        super().__init__(code=PaymentErrorCode.PAYOUT_EMPTY, detail="支出を待つ還付はありません。")


class LateFeeRateUnknown(RuleViolation):
    def __init__(self, year: int) -> None:
        super().__init__(
            code=PaymentErrorCode.LATE_FEE_RATE_UNKNOWN,
            detail=f"{year}年の延滞金の割合がまだ登録されていません（前年の11月30日までに財務大臣が告示します）。",
        )
        self.year = year


class DunningInvalid(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code=PaymentErrorCode.DUNNING_INVALID,
            detail="督促状は、督促の日を過ぎても未納の納付書に一度だけ発付できます。",
        )
