"""職員管理 (staff administration): each municipality's 管理者 manages its own staff, their
roles, their 課 and the 課 themselves in the product, not only a platform operator in the
Django admin.

Every function here is a writing service: transactional, audited (ids, counts and role
codes only, never a name), and scoped to the acting administrator's municipality. Another
municipality's staff or 課 answers 404 (StaffNotFound, DepartmentNotFound), like a missing
one. An administrator may not take the 管理者 role from themselves nor deactivate their own
account, so a municipality always keeps at least one administrator who can act.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.db import transaction

from jichitai.audit.services import audit_record
from jichitai.identity.department_keys import department_key_choices
from jichitai.identity.error_codes import IdentityErrorCode
from jichitai.identity.errors import (
    DepartmentInvalid,
    DepartmentNotFound,
    OwnAccountKept,
    OwnAdminRoleKept,
    RoleRequired,
    StaffInvalid,
    StaffNotFound,
)
from jichitai.identity.models import (
    Department,
    DepartmentMembership,
    Role,
    StaffRole,
    StaffUser,
)
from jichitai.identity.selectors import staff_roles
from jichitai.identity.services import staff_create
from jichitai.tenants.models import Municipality

STAFF_OBJECT = "identity.StaffUser"
DEPARTMENT_OBJECT = "identity.Department"
DEPARTMENT_CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
# Django's own rule for a login name, ASCII only: people type it on any keyboard.
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9.@+_-]{2,149}")
DEPARTMENT_NAME_MAX = 40
DEPARTMENT_LOCATION_MAX = 60
DEPARTMENT_PHONE = re.compile(r"[0-9][0-9-]{0,18}[0-9]")
DISPLAY_NAME_MAX = 80


# ---------------------------------------------------------------------------- checks


def staff_admin_check(*, actor: StaffUser, municipality: Municipality) -> StaffUser:
    """The acting administrator of `municipality`. Services trust no caller: the pages check
    the same first (identity.access), with an audit record of a refusal.
    Raises StaffNotFound (another municipality's) or RoleRequired (not a 管理者)."""
    if actor.municipality_id != municipality.lg_code or not actor.is_active:
        raise StaffNotFound
    if Role.ADMIN not in staff_roles(user=actor):
        raise RoleRequired(roles=[str(Role.ADMIN.label)])
    return actor


def _staff_lock(*, municipality: Municipality, user_id: int) -> StaffUser:
    user = (
        StaffUser.objects.select_for_update().filter(municipality=municipality, pk=user_id).first()
    )
    if user is None:
        raise StaffNotFound
    return user


def _departments_of(*, municipality: Municipality, department_ids: Iterable[int]) -> set[int]:
    """The ids, all of this municipality's 課. Raises DepartmentNotFound for any other."""
    wanted = {int(pk) for pk in department_ids}
    found = set(
        Department.objects.for_municipality(municipality)
        .filter(pk__in=wanted)
        .values_list("pk", flat=True)
    )
    if found != wanted:
        raise DepartmentNotFound
    return found


def _has_control_characters(text: str) -> bool:
    # Cc (NUL, ESC …) and Cf (bidi overrides such as U+202E): never part of a name, and a
    # bidi override makes a name on screen read differently from what is stored.
    return any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in text)


def _display_name_clean(display_name: str) -> str:
    name = display_name.strip()
    message = ""
    if not name:
        message = "表示名を入力してください。"
    elif len(name) > DISPLAY_NAME_MAX:
        message = f"表示名は{DISPLAY_NAME_MAX}文字以内で入力してください。"
    elif _has_control_characters(name):
        message = "表示名に使えない文字（制御文字）が含まれています。"
    if message:
        raise StaffInvalid.for_field(
            "/display_name", IdentityErrorCode.DISPLAY_NAME_INVALID, message
        )
    return name


