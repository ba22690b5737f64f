"""Writes of the identity context: staff accounts, roles, two-factor devices, API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from jichitai.audit.services import audit_failure_record, audit_record
from jichitai.common.exceptions import FieldError
from jichitai.common.ratelimit import limit_check, limit_count
from jichitai.common.request_context import current_source
from jichitai.identity.error_codes import IdentityErrorCode
from jichitai.identity.errors import (
    OtpAlreadyEnrolled,
    OtpTokenInvalid,
    OtpVerificationRequired,
    RoleRequired,
    StaffInvalid,
    StaffNotFound,
    TokenInvalid,
)
from jichitai.identity.models import ApiToken, Role, StaffRole, StaffUser
from jichitai.identity.selectors import staff_roles
from jichitai.tenants.models import Municipality

API_TOKEN_PREFIX = "jt_"  # noqa: S105 - a public prefix, not a secret
# One bucket for guessed bearer tokens of staff (jt_…) and residents (jtr_…, portal.tokens).
TOKEN_FAILURES = "auth.token_failures"  # noqa: S105 - a limit's name


@transaction.atomic
def staff_create(
    *,
    municipality: Municipality,
    username: str,
    password: str,
    display_name: str,
    roles: Iterable[Role],
    actor: AbstractBaseUser | None,
    check_password: bool = True,
) -> StaffUser:
    """職員の登録 (create a staff account) with its roles.

    Raises StaffInvalid when the login name is taken or the password is too weak.
    """
    if StaffUser.objects.filter(username=username).exists():
        raise StaffInvalid.for_field(
            "/username", IdentityErrorCode.USERNAME_TAKEN, "そのログインIDは既に使われています。"
        )
    user = StaffUser(username=username, display_name=display_name, municipality=municipality)
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            messages = [str(m) for m in exc.messages]
            raise StaffInvalid(
                code=IdentityErrorCode.PASSWORD_WEAK,
                detail=" ".join(messages),
                errors=[
                    FieldError("/password", IdentityErrorCode.PASSWORD_WEAK, m) for m in messages
                ],
            ) from None
    user.set_password(password)
    user.save()
    granted = sorted({Role(r) for r in roles})
    StaffRole.objects.bulk_create(
        StaffRole(municipality=municipality, user=user, role=role) for role in granted
    )
    audit_record(
        actor=actor,
        action="staff.create",
        municipality_code=municipality.lg_code,
        object_type="identity.StaffUser",
        object_id=user.pk,
        detail={"roles": len(granted)},
    )
    return user


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plaintext: str  # shown once, never stored


@transaction.atomic
def api_token_issue(
    *, user: StaffUser, name: str, valid_days: int, actor: AbstractBaseUser | None
) -> IssuedToken:
    """APIトークンの発行 (issue an API token); the plaintext is returned once."""
    if user.municipality is None:
        raise StaffInvalid(
            code=IdentityErrorCode.API_TOKEN_NO_MUNICIPALITY,
            detail="団体に所属しない利用者にはAPIトークンを発行できません。",
        )
    if not 1 <= valid_days <= 366:
        raise StaffInvalid(
            code=IdentityErrorCode.API_TOKEN_VALID_DAYS,
            detail="有効日数は1日から366日の範囲で指定してください。",
        )
    secret = secrets.token_urlsafe(32)
    plaintext = f"{API_TOKEN_PREFIX}{user.municipality.lg_code}_{secret}"
    token = ApiToken.objects.create(
        municipality=user.municipality,
        user=user,
        name=name,
        prefix=plaintext[:14],
        secret_hash=_hash_secret(secret),
        expires_at=timezone.now() + dt.timedelta(days=valid_days),
    )
    audit_record(
        actor=actor,
        action="api_token.issue",
        municipality_code=token.municipality_id,
        object_type="identity.ApiToken",
        object_id=token.pk,
    )
    return IssuedToken(token=token, plaintext=plaintext)


def token_guess_check() -> None:
    """トークン試行の制限: refuse a source that failed JICHITAI_RATE_TOKEN_FAILURES bearer
    tokens lately, before its token is even looked at, so it learns nothing more.
    Raises RateLimited."""
    limit_check(TOKEN_FAILURES, key=current_source(), rate=settings.JICHITAI_RATE_TOKEN_FAILURES)


def token_failure_record(
    *, action: str, municipality_code: str | None, object_type: str, detail: dict[str, bool]
) -> None:
    """A bearer token that failed: counted against its source's limit and audited at most
    once per source and minute (audit_failure_record)."""
    limit_count(TOKEN_FAILURES, key=current_source(), rate=settings.JICHITAI_RATE_TOKEN_FAILURES)
    audit_failure_record(
        action=action, municipality_code=municipality_code, object_type=object_type, detail=detail
    )


def api_token_authenticate(*, plaintext: str) -> StaffUser:
    """APIトークンの照合: the token's staff member. Every failure counts against the source's
    limit and is audited (at most once a minute per source). Raises TokenInvalid,
    RateLimited."""
    token_guess_check()
    try:
        return _api_token_user(plaintext)
    except TokenInvalid:
        lg_code = plaintext.removeprefix(API_TOKEN_PREFIX).partition("_")[0]
        # Into the named municipality's chain only when it is one: a made-up code must not
        # start a chain of its own.
        known = (
            bool(lg_code) and Municipality.objects.filter(lg_code=lg_code, is_served=True).exists()
        )
        token_failure_record(
            action="api_token.authenticate",
            municipality_code=lg_code if known else None,
            object_type="identity.ApiToken",
            detail={},
        )
        raise


def _api_token_user(plaintext: str) -> StaffUser:
    parts = plaintext.removeprefix(API_TOKEN_PREFIX).split("_", 1)
    if not plaintext.startswith(API_TOKEN_PREFIX) or len(parts) != 2:
        raise TokenInvalid
    lg_code, secret = parts
    now = timezone.now()
    token = (
        ApiToken.objects.for_municipality(lg_code)
        .select_related("user")
        .filter(secret_hash=_hash_secret(secret), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        raise TokenInvalid
    # Only once a minute: a busy client must not turn every read into a write.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, token_id: int, user: StaffUser, actor: AbstractBaseUser) -> ApiToken:
    """APIトークンの失効 (revoke one of the user's tokens)."""
    token = (
        ApiToken.objects.for_municipality(user.municipality_id or "")
        .select_for_update()
        .filter(pk=token_id, user=user)
        .first()
    )
    if token is None:
        raise TokenInvalid
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            municipality_code=token.municipality_id,
            object_type="identity.ApiToken",
            object_id=token.pk,
        )
    return token


