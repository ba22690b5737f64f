"""The conformance table of the national plan's procedures (docs/procedures.md): for each
built one, the department state it starts from, the data a resident files online, the
files they attach, what the department's record must show after approval, and one required
item and one wrong item the form refuses with their JSON pointers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from jichitai.departments.models import (
    Business,
    CareBenefitClaim,
    CareCertification,
    CareLevel,
    ChildAllowanceAllocation,
    ChildcareCertification,
)
from jichitai.departments.services import (
    ClaimedChild,
    care_certification_apply,
    care_certification_decide,
    care_insured_enrol,
    child_allowance_allocation_apply,
    child_allowance_certify,
    childcare_certify,
)
from jichitai.procedures.department_actions import income_fiscal_year
from jichitai.procedures.tests.department_cases import (
    care_need_data,
    code_of,
    income_record,
)
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality


@dataclass(frozen=True)
class World:
    """みどり市 with the 山田 family (花子 and her children) and 山田ウメ (an older resident
    who lives alone), as the tests find them."""

    municipality: Municipality
    people: dict[str, Resident]

    @property
    def today(self) -> dt.date:
        return timezone.localdate()

    def code(self, business: Business, name: str) -> str:
        return code_of(self.municipality, business, self.people[name])


@dataclass(frozen=True)
class Conformance:
    procedure_id: str
    applicant: str  # a key of World.people
    data: Callable[[World], dict[str, Any]]
    recorded: Callable[[World], bool]  # the department's record shows the result
    missing: str  # a required item: without it, refused at this pointer
    wrong: tuple[str, Any]  # an item whose value the form refuses, at this pointer
    arrange: Callable[[World], None] = lambda world: None
    attachments: tuple[str, ...] = ()
    variant: str = ""  # one file serving several national procedures (申請の区分)

    def __str__(self) -> str:
        return f"{self.procedure_id}[{self.variant}]" if self.variant else self.procedure_id


# ---------------------------------------------------------------------------- arranging


def _insured(world: World, *, acquired_days_ago: int = 400) -> None:
    care_insured_enrol(
        municipality=world.municipality,
        code=world.code(Business.CARE, "ウメ"),
        insured_number="0000012345",
        acquired_on=world.today - dt.timedelta(days=acquired_days_ago),
        actor=None,
    )


def _certified(world: World) -> None:
    """ウメ is insured and certified 要介護2 for a period running today."""
    _insured(world)
    code = world.code(Business.CARE, "ウメ")
    applied = world.today - dt.timedelta(days=300)
    care_certification_apply(
        municipality=world.municipality,
        code=code,
        kind=CareCertification.Kind.NEW,
        applied_on=applied,
        actor=None,
    )
    care_certification_decide(
        municipality=world.municipality,
        code=code,
        level=CareLevel.CARE_2,
        decided_on=applied + dt.timedelta(days=25),
        valid_from=applied,
        valid_to=world.today + dt.timedelta(days=60),
        actor=None,
    )


def _allowance(world: World) -> None:
    """花子 receives 児童手当 for 翔太."""
    shota = world.people["翔太"]
    claimed = world.today - dt.timedelta(days=30)
    child_allowance_certify(
        municipality=world.municipality,
        recipient_code=world.code(Business.CHILD_ALLOWANCE, "花子"),
        children=[
            ClaimedChild(
                code=world.code(Business.CHILD_ALLOWANCE, "翔太"), birth_date=shota.birth_date
            )
        ],
        claimed_on=claimed,
        occurred_on=None,
        certified_on=claimed,
        income_fiscal_year=income_fiscal_year(claimed),
        total_income=3_000_000,
        income_exchange_id="",
        actor=None,
    )


def _allocated(kind: ChildAllowanceAllocation.Kind) -> Callable[[World], None]:
    """花子 receives 児童手当 and gives 5,000円 a month of it to `kind` from this month."""

    def arrange(world: World) -> None:
        _allowance(world)
        child_allowance_allocation_apply(
            municipality=world.municipality,
            recipient_code=world.code(Business.CHILD_ALLOWANCE, "花子"),
            kind=kind,
            monthly_amount=5_000,
            from_month=world.today.replace(day=1),
            applied_on=world.today,
            actor=None,
        )

    return arrange


def allocations(world: World, kind: ChildAllowanceAllocation.Kind) -> list[tuple[Any, Any]]:
    """(月額, 終了月) of 花子's requests of `kind`, oldest first."""
    return list(
        ChildAllowanceAllocation.objects.filter(municipality=world.municipality, kind=kind)
        .order_by("from_month")
        .values_list("monthly_amount", "until_month")
    )


def _income(world: World) -> None:
    income_record(
        world.municipality,
        world.people["花子"],
        fiscal_year=income_fiscal_year(world.today),
        total_income=3_000_000,
    )


def _childcare_certified(world: World) -> None:
    """美咲 (3 or more since 2026-01) holds a 2号認定 running today."""
    childcare_certify(
        municipality=world.municipality,
        child_code=world.code(Business.CHILDCARE, "美咲"),
        child_birth_date=world.people["美咲"].birth_date,
        category=ChildcareCertification.Category.SECOND,
        hours=ChildcareCertification.Hours.STANDARD,
        valid_from=world.today - dt.timedelta(days=60),
        certified_on=world.today - dt.timedelta(days=60),
        actor=None,
    )


# ---------------------------------------------------------------------------- forms


def _person(resident: Resident) -> dict[str, Any]:
    return {
        "name": resident.name,
        "birth_date": resident.birth_date.isoformat(),
        "address": resident.address,
    }


def _guardian(resident: Resident) -> dict[str, Any]:
    return {**_person(resident), "name_kana": resident.name_kana}


def _child(resident: Resident) -> dict[str, Any]:
    return {
        "resident_id": resident.pk,
        "name": resident.name,
        "birth_date": resident.birth_date.isoformat(),
    }


BANK = {
    "bank_name": "みどり銀行",
    "branch_name": "本店",
    "account_type": "普通",
    "account_number": "1234567",
    "holder_kana": "ヤマダ　ウメ",
}


def _insured_form(world: World) -> dict[str, Any]:
    return {"insured": _person(world.people["ウメ"])}


def _care_need(kind: str) -> Callable[[World], dict[str, Any]]:
    def data(world: World) -> dict[str, Any]:
        return {
            **care_need_data(world.people["ウメ"]),
            "insured": _guardian(world.people["ウメ"]),
            "application_kind": kind,
        }

    return data


def _certification_of(kind: CareCertification.Kind) -> Callable[[World], bool]:
    def recorded(world: World) -> bool:
        return CareCertification.objects.filter(
            municipality=world.municipality,
            kind=kind,
            status=CareCertification.Status.APPLIED,
            insured__code=world.code(Business.CARE, "ウメ"),
        ).exists()

    return recorded


def _claim(kind: CareBenefitClaim.Kind, **values: Any) -> Callable[[World], bool]:
    def recorded(world: World) -> bool:
        return CareBenefitClaim.objects.filter(
            municipality=world.municipality,
            kind=kind,
            insured__code=world.code(Business.CARE, "ウメ"),
            **values,
        ).exists()

    return recorded


def _iso(world: World, days: int) -> str:
    return (world.today + dt.timedelta(days=days)).isoformat()


def _next_month(world: World) -> str:
    return (world.today.replace(day=28) + dt.timedelta(days=4)).replace(day=1).isoformat()
