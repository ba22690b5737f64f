"""Reads of staff accounts and roles."""

from __future__ import annotations

from django.db.models import QuerySet

from jichitai.identity.models import ApiToken, Role, StaffRole, StaffUser
from jichitai.tenants.models import Municipality


def staff_roles(*, user: StaffUser) -> set[str]:
    """職員の役割: the roles a staff member holds in their own municipality."""
    if user.municipality_id is None:
        return set()
    cached: set[str] | None = getattr(user, "_role_cache", None)
    if cached is None:
        cached = set(
            StaffRole.objects.for_municipality(user.municipality_id)
            .filter(user=user)
            .values_list("role", flat=True)
        )
        user._role_cache = cached  # type: ignore[attr-defined]
    return cached


def staff_role_labels(*, user: StaffUser) -> list[str]:
    held = staff_roles(user=user)
    return [str(label) for value, label in Role.choices if value in held]


def staff_list(*, municipality: Municipality) -> QuerySet[StaffUser]:
    """職員一覧 of one municipality."""
    return StaffUser.objects.filter(municipality=municipality).order_by("username")


def staff_api_token_list(*, user: StaffUser) -> QuerySet[ApiToken]:
    """APIトークン一覧 of one staff member, newest first."""
    return ApiToken.objects.for_municipality(user.municipality_id).filter(user=user).order_by("-pk")
