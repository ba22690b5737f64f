"""Staff sign-in (password, then TOTP), enrolment of the second factor, and the staff home.

Second-factor rules (issue 9, finding 1): after the password, a staff member who has an
authenticator app is only ever asked for its code; the password alone may enrol an app only
on an account that has none (first enrolment). Replacing the app needs a session signed in
with the current one, or an administrator's reset (`services.totp_device_reset`).
"""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from jichitai.audit.services import audit_failure_record, audit_record
from jichitai.common.exceptions import RateLimited
from jichitai.common.problems import rate_limited_page
from jichitai.identity.access import staff_required
from jichitai.identity.errors import OtpAlreadyEnrolled, OtpTokenInvalid, OtpVerificationRequired
from jichitai.identity.forms import OtpForm, StaffLoginForm
from jichitai.identity.http import StaffRequest, second_factor_verified
from jichitai.identity.login_limits import login_name_failure_note, login_names_check
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.selectors import staff_role_labels, staff_roles
from jichitai.identity.services import (
    totp_device_confirm,
    totp_device_confirmed,
    totp_device_pending,
    totp_device_replace,
    totp_device_replace_check,
    totp_device_start,
    totp_verify,
)
from jichitai.tenants.http import TenantRequest

_PENDING_KEY = "identity.pending_staff_id"
_NEXT_KEY = "identity.next"
_LOGIN_FAILED = "ログインIDまたはパスワードが正しくありません。"


def _home_url(lg_code: str) -> str:
    return reverse("identity:home", kwargs={"lg_code": lg_code})


def _safe_next(request: HttpRequest, lg_code: str) -> str:
    candidate = request.session.pop(_NEXT_KEY, "") or ""
    prefix = f"/{lg_code}/"
    if candidate.startswith(prefix) and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}
    ):
        return candidate
    return _home_url(lg_code)


def _pending_user(request: TenantRequest) -> StaffUser | None:
    user_id = request.session.get(_PENDING_KEY)
    municipality = request.municipality
    if user_id is None:
        return None
    return StaffUser.objects.filter(pk=user_id, municipality=municipality, is_active=True).first()


def _signed_in_staff(request: TenantRequest) -> StaffUser | None:
    user = request.user
    lg_code = request.municipality.lg_code
    if user.is_authenticated and user.municipality_id == lg_code:
        return user
    return None


def _session_device(request: HttpRequest) -> Any:
    """The TOTP device this session was signed in with (django-otp), or None."""
    return getattr(request.user, "otp_device", None) if second_factor_verified(request) else None


@require_http_methods(["GET", "POST"])
def login_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """職員ログイン (1段階目): password. The second factor follows on its own page."""
    municipality = request.municipality
    form = StaffLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        try:
            login_names_check(username=username)
        except RateLimited:
            audit_failure_record(
                action="staff.login_refused",
                municipality_code=municipality.lg_code,
                detail={"address_limited": True},
            )
            raise
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is not None and user.municipality_id == municipality.lg_code:
            request.session.cycle_key()
            request.session[_PENDING_KEY] = user.pk
            request.session[_NEXT_KEY] = request.GET.get("next", "")
            if totp_device_confirmed(user=user) is not None:
                return redirect("identity:otp", lg_code=lg_code)
            if settings.JICHITAI_REQUIRE_2FA:
                return redirect("identity:otp_setup", lg_code=lg_code)
            return _complete_login(request, user, device=None)
        login_name_failure_note(username=username)
        # A flood of wrong passwords must not flood the chain: one record per source and
        # minute, with the count.
        audit_failure_record(action="staff.login", municipality_code=municipality.lg_code)
        form.add_error(None, _LOGIN_FAILED)
    return render(request, "identity/login.html", {"form": form})


def _complete_login(request: TenantRequest, user: StaffUser, *, device: Any) -> HttpResponse:
    lg_code = request.municipality.lg_code
    enrolled = totp_device_confirmed(user=user)
    if enrolled is not None and (device is None or device.pk != enrolled.pk):
        # Whoever enrolled an authenticator app signs in with it, even where
        # JICHITAI_REQUIRE_2FA is off: a password alone must not open such an account.
        return redirect("identity:otp", lg_code=lg_code)
    next_url = _safe_next(request, lg_code)
    request.session.pop(_PENDING_KEY, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp_login(request, device)
    audit_record(
        actor=user,
        action="staff.login",
        municipality_code=lg_code,
        detail={"second_factor": device is not None},
    )
    return redirect(next_url)


@require_http_methods(["GET", "POST"])
def otp_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """職員ログイン (2段階目): the TOTP code from the staff member's authenticator app."""
    user = _pending_user(request)
    if user is None:
        return redirect("identity:login", lg_code=lg_code)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_verify(user=user, token=form.cleaned_data["token"])
        except OtpTokenInvalid as error:
            audit_record(
                actor=user, action="staff.login_otp", municipality_code=lg_code, result="denied"
            )
            form.add_error("token", error.detail)
        else:
            return _complete_login(request, user, device=device)
    return render(request, "identity/otp.html", {"form": form})


def _qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=5, dark="#1a1a1c", light="#ffffff")


