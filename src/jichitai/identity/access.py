"""The one access check every staff page and API handler uses.

It answers another municipality's staff with 404 (not 403) so they cannot learn what exists,
and records every denied attempt in the audit log of the municipality that was asked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from jichitai.audit.services import audit_record
from jichitai.identity.errors import RoleRequired, SignInRequired, TenantMismatch
from jichitai.identity.http import StaffApiRequest, StaffRequest, second_factor_verified
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.selectors import staff_roles
from jichitai.tenants.models import Municipality

# StaffApiRequest is re-exported: API modules of any layer import only this module (and auth).
__all__ = ["Role", "StaffApiRequest", "staff_api_check", "staff_check", "staff_required"]


def staff_check(
    *,
    user: StaffUser | AnonymousUser | None,
    municipality: Municipality,
    roles: Iterable[Role] = (),
    action: str,
    verified: bool = True,
) -> StaffUser:
    """職員の権限確認: the staff member allowed to do `action` in `municipality`.

    `verified` is False when the second factor is not yet done (session without OTP).
    Raises SignInRequired (401), TenantMismatch (404, audited) or RoleRequired (403, audited).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        raise SignInRequired
    if settings.JICHITAI_REQUIRE_2FA and not verified:
        raise SignInRequired
    assert isinstance(user, StaffUser)  # noqa: S101 - AUTH_USER_MODEL
    if user.municipality_id != municipality.lg_code:
        audit_record(
            actor=user,
            action=action,
            municipality_code=municipality.lg_code,
            result="denied",
            detail={"cross_municipality": True},
        )
        raise TenantMismatch
    wanted = list(roles)
    if wanted and not staff_roles(user=user) & set(wanted):
        audit_record(
            actor=user,
            action=action,
            municipality_code=municipality.lg_code,
            result="denied",
            detail={"role_missing": True},
        )
        raise RoleRequired(roles=[str(Role(r).label) for r in wanted])
    return user


def staff_api_check(
    request: StaffApiRequest, *, roles: Iterable[Role] = (), action: str
) -> StaffUser:
    """`staff_check` of an API handler: the caller `identity.auth.staff_auth` authenticated,
    in the municipality the URL names. Raises as `staff_check`."""
    return staff_check(
        user=request.auth, municipality=request.municipality, roles=roles, action=action
    )


def staff_required(
    *, roles: Iterable[Role] = (), action: str
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Decorator for `/<lg_code>/…` staff pages: sign-in redirect, 404 across municipalities,
    a 403 page for a missing role. Sets `request.staff`."""
    wanted = tuple(roles)

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: StaffRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            municipality = request.municipality
            try:
                request.staff = staff_check(
                    user=request.user,
                    municipality=municipality,
                    roles=wanted,
                    action=action,
                    verified=second_factor_verified(request),
                )
            except SignInRequired:
                login_url = reverse("identity:login", kwargs={"lg_code": municipality.lg_code})
                return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
            except TenantMismatch:
                raise Http404 from None
            except RoleRequired as error:
                return render(request, "403.html", {"error": error}, status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
