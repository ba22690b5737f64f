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
from jichitai.identity.errors import OtpTokenInvalid, StaffInvalid, TokenInvalid
from jichitai.identity.models import ApiToken, Role, StaffRole, StaffUser
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
        raise StaffInvalid(
            code="staff.username_taken",
            detail="そのログインIDは既に使われています。",
            errors=[
                FieldError(
                    "username", "staff.username_taken", "そのログインIDは既に使われています。"
                )
            ],
        )
    user = StaffUser(username=username, display_name=display_name, municipality=municipality)
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            messages = [str(m) for m in exc.messages]
            raise StaffInvalid(
                code="staff.password_weak",
                detail=" ".join(messages),
                errors=[FieldError("password", "staff.password_weak", m) for m in messages],
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
            code="api_token.no_municipality",
            detail="団体に所属しない利用者にはAPIトークンを発行できません。",
        )
    if not 1 <= valid_days <= 366:
        raise StaffInvalid(
            code="api_token.valid_days", detail="有効日数は1日から366日の範囲で指定してください。"
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
        ApiToken.objects.for_municipality(user.municipality_id)
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
    """二要素認証の登録開始: a fresh unconfirmed TOTP device (older unconfirmed ones removed)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=False)


def totp_device_confirm(*, user: StaffUser, token: str) -> TOTPDevice:
    """二要素認証の登録完了: the first correct code confirms the device. Raises OtpTokenInvalid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None or not device.verify_token(token.strip()):
        # Outside any transaction: the failed attempt stays recorded although we raise.
        audit_record(
            actor=user,
            action="staff.totp_confirm",
            municipality_code=user.municipality_id,
            result="failed",
        )
        raise OtpTokenInvalid
    with transaction.atomic():
        return _totp_device_activate(user=user, device=device)


def _totp_device_activate(*, user: StaffUser, device: TOTPDevice) -> TOTPDevice:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    audit_record(
        actor=user,
        action="staff.totp_confirm",
        municipality_code=user.municipality_id,
        object_type="otp_totp.TOTPDevice",
        object_id=device.pk,
    )
    return device


def totp_verify(*, user: StaffUser, token: str) -> TOTPDevice:
    """ログイン時の確認コードの照合. Raises OtpTokenInvalid."""
    device = totp_device_confirmed(user=user)
    if device is None or not device.verify_token(token.strip()):
        raise OtpTokenInvalid
    return device
