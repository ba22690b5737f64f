"""母子保健: 妊娠の届出 and the 母子健康手帳 it issues."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from jichitai.audit.services import audit_record
from jichitai.departments.errors import DatesOutOfOrder
from jichitai.departments.models import MaternalHandbook, PregnancyNotification
from jichitai.departments.services.checks import code_checked, count_checked, fiscal_year_of
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality

PURPOSE = "母子保健法による妊娠の届出及び母子健康手帳の交付に関する事務"
# The catalog's form: 4 to 45 weeks, at most five babies.
MIN_WEEKS, MAX_WEEKS = 1, 45
MAX_FETUSES = 5


@transaction.atomic
def pregnancy_notify(
    *,
    municipality: Municipality,
    code: str,
    notified_on: dt.date,
    expected_on: dt.date,
    weeks: int,
    fetuses: int,
    actor: StaffUser | None,
) -> PregnancyNotification:
    """妊娠の届出の受理 (母子保健法 第15条) and the 母子健康手帳 (第16条), one per expected
    child, numbered in the 年度 of the notification.
    Raises CodeInvalid, ValueInvalid, DatesOutOfOrder.
    """
    code_checked(code, pointer="/code")
    count_checked(weeks, pointer="/weeks", low=MIN_WEEKS, high=MAX_WEEKS)
    count_checked(fetuses, pointer="/fetuses", low=1, high=MAX_FETUSES)
    if expected_on <= notified_on:
        raise DatesOutOfOrder(
            pointer="/expected_on", message="出産予定日は届出日より後にしてください。"
        )
    # The municipality's row is the lock: handbook numbers of a year are handed out one
    # notification at a time, so two counters never take the same number.
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    pregnancy = PregnancyNotification.objects.create(
        municipality=municipality,
        code=code,
        notified_on=notified_on,
        expected_on=expected_on,
        weeks=weeks,
        fetuses=fetuses,
    )
    year = fiscal_year_of(notified_on)
    last = (
        MaternalHandbook.objects.filter(municipality=municipality, fiscal_year=year).aggregate(
            last=Max("serial")
        )["last"]
        or 0
    )
    MaternalHandbook.objects.bulk_create(
        MaternalHandbook(
            municipality=municipality,
            pregnancy=pregnancy,
            fiscal_year=year,
            serial=last + offset,
            issued_on=notified_on,
        )
        for offset in range(1, fetuses + 1)
    )
    audit_record(
        actor=actor,
        action="maternal_health.pregnancy_notify",
        municipality_code=municipality.pk,
        object_type="departments.PregnancyNotification",
        object_id=pregnancy.pk,
        purpose=PURPOSE,
        detail={"handbooks": fetuses},
    )
    return pregnancy