def _username_clean(username: str) -> str:
    name = username.strip()
    if not USERNAME.fullmatch(name):
        message = (
            "ログインIDは半角の英数字と「.」「@」「+」「-」「_」で、3文字以上150文字以内で"
            "入力してください（先頭は英数字）。"
        )
        raise StaffInvalid.for_field("/username", IdentityErrorCode.USERNAME_INVALID, message)
    return name


def _roles_clean(roles: Iterable[str]) -> set[Role]:
    try:
        return {Role(role) for role in roles}
    except ValueError:
        message = "選べない役割が指定されています。"
        raise StaffInvalid.for_field("/roles", IdentityErrorCode.ROLE_UNKNOWN, message) from None


def _memberships_write(
    *, municipality: Municipality, user: StaffUser, department_ids: set[int]
) -> tuple[int, int]:
    """The user's 課 become exactly `department_ids`: (added, removed)."""
    current = set(
        DepartmentMembership.objects.for_municipality(municipality)
        .filter(user=user)
        .values_list("department_id", flat=True)
    )
    removed = current - department_ids
    added = department_ids - current
    DepartmentMembership.objects.for_municipality(municipality).filter(
        user=user, department_id__in=removed
    ).delete()
    DepartmentMembership.objects.bulk_create(
        DepartmentMembership(municipality=municipality, department_id=pk, user=user)
        for pk in sorted(added)
    )
    return len(added), len(removed)


# ---------------------------------------------------------------------------- staff


@transaction.atomic
def staff_account_create(
    *,
    municipality: Municipality,
    username: str,
    password: str,
    display_name: str,
    roles: Iterable[str],
    department_ids: Iterable[int],
    actor: StaffUser,
) -> StaffUser:
    """職員の登録 by the municipality's 管理者: the account, its roles and its 課. The
    password is checked against the deployment's password rules (AUTH_PASSWORD_VALIDATORS);
    the new member sets up their second factor at their first sign-in.
    Raises StaffNotFound, RoleRequired, StaffInvalid, DepartmentNotFound."""
    staff_admin_check(actor=actor, municipality=municipality)
    login_name = _username_clean(username)
    name = _display_name_clean(display_name)
    granted = _roles_clean(roles)
    departments = _departments_of(municipality=municipality, department_ids=department_ids)
    user = staff_create(
        municipality=municipality,
        username=login_name,
        password=password,
        display_name=name,
        roles=granted,
        actor=actor,
    )
    if departments:
        _memberships_write(municipality=municipality, user=user, department_ids=departments)
        audit_record(
            actor=actor,
            action="staff.departments_set",
            municipality_code=municipality.lg_code,
            object_type=STAFF_OBJECT,
            object_id=user.pk,
            detail={"added": len(departments), "removed": 0},
        )
    return user


@transaction.atomic
def staff_roles_set(
    *, municipality: Municipality, user_id: int, roles: Iterable[str], actor: StaffUser
) -> StaffUser:
    """役割の変更: the staff member's roles become exactly `roles`.
    Raises StaffNotFound, RoleRequired, StaffInvalid, OwnAdminRoleKept."""
    staff_admin_check(actor=actor, municipality=municipality)
    user = _staff_lock(municipality=municipality, user_id=user_id)
    wanted = _roles_clean(roles)
    if user.pk == actor.pk and Role.ADMIN not in wanted:
        raise OwnAdminRoleKept
    held = StaffRole.objects.for_municipality(municipality).filter(user=user)
    current = {Role(role) for role in held.values_list("role", flat=True)}
    added, removed = wanted - current, current - wanted
    held.filter(role__in=removed).delete()
    StaffRole.objects.bulk_create(
        StaffRole(municipality=municipality, user=user, role=role) for role in sorted(added)
    )
    if added or removed:
        audit_record(
            actor=actor,
            action="staff.roles_set",
            municipality_code=municipality.lg_code,
            object_type=STAFF_OBJECT,
            object_id=user.pk,
            # Per role code: 1 granted, -1 taken away (the audit detail holds numbers only).
            detail={
                "fields": ["roles"],
                **{str(role): 1 for role in added},
                **{str(role): -1 for role in removed},
            },
        )
    return user


