"""Errors of the identity context, with stable codes."""

from __future__ import annotations

from jichitai.common.exceptions import InvalidInput, NotAuthenticated, NotFound, PermissionDenied


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


class CsrfFailed(PermissionDenied):
    """A write with the browser session but without its CSRF token (Django's CSRF check)."""

    def __init__(self) -> None:
        super().__init__(
            code="auth.csrf_failed",
            detail="CSRFトークンがないか正しくありません。画面を再読み込みしてからやり直してください。",
        )
