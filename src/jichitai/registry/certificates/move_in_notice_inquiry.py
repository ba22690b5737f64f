"""転入通知未着照会書 (doc/j710.txt §4.1.3.1.4): 「国内転出で消除したが、転入地市区町村からの
転入通知がない場合、転入通知未着照会書…を作成できること」. A letter to the municipality of the
転出先住所（予定） asking whether the person's 転入届 was made there; a notice between offices,
not a certificate: no seal and no signature."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.exceptions import RuleViolation
from jichitai.identity.models import StaffUser
from jichitai.registry.birth_dates import birth_date_shown
from jichitai.registry.certificates.documents import wareki
from jichitai.registry.certificates.rendering import RenderedPdf, document_pdf_render
from jichitai.registry.certificates.signing import certifier_title
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.selectors import resident_get
from jichitai.registry.services.move_in_notices import move_in_notices_missing
from jichitai.registry.services.recording import REGISTRY_PURPOSE
from jichitai.tenants.models import Municipality
from jichitai.tenants.selectors import municipality_settings_get

_TEMPLATE = "registry/certificates/move_in_notice_inquiry.html"


@dataclass(frozen=True)
class MoveInNoticeInquiry:
    """What the 照会書 prints."""

    destination: str
    name: str
    birth_date: str
    former_address: str
    moved_out_on: str
    municipality_name: str
    issuer: str
    issued_on: str


def inquiry_build(resident: Resident) -> MoveInNoticeInquiry:
    municipality = resident.municipality
    settings = municipality_settings_get(municipality=municipality)
    extra = f"　{resident.address_extra}" if resident.address_extra else ""
    return MoveInNoticeInquiry(
        destination=resident.moving_to_address,
        name=resident.display_name,
        birth_date=birth_date_shown(resident),
        former_address=f"{resident.address}{extra}",
        moved_out_on=wareki(resident.removed_on),
        municipality_name=municipality.full_name,
        issuer=f"{certifier_title(municipality)}　{settings.mayor_name.strip()}".strip("　"),
        issued_on=wareki(timezone.localdate()),
    )


def move_in_notice_inquiry_issue(
    *, municipality: Municipality, resident_id: int, actor: StaffUser
) -> RenderedPdf:
    """The 照会書 of one person removed by 国内転出 whose 転入通知 has not come (any day after
    the 転出). Audited. Raises ResidentNotFound, RuleViolation (not such a person)."""
    resident = resident_get(municipality=municipality, resident_id=resident_id)
    waiting = {r.pk for r in move_in_notices_missing(municipality=municipality, older_than_days=0)}
    if resident.removal_reason != ChangeType.MOVE_OUT or resident.pk not in waiting:
        raise RuleViolation.for_field(
            "/resident_id",
            RegistryErrorCode.MOVE_IN_NOTICE_NOT_MOVED_OUT,
            "転入通知未着照会書は、国内転出した人で転入通知が届いていない人についてだけ作成できます。",
        )
    rendered = document_pdf_render(_TEMPLATE, {"inquiry": inquiry_build(resident)})
    audit_record(
        actor=actor,
        action="registry.move_in_notice_inquiry_issue",
        municipality_code=municipality.lg_code,
        object_type="registry.Resident",
        object_id=resident.pk,
        purpose=REGISTRY_PURPOSE,
        detail={"residents": 1},
    )
    return rendered
