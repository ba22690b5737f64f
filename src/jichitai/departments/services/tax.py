"""個人住民税: the assessment of each person and 賦課年度, recorded by the tax system (the
demo and imports call this; no procedure writes it)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.departments.models import ResidentTaxAssessment, ResidentTaxRevision
from jichitai.departments.services.checks import code_checked, fiscal_year_checked, yen_checked
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality

PURPOSE = "地方税法による個人住民税の賦課に関する事務"
_AMOUNTS = ("total_income", "income_levy", "per_capita_levy", "tax_total")


@transaction.atomic
def resident_tax_record(
    *,
    municipality: Municipality,
    code: str,
    fiscal_year: int,
    total_income: int,
    income_levy: int,
    per_capita_levy: int,
    actor: StaffUser | None,
) -> ResidentTaxAssessment:
    """個人住民税の賦課の記録 (record an assessment), or its 更正 when the year is recorded.

    The tax is 所得割 + 均等割 (地方税法 第310条・第312条); the income is that of the year
    before the 賦課年度. A correction keeps the superseded values (`ResidentTaxRevision`);
    recording the same values again changes nothing.
    Raises CodeInvalid, ValueInvalid.
    """
    code_checked(code, pointer="/code")
    fiscal_year_checked(fiscal_year, pointer="/fiscal_year")
    values = {
        "total_income": yen_checked(total_income, pointer="/total_income"),
        "income_levy": yen_checked(income_levy, pointer="/income_levy"),
        "per_capita_levy": yen_checked(per_capita_levy, pointer="/per_capita_levy"),
    }
    values["tax_total"] = values["income_levy"] + values["per_capita_levy"]
    now = timezone.now()
    assessment = (
        ResidentTaxAssessment.objects.select_for_update()
        .filter(municipality=municipality, code=code, fiscal_year=fiscal_year)
        .first()
    )
    if assessment is None:
        assessment = ResidentTaxAssessment.objects.create(
            municipality=municipality,
            code=code,
            fiscal_year=fiscal_year,
            income_year=fiscal_year - 1,
            recorded_at=now,
            **values,
        )
        changed = list(_AMOUNTS)
    else:
        changed = [name for name in _AMOUNTS if getattr(assessment, name) != values[name]]
        if not changed:
            return assessment
        ResidentTaxRevision.objects.create(
            municipality=municipality,
            assessment=assessment,
            revision=assessment.revision,
            superseded_at=now,
            **{name: getattr(assessment, name) for name in _AMOUNTS},
        )
        for name, value in values.items():
            setattr(assessment, name, value)
        assessment.revision += 1
        assessment.recorded_at = now
        assessment.save(update_fields=[*_AMOUNTS, "revision", "recorded_at"])
    audit_record(
        actor=actor,
        action="resident_tax.record",
        municipality_code=municipality.pk,
        object_type="departments.ResidentTaxAssessment",
        object_id=assessment.pk,
        purpose=PURPOSE,
        detail={"revision": assessment.revision, "fields": changed},
    )
    return assessment
