"""Reads of staff accounts and roles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from jichitai.identity.department_keys import department_key_choices
from jichitai.identity.models import (
    ApiToken,
    Department,
    DepartmentMembership,
    Role,
    StaffRole,
    StaffUser,
)
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
        user._role_cache = cached
    return cached


def staff_role_labels(*, user: StaffUser) -> list[str]:
    held = staff_roles(user=user)
    return [str(label) for value, label in Role.choices if value in held]


def staff_list(*, municipality: Municipality) -> QuerySet[StaffUser]:
    """職員一覧 of one municipality."""
    return StaffUser.objects.filter(municipality=municipality).order_by("username")


def staff_api_token_list(*, user: StaffUser) -> QuerySet[ApiToken]:
    """APIトークン一覧 of one staff member, newest first."""
    return (
        ApiToken.objects.for_municipality(user.municipality_id or "")
        .filter(user=user)
        .order_by("-pk")
    )


def staff_departments(*, user: StaffUser) -> QuerySet[Department]:
    """所属する課: the 課 of the staff member's own municipality they belong to."""
    return Department.objects.for_municipality(user.municipality_id or "").filter(
        memberships__user=user
    )


def staff_readable_department_keys(
    *, user: StaffUser, role_keys: Mapping[str, Iterable[str]]
) -> frozenset[str]:
    """閲覧できる担当 (need to know): the catalog department keys whose cases this staff
    member may read and act on.

    The rule:
    1. the keys of every 課 the staff member belongs to (DepartmentMembership);
    2. for each role they hold other than 各課担当, the keys `role_keys` gives that role.
       procedures derives `role_keys` from the catalog's workflow steps (the departments
       with a step for the role): today 窓口 and 住民記録審査 both read `residents` only,
       the 住民記録 procedures they process (転出届, 転居届, 住民票の写し, 転入予約);
    3. 各課担当 gives nothing by itself: its reach is the 課. A 各課担当 in no 課 reads
       nothing (the safe default for accounts that existed before 課 did) until the
       municipality's 管理者 places them in one;
    4. a platform operator (no municipality), an inactive account → nothing.
    Which step a member may act on is still the workflow's role, checked by procedures.
    """
    if user.municipality_id is None or not user.is_active:
        return frozenset()
    keys: set[str] = set()
    for role in staff_roles(user=user) - {Role.DEPARTMENT}:
        keys.update(role_keys.get(role, ()))
    for catalog_keys in staff_departments(user=user).values_list("catalog_keys", flat=True):
        keys.update(str(key) for key in catalog_keys or ())
    return frozenset(keys)


def department_list(*, municipality: Municipality) -> QuerySet[Department]:
    """課の一覧 of one municipality, with their members (for the 職員管理 pages)."""
    members = DepartmentMembership.objects.select_related("user").order_by("user__username")
    return (
        Department.objects.for_municipality(municipality)
        .prefetch_related(Prefetch("memberships", queryset=members))
        .order_by("code")
    )


def department_get(*, municipality: Municipality, department_id: int) -> Department | None:
    """One 課 of this municipality, or None (also for another municipality's)."""
    return Department.objects.for_municipality(municipality).filter(pk=department_id).first()


def staff_get(*, municipality: Municipality, user_id: int) -> StaffUser | None:
    """One staff member of this municipality, or None (also for another municipality's)."""
    return StaffUser.objects.filter(municipality=municipality, pk=user_id).first()


@dataclass(frozen=True)
class StaffRow:
    """One line of the 職員管理 list."""

    user: StaffUser
    role_labels: list[str]
    department_names: list[str]


def staff_admin_rows(*, municipality: Municipality) -> list[StaffRow]:
    """職員一覧 for the 管理者: every staff member with their roles and 課 (three queries)."""
    roles: defaultdict[int, set[str]] = defaultdict(set)
    for user_id, role in StaffRole.objects.for_municipality(municipality).values_list(
        "user_id", "role"
    ):
        roles[user_id].add(role)
    departments: defaultdict[int, list[str]] = defaultdict(list)
    memberships = (
        DepartmentMembership.objects.for_municipality(municipality)
        .order_by("department__code")
        .values_list("user_id", "department__name")
    )
    for user_id, name in memberships:
        departments[user_id].append(name)
    return [
        StaffRow(
            user=user,
            role_labels=[str(label) for value, label in Role.choices if value in roles[user.pk]],
            department_names=departments[user.pk],
        )
        for user in staff_list(municipality=municipality)
    ]


def department_names_by_key(*, municipality: Municipality | str) -> dict[str, str]:
    """課名 by catalog department key: what this municipality calls the section that does
    `residents`, `child` … (みどり市 市民課, みなかみ町 町民課). A key no 課 takes care of is
    absent (callers fall back to the catalog's generic label); a key two 課 share goes to the
    first by 課コード. One query."""
    names: dict[str, str] = {}
    rows = (
        Department.objects.for_municipality(municipality)
        .order_by("code")
        .values_list("name", "catalog_keys")
    )
    for name, catalog_keys in rows:
        for key in catalog_keys or ():
            names.setdefault(str(key), name)
    return names


def department_taking(*, municipality: Municipality, key: str) -> Department | None:
    """The 課 that takes care of a catalog department key (the first by 課コード), or None.
    A municipality has a handful of 課: one query, matched here (JSON containment differs
    between SQLite and PostgreSQL)."""
    for department in Department.objects.for_municipality(municipality).order_by("code"):
        if key in (department.catalog_keys or ()):
            return department
    return None


@dataclass(frozen=True)
class Counter:
    """One 窓口 of the municipality's home page: the 課, what it handles, where, which phone."""

    name: str
    handles: list[str]
    location: str
    phone: str


def department_counters(*, municipality: Municipality) -> list[Counter]:
    """窓口の案内: every 課 that takes care of a catalog department, with the work it handles
    (the catalog's labels, registered by procedures: 住民記録, 子育て支援 …), its place and
    direct line. One query."""
    labels = dict(department_key_choices())
    counters = []
    for department in Department.objects.for_municipality(municipality).order_by("code"):
        handles = [
            labels[key].removesuffix("担当") for key in department.catalog_keys if key in labels
        ]
        if handles:
            counters.append(
                Counter(department.name, handles, department.location, department.phone)
            )
    return counters
