"""Errors of the counter, each with a stable code and a Japanese message (never a value the
person gave: messages name fields, not their contents)."""

from __future__ import annotations

from jichitai.common.exceptions import (
    Conflict,
    FieldError,
    InvalidInput,
    NotFound,
    RuleViolation,
)
from jichitai.counter.error_codes import CounterErrorCode


class SessionNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=CounterErrorCode.SESSION_NOT_FOUND, detail="指定された窓口受付は見つかりません。"
        )


class SessionCompleted(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=CounterErrorCode.SESSION_COMPLETED,
            detail="この受付は完了しています。内容は変更できません。",
        )


class StartRequired(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            code=CounterErrorCode.START_REQUIRED,
            detail="転入待ちの一覧か住民記録の検索から、受け付ける人を選んでください。",
        )


class CardNotMatching(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code=CounterErrorCode.CARD_NOT_MATCHING,
            detail=(
                "読み取ったカードは、この受付の対象の人のものではありません（氏名・生年月日・性別が"
                "一致しません）。本人のカードか確認してください。"
            ),
        )


class CardUnreadable(InvalidInput):
    def __init__(self, detail: str) -> None:
        super().__init__(code=CounterErrorCode.CARD_UNREADABLE, detail=detail)


class EventNotApplicable(RuleViolation):
    def __init__(self, detail: str) -> None:
        super().__init__(code=CounterErrorCode.EVENT_NOT_APPLICABLE, detail=detail)


class EventRequired(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code=CounterErrorCode.EVENT_REQUIRED, detail="ライフイベントを選んでください。"
        )


class InputInvalid(InvalidInput):
    def __init__(self, *, errors: list[FieldError]) -> None:
        super().__init__(
            code=CounterErrorCode.INPUT_INVALID,
            detail="入力内容に誤りがあります。各項目のエラーを確認してください。",
            errors=errors,
        )


class ConfirmationRequired(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code=CounterErrorCode.CONFIRMATION_REQUIRED,
            detail="住民の方が確認画面で内容を確認していません。確認画面で確認してもらってください。",
        )


class FilingsIncomplete(RuleViolation):
    def __init__(self, *, errors: list[FieldError]) -> None:
        super().__init__(
            code=CounterErrorCode.FILINGS_INCOMPLETE,
            detail="まだ入力されていない項目があります。各手続のエラーを確認してください。",
            errors=errors,
        )


class PairingCodeInvalid(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            code=CounterErrorCode.PAIRING_CODE_INVALID,
            detail="接続コードが正しくないか、有効期限が切れたか、すでに使われています。"
            "職員に新しいコードを表示してもらってください。",
        )


class SessionNotCompleted(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=CounterErrorCode.SESSION_NOT_COMPLETED,
            detail="手続がまだ完了していません。完了してから控えを印刷してください。",
        )
