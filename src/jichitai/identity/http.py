"""Request types of staff pages and the staff API: who was checked is an attribute mypy knows."""

from __future__ import annotations

from django.http import HttpRequest

from jichitai.identity.models import StaffUser
from jichitai.tenants.http import TenantRequest


def second_factor_verified(request: HttpRequest) -> bool:
    """Has this session passed the authenticator app? django-otp's OTPMiddleware gives the
    signed-in user `is_verified()` (and `otp_device`); an anonymous visitor has neither."""
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


class StaffRequest(TenantRequest):
    """A staff page behind `identity.access.staff_required`: `staff` is the signed-in member of
    this municipality's staff (職員) who passed the role check."""

    staff: StaffUser


class StaffApiRequest(TenantRequest):
    """A staff API call behind `identity.auth.staff_auth`: django-ninja puts the authenticated
    staff member (bearer token or session) in `auth`; each handler then checks roles with
    `identity.access.staff_check`."""

    auth: StaffUser
