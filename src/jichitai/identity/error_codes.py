"""Stable codes of the identity context: sign-in, tokens, roles and 職員管理."""

from __future__ import annotations

from jichitai.common.error_codes import ErrorCode


class IdentityErrorCode(ErrorCode):
    AUTH_REQUIRED = (
        "auth.required",
        401,
        "no credentials at all: no bearer token and no staff session; on the residents' API "
        "(`/portal/…`), no bearer token",
    )
    TOKEN_INVALID = (
        "auth.token_invalid",
        401,
        "a bearer token came but is malformed, unknown, expired or revoked; on the residents' "
        "API also another municipality's resident token or a staff token. A bad token is never "
        "rescued by a session",
    )
    CSRF_FAILED = (
        "auth.csrf_failed",
        403,
        "a write with the browser's staff session but without its CSRF token (`X-CSRFToken`)",
    )
    ROLE_REQUIRED = "auth.role_required", 403, "the staff member lacks the role the operation needs"
    OTP_INVALID = "auth.otp_invalid", 422, "wrong or expired TOTP code"
    OTP_ENROLLED = (
        "auth.otp_enrolled",
        409,
        "first enrolment of an authenticator app for a staff member who already has one: after "
        "the password only the code is asked",
    )
    OTP_VERIFICATION_REQUIRED = (
        "auth.otp_verification_required",
        403,
        "replacing the authenticator app needs a session signed in with the current one (or a "
        "管理者's reset)",
    )
    API_TOKEN_NO_MUNICIPALITY = (
        "api_token.no_municipality",
        422,
        "`issue-api-token`: the user belongs to no municipality",
    )
    API_TOKEN_VALID_DAYS = (
        "api_token.valid_days",
        422,
        "`issue-api-token`: validity outside 1 to 366 days",
    )
    USERNAME_TAKEN = (
        "staff.username_taken",
        422,
        "staff account not created: the login name is taken",
    )
    PASSWORD_WEAK = (
        "staff.password_weak",
        422,
        "staff account not created: the password fails the password rules (one field error each)",
    )
    USERNAME_INVALID = (
        "staff.username_invalid",
        422,
        "職員管理: the login name is not ASCII of 3 to 150 characters; nothing changed",
    )
    DISPLAY_NAME_INVALID = (
        "staff.display_name_invalid",
        422,
        "職員管理: the 表示名 is not 1 to 80 characters without control or bidi characters",
    )
    ROLE_UNKNOWN = "staff.role_unknown", 422, "職員管理: a role that does not exist"
    STAFF_NOT_FOUND = (
        "staff.not_found",
        404,
        "職員管理: no such staff member — also another municipality's",
    )
    OWN_ADMIN_ROLE = (
        "staff.own_admin_role",
        422,
        "職員管理: an administrator cannot take the 管理者 role from themselves (another 管理者 can)",
    )
    DEACTIVATE_SELF = (
        "staff.deactivate_self",
        422,
        "職員管理: an administrator cannot stop their own account",
    )
    DEPARTMENT_NOT_FOUND = (
        "department.not_found",
        404,
        "職員管理: no such 課 — also another municipality's",
    )
    DEPARTMENT_CODE_INVALID = (
        "department.code_invalid",
        422,
        "課コード not `[a-z0-9][a-z0-9_-]{0,31}`",
    )
    DEPARTMENT_CODE_TAKEN = (
        "department.code_taken",
        422,
        "課コード already used in the municipality",
    )
    DEPARTMENT_NAME_INVALID = (
        "department.name_invalid",
        422,
        "課名 empty, over 40 characters or with control characters",
    )
    DEPARTMENT_NAME_TAKEN = "department.name_taken", 422, "課名 already used in the municipality"
    DEPARTMENT_CATALOG_KEY_UNKNOWN = (
        "department.catalog_key_unknown",
        422,
        "a 担当する手続の区分 that is not a department of the procedure catalog",
    )
    DEPARTMENT_LOCATION_INVALID = (
        "department.location_invalid",
        422,
        "窓口の場所 over 60 characters or with control characters",
    )
    DEPARTMENT_PHONE_INVALID = (
        "department.phone_invalid",
        422,
        "直通電話番号 not half-width digits and hyphens (2 to 20)",
    )
