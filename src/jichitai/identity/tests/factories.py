"""Test data of identity: 課 (departments) with their members."""

from __future__ import annotations

from collections.abc import Iterable

from jichitai.identity.models import Department, DepartmentMembership, StaffUser
from jichitai.tenants.models import Municipality

# Every catalog department but 住民記録: what a 各課担当 of the tests' 福祉課 takes care of.
NON_RESIDENT_KEYS = ("child", "maternal_health", "care", "nhi", "education", "disaster")


def department_with_members(
    municipality: Municipality,
    *,
    code: str,
    name: str,
    keys: Iterable[str],
    members: Iterable[StaffUser] = (),
) -> Department:
    department = Department.objects.create(
        municipality=municipality, code=code, name=name, catalog_keys=list(keys)
    )
    DepartmentMembership.objects.bulk_create(
        DepartmentMembership(municipality=municipality, department=department, user=user)
        for user in members
    )
    return department


def membership_add(user: StaffUser, *, code: str) -> None:
    """Places a staff member in an existing 課 of their municipality (by its code)."""
    department = Department.objects.get(municipality_id=user.municipality_id, code=code)
    DepartmentMembership.objects.create(
        municipality_id=department.municipality_id, department=department, user=user
    )


def demo_departments(municipality: Municipality) -> list[Department]:
    """The 課 `seed-demo` gives this municipality (みどり市 市民課 …, みなかみ町 町民課 …),
    with their 窓口, without the demo staff."""
    from jichitai.demo.services import DEMO_MUNICIPALITIES

    (demo,) = (d for d in DEMO_MUNICIPALITIES if d.lg_code == municipality.lg_code)
    return [
        Department.objects.create(
            municipality=municipality,
            code=spec.code,
            name=spec.name,
            catalog_keys=list(spec.catalog_keys),
            location=spec.location,
            phone=spec.phone,
        )
        for spec in demo.departments
    ]
