"""承認時の処理 of the 罹災証明書の発行申請 (災害対策基本法 第90条の2): the certificate is
issued on the 住家被害認定 the department recorded in the 被災者台帳 after the survey.

The resident names the day of the disaster and their dwelling (its 所在地, prefilled from the
register); at submission the disaster must be in the 台帳, so a resident hears at once when
no disaster of that day is recorded. Approving before the survey's result is recorded is
refused (`disaster.not_assessed`): the reviewer records it first. The certificate is a PDF
signed with the municipality's key, like the register's certificates, kept with the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from jichitai.common.wareki import to_wareki
from jichitai.departments.errors import DisasterUnknown
from jichitai.departments.models import Business, Disaster
from jichitai.departments.selectors import disaster_on
from jichitai.departments.services import disaster_certificate_issue
from jichitai.procedures.approval_types import (
    Action,
    ActionContext,
    ApprovalOutcome,
    case_document_keep,
)
from jichitai.procedures.department_actions import applicant_check, applicant_of, code_for
from jichitai.registry.models import Resident
from jichitai.registry.services import (
    certifier_title,
    document_pdf_render,
    document_sign,
    household_head_name,
)
from jichitai.tenants.models import Municipality

TITLE = "罹災証明書"


def wareki(day: dt.date) -> str:
    return to_wareki(day).format()


_TEMPLATE = "procedures/documents/disaster_certificate.html"


def _disaster(municipality: Municipality, data: Mapping[str, Any]) -> Disaster:
    disaster = disaster_on(
        municipality=municipality, day=dt.date.fromisoformat(data["disaster_on"])
    )
    if disaster is None:
        raise DisasterUnknown(pointer="/disaster_on")
    return disaster


def _check(data: Mapping[str, Any], applicant: Resident | None) -> None:
    """The applicant is of the register, and a disaster of that day is in the 台帳."""
    applicant_check(data, applicant)
    if applicant is not None:  # applicant_check refused None
        _disaster(applicant.municipality, data)


def _issue(context: ActionContext) -> ApprovalOutcome:
    """罹災証明書の交付 on the recorded 住家被害認定, as a signed PDF for the portal."""
    municipality = context.case.municipality
    applicant = applicant_of(context)
    disaster = _disaster(municipality, context.data)
    address = context.data["dwelling"]["address"]
    certificate = disaster_certificate_issue(
        municipality=municipality,
        disaster_id=disaster.pk,
        dwelling_address=address,
        code=code_for(context, Business.DISASTER, applicant),
        issued_on=context.decided_on,
        actor=context.actor,
    )
    document = {
        "number": certificate.number,
        "applicant_name": applicant.display_name,
        "head_name": household_head_name(applicant.household),
        "dwelling_address": address,
        "disaster_name": disaster.name,
        "disaster_on": wareki(disaster.occurred_on),
        "damage_class": certificate.damage.get_damage_class_display(),
        "surveyed_on": wareki(certificate.damage.surveyed_on),
        "issued_on": wareki(certificate.issued_on),
        "certifier": certifier_title(municipality),
    }
    rendered = document_pdf_render(_TEMPLATE, {"doc": document})
    pdf = document_sign(municipality=municipality, pdf=rendered.pdf, reason=TITLE)
    case_document_keep(context, title=TITLE, issue_number=certificate.number, pdf=pdf)
    return ApprovalOutcome()


DISASTER_ACTIONS: dict[str, Action] = {
    "disaster.certificate": Action(
        check=_check,
        run=_issue,
        effect=(
            "被災者台帳に記録した住家被害認定（調査の結果）にもとづき、罹災証明書を交付します"
            "（電子署名付きのPDFをポータルで交付）。認定が記録されていないときは承認できません。"
        ),
    ),
}
