"""備考 (統合記載欄のＣ類型, doc/j140.txt §1.1.14) and the 事実上の世帯主 (doc/j740.txt
§4.1.4.3): written and deleted apart from the 異動履歴, each act audited without its text."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import InvalidInput
from jichitai.common.text import INVALID_CHARACTER_MESSAGE, text_is_clean
from jichitai.identity.models import StaffUser
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.errors import RemarkNotFound
from jichitai.registry.models import (
    FIXED_WORDS,
    REMARK_MAX_LENGTH,
    RemarkKind,
    ResidentRemark,
)
from jichitai.registry.services.recording import REGISTRY_PURPOSE, lock, residents_lock
from jichitai.tenants.models import Municipality


def _text_checked(kind: RemarkKind, text: str) -> str:
    text = text.strip()
    if kind in FIXED_WORDS:
        # 特別養子縁組 and its 解消 print the standard's words only (§1.1.14).
        return ""
    if not text or len(text) > REMARK_MAX_LENGTH:
        label = "事実上の世帯主の氏名" if kind == RemarkKind.DE_FACTO_HEAD else "備考"
        raise InvalidInput.for_field(
            "/text",
            RegistryErrorCode.REMARK_TEXT_INVALID,
            f"{label}を{REMARK_MAX_LENGTH}文字以内で入力してください。",
        )
    if not text_is_clean(text):
        raise InvalidInput.for_field(
            "/text", CommonErrorCode.TEXT_INVALID_CHARACTER, INVALID_CHARACTER_MESSAGE
        )
    return text


def _audit(remark: ResidentRemark, action: str, actor: StaffUser) -> None:
    audit_record(
        actor=actor,
        action=f"registry.remark_{action}",
        municipality_code=remark.municipality_id,
        object_type="registry.Resident",
        object_id=remark.resident_id,
        purpose=REGISTRY_PURPOSE,
        detail={"remark": remark.pk, "fields": [remark.kind]},
    )


@transaction.atomic
def resident_remark_add(
    *,
    municipality: Municipality,
    resident_id: int,
    kind: RemarkKind,
    text: str,
    actor: StaffUser,
) -> ResidentRemark:
    """備考の記載 (also on a 除票). Raises ResidentNotFound, InvalidInput."""
    (resident,) = residents_lock(municipality=municipality, resident_ids=[resident_id])
    now = timezone.now()
    remark = ResidentRemark.objects.create(
        municipality=municipality,
        resident=resident,
        kind=kind,
        text=_text_checked(kind, text),
        recorded_on=timezone.localdate(),
        written_by=actor,
        written_at=now,
    )
    _audit(remark, "add", actor)
    return remark


@transaction.atomic
def resident_remark_delete(
    *, municipality: Municipality, remark_id: int, actor: StaffUser
) -> ResidentRemark:
    """備考の消除: no longer printed; the row stays with who removed it and when.
    Raises RemarkNotFound (also one removed already, or another municipality's)."""
    found = lock(
        ResidentRemark.objects.for_municipality(municipality).filter(
            pk=remark_id, deleted_at__isnull=True
        )
    )
    if not found:
        raise RemarkNotFound
    remark = found[0]
    remark.deleted_by, remark.deleted_at = actor, timezone.now()
    remark.save(update_fields=["deleted_by", "deleted_at"])
    _audit(remark, "delete", actor)
    return remark
