"""Reads of personal data that must leave a trace: viewing a record, revealing 個人番号."""

from __future__ import annotations

from jichitai.audit.services import audit_record
from jichitai.common.exceptions import InvalidInput, PermissionDenied
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.selectors import staff_roles
from jichitai.registry.crypto import my_number_decrypt
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.models import MoveOutCertificate, Resident
from jichitai.registry.services.recording import REGISTRY_PURPOSE

# 番号法 第9条: only the roles whose 事務 needs the number may see it in full.
MY_NUMBER_ROLES = frozenset({Role.REGISTRY_REVIEW})


def resident_access_record(
    *,
    actor: StaffUser,
    residents: list[Resident],
    action: str,
    purpose: str = REGISTRY_PURPOSE,
) -> None:
    """住民情報の閲覧記録: one audit record per page or response that shows personal data."""
    if not residents:
        return
    audit_record(
        actor=actor,
        action=action,
        municipality_code=residents[0].municipality_id,
        object_type="registry.Resident",
        object_id=residents[0].pk if len(residents) == 1 else "",
        purpose=purpose,
        detail={"residents": len(residents)},
    )


def move_out_certificates_access_record(
    *, actor: StaffUser, certificates: list[MoveOutCertificate], action: str
) -> None:
    """転出証明書情報の閲覧記録: the people of a move are personal data like a record."""
    if not certificates:
        return
    audit_record(
        actor=actor,
        action=action,
        municipality_code=certificates[0].municipality_id,
        object_type="registry.MoveOutCertificate",
        object_id=certificates[0].pk if len(certificates) == 1 else "",
        purpose=REGISTRY_PURPOSE,
        detail={"certificates": len(certificates)},
    )


def resident_my_number_reveal(*, resident: Resident, actor: StaffUser, purpose: str) -> str:
    """個人番号の表示: the full number for a permitted role with a stated purpose, audited.
    Raises PermissionDenied (`my_number.not_permitted`, audited), InvalidInput (no purpose)."""
    if not purpose.strip():
        raise InvalidInput.for_field(
            "/purpose",
            RegistryErrorCode.MY_NUMBER_PURPOSE_REQUIRED,
            "個人番号を表示する事務（利用目的）を入力してください。",
        )
    held = staff_roles(user=actor)
    if not held & MY_NUMBER_ROLES:
        audit_record(
            actor=actor,
            action="registry.my_number_reveal",
            municipality_code=resident.municipality_id,
            object_type="registry.Resident",
            object_id=resident.pk,
            purpose=purpose.strip()[:100],
            result="denied",
        )
        raise PermissionDenied(
            code=RegistryErrorCode.MY_NUMBER_NOT_PERMITTED,
            detail="個人番号を表示する権限がありません（住民記録審査の役割が必要です）。",
        )
    if not resident.my_number_cipher:
        return ""
    audit_record(
        actor=actor,
        action="registry.my_number_reveal",
        municipality_code=resident.municipality_id,
        object_type="registry.Resident",
        object_id=resident.pk,
        purpose=purpose.strip()[:100],
    )
    return my_number_decrypt(
        resident.my_number_cipher,
        lg_code=resident.municipality_id,
        atena_number=resident.atena_number,
    )