@transaction.atomic
def staff_active_set(
    *, municipality: Municipality, user_id: int, is_active: bool, actor: StaffUser
) -> StaffUser:
    """利用停止・再開: an inactive account cannot sign in, and its sessions and API tokens
    stop working at their next request (identity.access and api_token_authenticate check
    `is_active`). Raises StaffNotFound, RoleRequired, OwnAccountKept."""
    staff_admin_check(actor=actor, municipality=municipality)
    user = _staff_lock(municipality=municipality, user_id=user_id)
    if user.pk == actor.pk and not is_active:
        raise OwnAccountKept
    if user.is_active != is_active:
        user.is_active = is_active
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="staff.reactivate" if is_active else "staff.deactivate",
            municipality_code=municipality.lg_code,
            object_type=STAFF_OBJECT,
            object_id=user.pk,
        )
    return user


@transaction.atomic
def staff_departments_set(
    *, municipality: Municipality, user_id: int, department_ids: Iterable[int], actor: StaffUser
) -> StaffUser:
    """所属する課の変更: the staff member's 課 become exactly `department_ids`; what they read
    follows (identity.selectors.staff_readable_department_keys).
    Raises StaffNotFound, RoleRequired, DepartmentNotFound."""
    staff_admin_check(actor=actor, municipality=municipality)
    user = _staff_lock(municipality=municipality, user_id=user_id)
    wanted = _departments_of(municipality=municipality, department_ids=department_ids)
    added, removed = _memberships_write(municipality=municipality, user=user, department_ids=wanted)
    if added or removed:
        audit_record(
            actor=actor,
            action="staff.departments_set",
            municipality_code=municipality.lg_code,
            object_type=STAFF_OBJECT,
            object_id=user.pk,
            detail={"added": added, "removed": removed},
        )
    return user


# ---------------------------------------------------------------------------- 課


def _department_name_clean(*, municipality: Municipality, name: str, exclude: int | None) -> str:
    text = name.strip()
    if not text:
        raise DepartmentInvalid.for_field(
            "/name", IdentityErrorCode.DEPARTMENT_NAME_INVALID, "課名を入力してください。"
        )
    if len(text) > DEPARTMENT_NAME_MAX or _has_control_characters(text):
        raise DepartmentInvalid.for_field(
            "/name",
            IdentityErrorCode.DEPARTMENT_NAME_INVALID,
            f"課名は制御文字を含まない{DEPARTMENT_NAME_MAX}文字以内で入力してください。",
        )
    taken = Department.objects.for_municipality(municipality).filter(name=text)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise DepartmentInvalid.for_field(
            "/name", IdentityErrorCode.DEPARTMENT_NAME_TAKEN, "同じ名前の課が既にあります。"
        )
    return text


def _counter_clean(*, location: str, phone: str) -> tuple[str, str]:
    """窓口の場所 and 直通電話番号, both optional: one line of text, digits and hyphens."""
    location, phone = location.strip(), phone.strip()
    if len(location) > DEPARTMENT_LOCATION_MAX or _has_control_characters(location):
        raise DepartmentInvalid.for_field(
            "/location",
            IdentityErrorCode.DEPARTMENT_LOCATION_INVALID,
            f"窓口の場所は制御文字を含まない{DEPARTMENT_LOCATION_MAX}文字以内で入力してください。",
        )
    if phone and not DEPARTMENT_PHONE.fullmatch(phone):
        raise DepartmentInvalid.for_field(
            "/phone",
            IdentityErrorCode.DEPARTMENT_PHONE_INVALID,
            "電話番号は半角数字とハイフンで入力してください（例：0278-25-5000）。",
        )
    return location, phone


