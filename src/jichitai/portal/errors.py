"""Errors of the resident portal, each with a stable code and a Japanese message."""

from __future__ import annotations

from jichitai.common.exceptions import (
    Conflict,
    FieldError,
    InvalidInput,
    NotAuthenticated,
    RuleViolation,
)


class ResidentNotActive(RuleViolation):
    """The card is bound to a record that is now a 除票 (moved away, or died)."""

    code_value = "portal.resident_not_active"

    def __init__(self) -> None:
        super().__init__(
            code=self.code_value,
            detail=(
                "このカードの方は、この市区町村の住民として記録されていません。"
                "転出された方は、転出先の市区町村のポータルをご利用ください。"
            ),
        )


class BindingNotStarted(RuleViolation):
    """Step 2 of the first sign-in was reached without step 1 (or the session expired)."""

    def __init__(self) -> None:
        super().__init__(
            code="portal.binding_not_started",
            detail="本人確認の手順が途中で切れました。最初からやり直してください。",
        )


class CardNotBound(Conflict):
    """The card answered its challenge but is bound to nobody here yet: bind it first
    (`card-bindings` with the 署名用 signature). 409: the card is genuine, its state is not."""

    code_value = "portal.card_not_bound"

    def __init__(self) -> None:
        super().__init__(
            code=self.code_value,
            detail=(
                "このカードはまだ登録されていません。署名用電子証明書で本人確認をして"
                "カードを登録してください（card-bindings）。"
            ),
        )


class MovingPairIncomplete(InvalidInput):
    """A 転入予約 goes only with a 転出届 to a destination, and a destination needs one."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(
            code="portal.moving_pair_incomplete",
            detail=message,
            errors=[FieldError(field, "portal.moving_pair_incomplete", message)],
        )


class ResidentSignInRequired(NotAuthenticated):
    """No resident token came with a request that needs one."""

    def __init__(self) -> None:
        super().__init__(
            code="auth.required",
            detail="マイナンバーカードでの本人確認で発行された住民のAPIトークンが必要です。",
        )


class ResidentTokenInvalid(NotAuthenticated):
    """A bearer token came, but it is no valid resident token of this municipality."""

    def __init__(self) -> None:
        super().__init__(
            code="auth.token_invalid",
            detail="住民のAPIトークンが無効、期限切れ、または失効しています。カードでもう一度本人確認してください。",
        )
