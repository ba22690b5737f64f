"""デモの公金収納: the story's 軽自動車税 slip (step 6) and the demo municipalities' invoices."""

from __future__ import annotations

import datetime as dt

from jichitai.demo.services import DEMO_MUNICIPALITIES
from jichitai.demo.story import HANAKO_BIRTH_DATE, HANAKO_NAME
from jichitai.payments.services import (
    childcare_fee_invoices_issue,
    light_vehicle_register,
    vehicle_tax_invoices_issue,
)
from jichitai.registry.models import Resident, ResidentStatus
from jichitai.tenants.models import Municipality


def demo_payments_seed(*, today: dt.date) -> int:
    """公金収納 of the story (step 6): 山田花子's 軽自動車 on みどり市's tax register (when the
    story family was made), the year's 軽自動車税 invoices and this month's 保育料 of every
    municipality's placed children.
    Returns the number of invoices issued (0 when run again)."""
    hanako = Resident.objects.filter(
        municipality_id=DEMO_MUNICIPALITIES[0].lg_code,
        name=HANAKO_NAME,
        birth_date=HANAKO_BIRTH_DATE,
        status=ResidentStatus.ACTIVE,
    ).first()
    if hanako is not None:  # made with --cards; without them the demo has no story family
        light_vehicle_register(
            municipality=hanako.municipality,
            plate="みどり 480 あ 12-34",
            vehicle_class="kei_passenger",
            owner_resident_code=hanako.resident_code,
            owner_name=hanako.name,
            registered_on=dt.date(2023, 4, 10),
            actor=None,
        )
    fiscal_year = today.year if today.month >= 4 else today.year - 1
    issued = 0
    for demo in DEMO_MUNICIPALITIES:
        municipality = Municipality.objects.get(lg_code=demo.lg_code)
        issued += len(
            vehicle_tax_invoices_issue(
                municipality=municipality, fiscal_year=fiscal_year, actor=None
            )
        )
        issued += len(
            childcare_fee_invoices_issue(municipality=municipality, month=today, actor=None)
        )
    return issued
