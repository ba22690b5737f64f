"""Who acts on a case: a staff member (identity.StaffUser), the resident, or the system."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from jichitai.identity.models import StaffUser


@dataclass(frozen=True)
class ResidentActor:
    """住民本人 (the resident, signed in to the portal with the card's 利用者証明用電子証明書).

    `key` is a stable, non-personal identifier of the signed-in person chosen by the portal
    (never a name or a 個人番号); `resident_id` is their record in the municipality that is
    asked, or None when they are not (yet) a resident there. Shaped like a user for
    audit_record and the idempotency app: `pk`, `is_authenticated`, `get_username()`.
    """

    key: str
    resident_id: int | None

    audit_actor_type = "resident"
    is_authenticated = True

    @property
    def pk(self) -> str:
        return self.key

    def get_username(self) -> str:
        # The audit log's actor label: nothing that names the person.
        return ""


Actor = Union[StaffUser, ResidentActor]  # noqa: UP007 - a runtime alias used in isinstance
