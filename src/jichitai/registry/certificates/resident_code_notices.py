"""住民票コード通知票 (doc/j890.txt §4.3.3): the notice a person gets when a 住民票コード is given
to them (住民基本台帳法 第30条の3第3項), or is changed or corrected; printed in the flow of the
change and again whenever asked. No 住民票コード確認票 is offered (【実装しない機能】).

Which notice a record gets follows its history: the last change that wrote its present
住民票コード was a 記載 (通知票), a 住民票コードの変更 (変更通知票) or a correction (修正通知票).
"""

from __future__ import annotations

import dataclasses

from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.identity.models import StaffUser
from jichitai.registry.certificates.documents import address_line, wareki
from jichitai.registry.certificates.rendering import RenderedPdf, document_pdf_render
from jichitai.registry.certificates.signing import certifier_title
from jichitai.registry.errors import ResidentNotFound
from jichitai.registry.models import ChangeType, Resident, ResidentStatus
from jichitai.registry.services.recording import REGISTRY_PURPOSE
from jichitai.tenants.models import Municipality
from jichitai.tenants.selectors import municipality_settings_get

NOTICE = "住民票コード通知票"
CHANGE_NOTICE = "住民票コード変更通知票"
CORRECTION_NOTICE = "住民票コード修正通知票"
_CORRECTIONS = {ChangeType.CLERICAL_CORRECTION, ChangeType.EX_OFFICIO_CORRECTION}
_TEMPLATE = "registry/certificates/resident_code_notice.html"


@dataclasses.dataclass(frozen=True, kw_only=True)
class ResidentCodeNotice:
    title: str
    name: str
    name_kana: str
    birth_date: str
    address: str
    resident_code: str
    recorded_on: str
    municipality_name: str
    certifier_title: str
    certifier_name: str
    issued_on: str


def resident_code_notice_title(resident: Resident) -> tuple[str, str]:
    """The notice this record's present 住民票コード calls for, and the date it was written."""
    rows = list(resident.history.select_related("change").order_by("history_number"))
    title, recorded_on = NOTICE, resident.became_resident_on
    previous = None
    for row in rows:
        code = row.snapshot.get("resident_code")
        if previous is not None and code != previous:
            kind = row.change.change_type
            title = CORRECTION_NOTICE if kind in _CORRECTIONS else CHANGE_NOTICE
            recorded_on = row.change.effective_on
        previous = code
    return title, wareki(recorded_on)


def resident_code_notice_render(
    *, municipality: Municipality, resident_id: int, actor: StaffUser
) -> tuple[RenderedPdf, str]:
    """住民票コード通知票 (or 変更・修正通知票) of one living record as a PDF, and its title.
    Raises ResidentNotFound (also a 除票: a notice goes to a person living here)."""
    resident = (
        Resident.objects.for_municipality(municipality)
        .filter(pk=resident_id, status=ResidentStatus.ACTIVE)
        .first()
    )
    if resident is None:
        raise ResidentNotFound
    settings = municipality_settings_get(municipality=municipality)
    title, recorded_on = resident_code_notice_title(resident)
    notice = ResidentCodeNotice(
        title=title,
        name=resident.display_name,
        name_kana=resident.name_kana,
        birth_date=wareki(resident.birth_date),
        address=address_line(resident),
        resident_code=resident.resident_code,
        recorded_on=recorded_on,
        municipality_name=municipality.full_name,
        certifier_title=certifier_title(municipality),
        certifier_name=settings.mayor_name.strip(),
        issued_on=wareki(timezone.localdate()),
    )
    rendered = document_pdf_render(_TEMPLATE, {"notice": notice})
    audit_record(
        actor=actor,
        action="registry.resident_code_notice_print",
        municipality_code=municipality.lg_code,
        object_type="registry.Resident",
        object_id=resident.pk,
        purpose=REGISTRY_PURPOSE,
    )
    return rendered, title
