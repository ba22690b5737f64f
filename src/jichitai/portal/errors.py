"""Errors of the resident portal, each with a stable code and a Japanese message."""

from __future__ import annotations

from jichitai.common.exceptions import (
    Conflict,
    FieldError,
    InvalidInput,
    NotAuthenticated,
    RuleViolation,
)
from jichitai.identity.error_codes import IdentityErrorCode
from jichitai.portal.error_codes import PortalErrorCode


class ResidentNotActive(RuleViolation):
    """The card is bound to a record that is now a 除票 (moved away, or died)."""

    def __init__(self) -> None:
        super().__init__(
            code=PortalErrorCode.RESIDENT_NOT_ACTIVE,
            detail=(
                "このカードの方は、この市区町村の住民として記録されていません。"
                "転出された方は、転出先の市区町村のポータルをご利用ください。"
            ),
        )


class BindingNotStarted(RuleViolation):
    """Step 2 of the first sign-in was reached without step 1 (or the session expired)."""

    def __init__(self) -> None:
        super().__init__(
            code=PortalErrorCode.BINDING_NOT_STARTED,
            detail="本人確認の手順が途中で切れました。最初からやり直してください。",
        )


class CardNotBound(Conflict):
    """The card answered its challenge but is bound to nobody here yet: bind it first
    (`card-bindings` with the 署名用 signature). 409: the card is genuine, its state is not."""

    def __init__(self) -> None:
        super().__init__(
            code=PortalErrorCode.CARD_NOT_BOUND,
            detail=(
                "このカードはまだ登録されていません。署名用電子証明書で本人確認をして"
                "カードを登録してください（card-bindings）。"
            ),
        )


class MovingPairIncomplete(InvalidInput):
    """A 転入予約 goes only with a 転出届 to a destination, and a destination needs one."""

    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(
            code=PortalErrorCode.MOVING_PAIR_INCOMPLETE,
            detail=message,
            errors=[FieldError(pointer, PortalErrorCode.MOVING_PAIR_INCOMPLETE, message)],
        )


class ResidentSignInRequired(NotAuthenticated):
    """No resident token came with a request that needs one."""

    def __init__(self) -> None:
        super().__init__(
            code=IdentityErrorCode.AUTH_REQUIRED,
            detail="マイナンバーカードでの本人確認で発行された住民のAPIトークンが必要です。",
        )


class ResidentTokenInvalid(NotAuthenticated):
    """A bearer token came, but it is no valid resident token of this municipality."""

    def __init__(self) -> None:
        super().__init__(
            code=IdentityErrorCode.TOKEN_INVALID,
            detail="住民のAPIトークンが無効、期限切れ、または失効しています。カードでもう一度本人確認してください。",
        )