def _catalog_keys_clean(keys: Iterable[str]) -> list[str]:
    known = [key for key, _label in department_key_choices()]
    wanted = {str(key) for key in keys}
    if wanted - set(known):
        raise DepartmentInvalid.for_field(
            "/catalog_keys",
            IdentityErrorCode.DEPARTMENT_CATALOG_KEY_UNKNOWN,
            "選べない手続の区分が指定されています。",
        )
    return [key for key in known if key in wanted]


@transaction.atomic
def department_create(
    *,
    municipality: Municipality,
    code: str,
    name: str,
    catalog_keys: Iterable[str],
    actor: StaffUser,
    location: str = "",
    phone: str = "",
) -> Department:
    """課の作成: a 課 of the municipality (its own name: 市民課, 町民課 …) and the catalog's
    departments whose cases its members read. Raises StaffNotFound, RoleRequired,
    DepartmentInvalid (department.code_invalid / code_taken / name_invalid / name_taken /
    catalog_key_unknown / location_invalid / phone_invalid)."""
    staff_admin_check(actor=actor, municipality=municipality)
    code = code.strip()
    if not DEPARTMENT_CODE.fullmatch(code):
        raise DepartmentInvalid.for_field(
            "/code",
            IdentityErrorCode.DEPARTMENT_CODE_INVALID,
            "課コードは半角の英小文字・数字・ハイフン・下線で、32文字以内で入力してください"
            "（先頭は英小文字か数字）。",
        )
    if Department.objects.for_municipality(municipality).filter(code=code).exists():
        raise DepartmentInvalid.for_field(
            "/code", IdentityErrorCode.DEPARTMENT_CODE_TAKEN, "その課コードは既に使われています。"
        )
    name = _department_name_clean(municipality=municipality, name=name, exclude=None)
    keys = _catalog_keys_clean(catalog_keys)
    location, phone = _counter_clean(location=location, phone=phone)
    department = Department.objects.create(
        municipality=municipality,
        code=code,
        name=name,
        catalog_keys=keys,
        location=location,
        phone=phone,
    )
    audit_record(
        actor=actor,
        action="department.create",
        municipality_code=municipality.lg_code,
        object_type=DEPARTMENT_OBJECT,
        object_id=department.pk,
        detail={"catalog_keys": len(department.catalog_keys)},
    )
    return department


@transaction.atomic
def department_update(
    *,
    municipality: Municipality,
    department_id: int,
    name: str,
    catalog_keys: Iterable[str],
    actor: StaffUser,
    location: str = "",
    phone: str = "",
) -> Department:
    """課の名称・担当・窓口の変更 (the code stays: it is how the 課 is referred to elsewhere).
    Raises StaffNotFound, RoleRequired, DepartmentNotFound, DepartmentInvalid."""
    staff_admin_check(actor=actor, municipality=municipality)
    department = (
        Department.objects.for_municipality(municipality)
        .select_for_update()
        .filter(pk=department_id)
        .first()
    )
    if department is None:
        raise DepartmentNotFound
    new_name = _department_name_clean(municipality=municipality, name=name, exclude=department.pk)
    new_keys = _catalog_keys_clean(catalog_keys)
    new_location, new_phone = _counter_clean(location=location, phone=phone)
    fields = [
        field
        for field, changed in (
            ("name", new_name != department.name),
            ("catalog_keys", new_keys != department.catalog_keys),
            ("location", new_location != department.location),
            ("phone", new_phone != department.phone),
        )
        if changed
    ]
    if fields:
        department.name = new_name
        department.catalog_keys = new_keys
        department.location = new_location
        department.phone = new_phone
        department.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="department.update",
            municipality_code=municipality.lg_code,
            object_type=DEPARTMENT_OBJECT,
            object_id=department.pk,
            detail={"fields": fields, "catalog_keys": len(new_keys)},
        )
    return department
