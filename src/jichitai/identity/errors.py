"""Errors of the identity context, with stable codes."""

from __future__ import annotations

from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from jichitai.identity.error_codes import IdentityErrorCode


class SignInRequired(NotAuthenticated):
    def __init__(self) -> None:
        super().__init__(
            code=IdentityErrorCode.AUTH_REQUIRED, detail="職員としてログインしてください。"
        )


class TokenInvalid(NotAuthenticated):
    def __init__(self) -> None:
        super().__init__(
            code=IdentityErrorCode.TOKEN_INVALID,
            detail="APIトークンが無効、期限切れ、または失効しています。",
        )


class TenantMismatch(NotFound):
    """Another municipality's page: answered as 404 so its existence is not revealed."""

    def __init__(self) -> None:
        super().__init__(
            code=CommonErrorCode.NOT_FOUND, detail="指定されたページまたはデータは見つかりません。"
        )


class RoleRequired(PermissionDenied):
    def __init__(self, *, roles: list[str]) -> None:
        super().__init__(
            code=IdentityErrorCode.ROLE_REQUIRED,
            detail=f"この操作には次のいずれかの役割が必要です: {'、'.join(roles)}",
        )


class OtpTokenInvalid(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            code=IdentityErrorCode.OTP_INVALID,
            detail="確認コードが正しくないか、有効期限が切れています。認証アプリの6桁の数字を入力してください。",
        )


class StaffInvalid(InvalidInput):
    """A staff account could not be created as asked."""


class OtpAlreadyEnrolled(Conflict):
    """First enrolment asked for a user who already has a confirmed authenticator app."""

    def __init__(self) -> None:
        super().__init__(
            code=IdentityErrorCode.OTP_ENROLLED,
            detail="認証アプリは登録済みです。ログイン時は認証アプリの確認コードを入力してください。",
        )


class OtpVerificationRequired(PermissionDenied):
    """Replacing the authenticator app needs a session signed in with the current one."""

    def __init__(self) -> None:
        super().__init__(
            code=IdentityErrorCode.OTP_VERIFICATION_REQUIRED,
            detail=(
                "認証アプリを変更するには、現在の認証アプリの確認コードでログインし直してください。"
                "認証アプリを失くした場合は、所属の管理者に初期化を依頼してください。"
            ),
        )


class CsrfFailed(PermissionDenied):
    """A write with the browser session but without its CSRF token (Django's CSRF check)."""

    def __init__(self) -> None:
        super().__init__(
            code=IdentityErrorCode.CSRF_FAILED,
            detail="CSRFトークンがないか正しくありません。画面を再読み込みしてからやり直してください。",
        )


# ---------------------------------------------------------------------------- 職員管理


class StaffNotFound(NotFound):
    """A staff member of another municipality (or none): 404, so existence is not revealed."""

    def __init__(self) -> None:
        super().__init__(
            code=IdentityErrorCode.STAFF_NOT_FOUND, detail="指定された職員は見つかりません。"
        )


class DepartmentNotFound(NotFound):
    """A 課 of another municipality (or none): 404, so existence is not revealed."""

    def __init__(self) -> None:
        super().__init__(
            code=IdentityErrorCode.DEPARTMENT_NOT_FOUND, detail="指定された課は見つかりません。"
        )


class OwnAdminRoleKept(RuleViolation):
    """An administrator may not take the 管理者 role from themselves: the municipality would
    be left to manage its staff without them, possibly with no administrator at all."""

    def __init__(self) -> None:
        super().__init__(
            code=IdentityErrorCode.OWN_ADMIN_ROLE,
            detail="ご自身の「管理者」の役割は外せません。ほかの管理者に依頼してください。",
        )


class OwnAccountKept(RuleViolation):
    """An administrator may not deactivate their own account (same reason)."""

    def __init__(self) -> None:
        super().__init__(
            code=IdentityErrorCode.DEACTIVATE_SELF,
            detail="ご自身のアカウントは無効にできません。ほかの管理者に依頼してください。",
        )


class DepartmentInvalid(InvalidInput):
    """A 課 could not be created or changed as asked."""