@require_http_methods(["GET", "POST"])
def otp_setup_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """二要素認証の設定: show a QR code for the authenticator app, confirm with one code.

    Right after the password: first enrolment only. Signed in: enrol a first app, or replace
    the current one from a session verified with it.
    """
    pending = _pending_user(request)
    if pending is not None:
        return _otp_enrol_after_password(request, pending)
    user = _signed_in_staff(request)
    if user is None:
        return redirect("identity:login", lg_code=lg_code)
    if totp_device_confirmed(user=user) is None:
        return _otp_enrol_signed_in(request, user)
    return _otp_replace(request, user)


def _otp_enrol_after_password(request: TenantRequest, user: StaffUser) -> HttpResponse:
    lg_code = request.municipality.lg_code
    if totp_device_confirmed(user=user) is not None:
        if request.method == "POST":
            audit_record(
                actor=user,
                action="staff.totp_confirm",
                municipality_code=lg_code,
                result="denied",
                detail={"enrolled": True},
            )
        return redirect("identity:otp", lg_code=lg_code)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_device_confirm(user=user, token=form.cleaned_data["token"])
        except OtpAlreadyEnrolled:
            return redirect("identity:otp", lg_code=lg_code)
        except OtpTokenInvalid as error:
            form.add_error("token", error.detail)
        else:
            return _complete_login(request, user, device=device)
    return _otp_setup_page(request, user, form)


def _otp_enrol_signed_in(request: TenantRequest, user: StaffUser) -> HttpResponse:
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_device_confirm(user=user, token=form.cleaned_data["token"])
        except (OtpAlreadyEnrolled, OtpTokenInvalid) as error:
            form.add_error("token", error.detail)
        else:
            otp_login(request, device)
            messages.success(request, "二要素認証を設定しました。")
            return redirect(_home_url(request.municipality.lg_code))
    return _otp_setup_page(request, user, form)


def _otp_replace(request: TenantRequest, user: StaffUser) -> HttpResponse:
    verified_with = _session_device(request)
    try:
        totp_device_replace_check(user=user, verified_with=verified_with)
    except OtpVerificationRequired as error:
        return render(request, "403.html", {"message": error.detail}, status=403)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_device_replace(
                user=user, token=form.cleaned_data["token"], verified_with=verified_with
            )
        except OtpTokenInvalid as error:
            form.add_error("token", error.detail)
        else:
            # The old device is gone: the session stays verified with the one just proved.
            otp_login(request, device)
            messages.success(request, "認証アプリを変更しました。")
            return redirect(_home_url(request.municipality.lg_code))
    return _otp_setup_page(request, user, form, replacing=True)


def _otp_setup_page(
    request: TenantRequest, user: StaffUser, form: OtpForm, *, replacing: bool = False
) -> HttpResponse:
    device = totp_device_start(user=user) if request.method == "GET" else None
    if device is None:
        device = totp_device_pending(user=user)
    if device is None:
        return redirect("identity:otp_setup", lg_code=request.municipality.lg_code)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "identity/otp_setup.html",
        {
            "form": form,
            "replacing": replacing,
            "qr": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@require_POST
def logout_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """ログアウト: always ends the session, whichever municipality's page the button was on.

    The record goes to the staff member's own municipality's chain: a session of one
    municipality leaves nothing in another's (issue 9, finding 6).
    """
    user = request.user
    own_lg_code = lg_code
    if user.is_authenticated:
        own_lg_code = user.municipality_id or lg_code
        audit_record(
            actor=user,
            action="staff.logout",
            municipality_code=user.municipality_id,
            detail={"other_municipality_page": True} if own_lg_code != lg_code else None,
        )
    logout(request)
    return redirect("identity:login", lg_code=own_lg_code)


@staff_required(action="staff.home")
def home_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """職員ホーム: what this staff member can do in their municipality."""
    staff: StaffUser = request.staff
    held = staff_roles(user=staff)
    return render(
        request,
        "identity/home.html",
        {
            "staff": staff,
            "role_labels": staff_role_labels(user=staff),
            "is_auditor": Role.AUDITOR in held,
            "is_admin": Role.ADMIN in held,
            "can_use_registry": bool(held & {Role.COUNTER, Role.REGISTRY_REVIEW}),
            # 受付一覧: the roles that read cases (procedures.api and the office pages).
            "can_use_inbox": bool(held & {Role.COUNTER, Role.REGISTRY_REVIEW, Role.DEPARTMENT}),
            # opendata's office pages: the roles its views require.
            "can_publish_opendata": bool(held & {Role.ADMIN, Role.DEPARTMENT}),
            # The roles each app's staff pages require (counter, visits, insights, payments).
            "can_use_counter": bool(held & {Role.COUNTER, Role.REGISTRY_REVIEW}),
            "can_use_visits": bool(held & {Role.COUNTER, Role.ADMIN}),
            "can_read_insights": bool(held & {Role.ADMIN, Role.DEPARTMENT}),
            "can_use_payments": bool(held & {Role.ADMIN, Role.DEPARTMENT}),
            "has_second_factor": totp_device_confirmed(user=staff) is not None,
            "second_factor_verified": _session_device(request) is not None,
        },
    )


def lockout_response(request: HttpRequest, response: Any, credentials: Any) -> HttpResponse:
    """django-axes: the page shown while a login name is locked after repeated failures."""
    municipality = getattr(request, "municipality", None)
    if municipality is not None:
        audit_failure_record(
            action="staff.login_refused",
            municipality_code=municipality.lg_code,
            detail={"locked_out": True},
        )
    cooloff = RateLimited(retry_after=round(settings.AXES_COOLOFF_TIME * 3600))
    return rate_limited_page(request, cooloff)
