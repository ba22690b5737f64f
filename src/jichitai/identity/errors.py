"""Errors of the identity context, with stable codes."""

from __future__ import annotations

from jichitai.common.exceptions import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
)


class SignInRequired(NotAuthenticated):
    def __init__(self) -> None:
        super().__init__(code="auth.required", detail="職員としてログインしてください。")


class TokenInvalid(NotAuthenticated):
    def __init__(self) -> None:
        super().__init__(
            code="auth.token_invalid", detail="APIトークンが無効、期限切れ、または失効しています。"
        )


class TenantMismatch(NotFound):
    """Another municipality's page: answered as 404 so its existence is not revealed."""

    def __init__(self) -> None:
        super().__init__(code="not_found", detail="指定されたページまたはデータは見つかりません。")


class RoleRequired(PermissionDenied):
    def __init__(self, *, roles: list[str]) -> None:
        super().__init__(
            code="auth.role_required",
            detail=f"この操作には次のいずれかの役割が必要です: {'、'.join(roles)}",
        )


class OtpTokenInvalid(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            code="auth.otp_invalid",
            detail="確認コードが正しくないか、有効期限が切れています。認証アプリの6桁の数字を入力してください。",
        )


class StaffInvalid(InvalidInput):
    """A staff account could not be created as asked."""


class OtpAlreadyEnrolled(Conflict):
    """First enrolment asked for a user who already has a confirmed authenticator app."""

    def __init__(self) -> None:
        super().__init__(
            code="auth.otp_enrolled",
            detail="認証アプリは登録済みです。ログイン時は認証アプリの確認コードを入力してください。",
        )


class OtpVerificationRequired(PermissionDenied):
    """Replacing the authenticator app needs a session signed in with the current one."""

    def __init__(self) -> None:
        super().__init__(
            code="auth.otp_verification_required",
            detail=(
                "認証アプリを変更するには、現在の認証アプリの確認コードでログインし直してください。"
                "認証アプリを失くした場合は、所属の管理者に初期化を依頼してください。"
            ),
        )


class StaffNotFound(NotFound):
    """No such staff member — also the answer for another municipality's staff."""

    def __init__(self) -> None:
        super().__init__(code="staff.not_found", detail="指定された職員は見つかりません。")
