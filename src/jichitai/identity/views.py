"""Staff sign-in (password, then TOTP), enrolment of the second factor, and the staff home."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from jichitai.audit.services import audit_record
from jichitai.identity.access import staff_required
from jichitai.identity.errors import OtpTokenInvalid
from jichitai.identity.forms import OtpForm, StaffLoginForm
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.selectors import staff_role_labels, staff_roles
from jichitai.identity.services import (
    totp_device_confirm,
    totp_device_confirmed,
    totp_device_start,
    totp_verify,
)

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


def _pending_user(request: HttpRequest) -> StaffUser | None:
    user_id = request.session.get(_PENDING_KEY)
    municipality = request.municipality  # type: ignore[attr-defined]
    if user_id is None:
        return None
    return StaffUser.objects.filter(pk=user_id, municipality=municipality, is_active=True).first()


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest, lg_code: str) -> HttpResponse:
    """職員ログイン (1段階目): password. The second factor follows on its own page."""
    municipality = request.municipality  # type: ignore[attr-defined]
    form = StaffLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is not None and user.municipality_id == municipality.lg_code:
            request.session.cycle_key()
            request.session[_PENDING_KEY] = user.pk
            request.session[_NEXT_KEY] = request.GET.get("next", "")
            if totp_device_confirmed(user=user) is not None:
                return redirect("identity:otp", lg_code=lg_code)
            if settings.JICHITAI_REQUIRE_2FA:
                return redirect("identity:otp_setup", lg_code=lg_code)
            return _complete_login(request, user, device=None)
        audit_record(
            actor=None,
            action="staff.login",
            municipality_code=municipality.lg_code,
            result="denied",
        )
        form.add_error(None, _LOGIN_FAILED)
    return render(request, "identity/login.html", {"form": form})


def _complete_login(request: HttpRequest, user: StaffUser, *, device: Any) -> HttpResponse:
    lg_code = request.municipality.lg_code  # type: ignore[attr-defined]
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
def otp_view(request: HttpRequest, lg_code: str) -> HttpResponse:
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
def otp_setup_view(request: HttpRequest, lg_code: str) -> HttpResponse:
    """二要素認証の登録: show a QR code for the authenticator app, confirm with one code."""
    user = _pending_user(request) or (
        request.user
        if request.user.is_authenticated and request.user.municipality_id == lg_code
        else None
    )
    if user is None:
        return redirect("identity:login", lg_code=lg_code)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_device_confirm(user=user, token=form.cleaned_data["token"])
        except OtpTokenInvalid as error:
            form.add_error("token", error.detail)
        else:
            return _complete_login(request, user, device=device)
    device = totp_device_start(user=user) if request.method == "GET" else None
    if device is None:
        device = user.totpdevice_set.filter(confirmed=False).order_by("-pk").first()
    if device is None:
        return redirect("identity:otp_setup", lg_code=lg_code)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "identity/otp_setup.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@require_POST
def logout_view(request: HttpRequest, lg_code: str) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(actor=request.user, action="staff.logout", municipality_code=lg_code)
    logout(request)
    return redirect("identity:login", lg_code=lg_code)


@staff_required(action="staff.home")
def home_view(request: HttpRequest, lg_code: str) -> HttpResponse:
    """職員ホーム: what this staff member can do in their municipality."""
    staff: StaffUser = request.staff  # type: ignore[attr-defined]
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
            "has_second_factor": totp_device_confirmed(user=staff) is not None,
        },
    )


def lockout_response(request: HttpRequest, response: Any, credentials: Any) -> HttpResponse:
    """django-axes: the page shown while a login name is locked after repeated failures."""
    municipality = getattr(request, "municipality", None)
    if municipality is not None:
        audit_record(
            actor=None,
            action="staff.login",
            municipality_code=municipality.lg_code,
            result="denied",
            detail={"locked_out": True},
        )
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "429.html", {"retry_after_minutes": minutes}, status=429)