def totp_device_confirmed(*, user: StaffUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def totp_device_start(*, user: StaffUser) -> TOTPDevice:
    """二要素認証の登録開始: a fresh unconfirmed TOTP device (older unconfirmed ones removed).

    A confirmed device stays valid until a new one is confirmed (first enrolment) or replaces
    it (`totp_device_replace`), so starting never weakens an enrolled account.
    """
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=False)


def totp_device_pending(*, user: StaffUser) -> TOTPDevice | None:
    """The authenticator app being set up (started, code not yet confirmed), if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def _totp_device_pending_verify(*, user: StaffUser, token: str, action: str) -> TOTPDevice:
    device = totp_device_pending(user=user)
    if device is None or not device.verify_token(token.strip()):
        # Outside any transaction: the failed attempt stays recorded although we raise.
        audit_record(
            actor=user, action=action, municipality_code=user.municipality_id, result="failed"
        )
        raise OtpTokenInvalid
    return device


def _staff_lock(*, user_id: int) -> StaffUser | None:
    # Serialises enrolment, replacement and reset of one account's second factor.
    return StaffUser.objects.select_for_update().filter(pk=user_id).first()


def _totp_device_activate(*, user: StaffUser, device: TOTPDevice, action: str) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        actor=user,
        action=action,
        municipality_code=user.municipality_id,
        object_type="otp_totp.TOTPDevice",
        object_id=device.pk,
    )


def totp_device_confirm(*, user: StaffUser, token: str) -> TOTPDevice:
    """二要素認証の初回登録: the first correct code confirms the user's first device.

    Only for an account with no confirmed device: a password alone must never be enough to
    put a new authenticator app on an account that has one (that is `totp_device_replace`,
    from a session verified with the current device, or an administrator's reset).
    Raises OtpTokenInvalid, OtpAlreadyEnrolled.
    """
    device = _totp_device_pending_verify(user=user, token=token, action="staff.totp_confirm")
    with transaction.atomic():
        _staff_lock(user_id=user.pk)
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise OtpAlreadyEnrolled
        if not TOTPDevice.objects.filter(pk=device.pk).exists():  # reset meanwhile
            raise OtpTokenInvalid
        _totp_device_activate(user=user, device=device, action="staff.totp_confirm")
    return device


def totp_device_replace_check(*, user: StaffUser, verified_with: TOTPDevice | None) -> TOTPDevice:
    """認証アプリの変更の可否: only a session signed in with the user's current device may.

    `verified_with` is the device the caller's session was signed in with (django-otp's
    `request.user.otp_device`, None when the session has no second factor). Returns the
    current device.
    Raises OtpVerificationRequired (audited).
    """
    current = totp_device_confirmed(user=user)
    if current is None or verified_with is None or verified_with.pk != current.pk:
        audit_record(
            actor=user,
            action="staff.totp_replace",
            municipality_code=user.municipality_id,
            result="denied",
        )
        raise OtpVerificationRequired
    return current


def totp_device_replace(
    *, user: StaffUser, token: str, verified_with: TOTPDevice | None
) -> TOTPDevice:
    """認証アプリの変更 (replace the second factor): the newest unconfirmed device, proved by
    `token`, replaces the confirmed one. Audited as `staff.totp_replace`; nobody is signed in.

    See `totp_device_replace_check` for `verified_with`: only someone who holds the current
    authenticator app can swap it.
    Raises OtpVerificationRequired, OtpTokenInvalid.
    """
    current = totp_device_replace_check(user=user, verified_with=verified_with)
    device = _totp_device_pending_verify(user=user, token=token, action="staff.totp_replace")
    with transaction.atomic():
        _staff_lock(user_id=user.pk)
        # An administrator's reset may have removed both devices since the check.
        replaced, _ = TOTPDevice.objects.filter(pk=current.pk, confirmed=True).delete()
        if not replaced or not TOTPDevice.objects.filter(pk=device.pk).exists():
            raise OtpVerificationRequired
        _totp_device_activate(user=user, device=device, action="staff.totp_replace")
    return device


def _totp_reset_scope(*, actor: StaffUser | None) -> str | None:
    """The municipality whose staff `actor` may reset: None for a platform operator."""
    if actor is None:
        return None
    if actor.municipality_id is None or Role.ADMIN not in staff_roles(user=actor):
        audit_record(
            actor=actor,
            action="staff.totp_reset",
            municipality_code=actor.municipality_id,
            result="denied",
            detail={"role_missing": True},
        )
        raise RoleRequired(roles=[str(Role.ADMIN.label)])
    return actor.municipality_id


def totp_device_reset(*, user_id: int, actor: StaffUser | None) -> StaffUser:
    """二要素認証の初期化 (reset a staff member's second factor), e.g. for a lost phone.

    Removes every TOTP device of the staff member `user_id`: sessions signed in with the old
    device lose their verification, and the next sign-in enrols a new authenticator app
    (first enrolment after the password). Audited as `staff.totp_reset` in the staff
    member's municipality; nobody is signed in.

    `actor` is either a 管理者 (Role.ADMIN) of the staff member's own municipality — the
    staff-management pages pass the signed-in, verified administrator — or None for a
    platform operator (`jichitai reset-totp USERNAME`, which has the database anyway).
    Returns the staff member.
    Raises RoleRequired (actor is not a 管理者; audited), StaffNotFound (no such staff
    member in the actor's municipality — also another municipality's; audited).
    """
    scope = _totp_reset_scope(actor=actor)
    with transaction.atomic():
        target = _staff_lock(user_id=user_id)
        if target is not None and (scope is None or target.municipality_id == scope):
            _, per_model = TOTPDevice.objects.filter(user=target).delete()
            audit_record(
                actor=actor,
                action="staff.totp_reset",
                municipality_code=target.municipality_id,
                object_type="identity.StaffUser",
                object_id=target.pk,
                detail={"devices": per_model.get(TOTPDevice._meta.label, 0)},
            )
            return target
    audit_record(
        actor=actor,
        action="staff.totp_reset",
        municipality_code=scope,
        result="denied",
        detail={"not_found": True},
    )
    raise StaffNotFound


def totp_verify(*, user: StaffUser, token: str) -> TOTPDevice:
    """ログイン時の確認コードの照合. Raises OtpTokenInvalid."""
    device = totp_device_confirmed(user=user)
    if device is None or not device.verify_token(token.strip()):
        raise OtpTokenInvalid
    return device
