"""What the case page of a 罹災証明書の発行申請 shows and asks about the 被災者台帳: the
disaster of the day the resident named, their dwelling, and the 住家被害認定 recorded for it
(or the form to record it: approval is refused until it is, `disaster.not_assessed`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.forms import Form

from jichitai.departments.models import Disaster, DwellingDamage
from jichitai.departments.selectors import disaster_on, dwelling_damage_of
from jichitai.procedures.forms import DamageForm
from jichitai.procedures.models import Case

PROCEDURE_ID = "disaster_certificate"


@dataclass(frozen=True)
class DisasterSurvey:
    """The case's disaster (None when none of that day is recorded), the dwelling's 所在地,
    the 認定 recorded for it (None before the survey's result) and the form to record one."""

    disaster: Disaster | None
    dwelling_address: str
    damage: DwellingDamage | None
    form: Form | None


def case_disaster(case: Case) -> tuple[Disaster | None, str]:
    """The disaster of the day the application names, and the dwelling's 所在地."""
    data = case.data or {}
    address = str((data.get("dwelling") or {}).get("address") or "")
    try:
        day = dt.date.fromisoformat(str(data.get("disaster_on")))
    except ValueError:
        return None, address
    return disaster_on(municipality=case.municipality, day=day), address


def case_disaster_survey(case: Case, *, form: Form | None = None) -> DisasterSurvey | None:
    """None for every other procedure. The form is offered while the case is undecided."""
    if case.procedure_id != PROCEDURE_ID:
        return None
    disaster, address = case_disaster(case)
    damage = None
    if disaster is not None:
        damage = dwelling_damage_of(
            municipality=case.municipality, disaster_id=disaster.pk, dwelling_address=address
        )
    if disaster is None or case.is_decided:
        form = None
    elif form is None:
        form = DamageForm()
    return DisasterSurvey(disaster=disaster, dwelling_address=address, damage=damage, form=form)
