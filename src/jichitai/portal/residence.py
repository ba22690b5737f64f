"""Where the person signed in lives now, for the portal's pages after a move.

After a 転出 the former municipality's portal still lets the person look at their past cases
(portal.access) and says where they live now; the new municipality's portal says where the
earlier cases are. Both know it from their own card bindings (portal.moving: the binding
travels with the 転出証明書情報), never by reading the other town's rows.
"""

from __future__ import annotations

from typing import Any

from jichitai.portal.models import CardBinding
from jichitai.registry.models import ChangeType, Resident, ResidentStatus
from jichitai.tenants.models import Municipality

# 除票 whose person may still look at their past cases here: they live elsewhere now.
MOVED_AWAY = (ChangeType.MOVE_OUT, ChangeType.EMIGRATION)


def has_moved_away(resident: Resident) -> bool:
    """A 除票 by 転出 or 国外転出 (not by death or 職権消除)."""
    return resident.status == ResidentStatus.CLOSED and resident.removal_reason in MOVED_AWAY


def _served(lg_code: str) -> Municipality | None:
    if not lg_code:
        return None
    return Municipality.objects.filter(lg_code=lg_code, is_served=True).first()


def residence_context(resident: Resident) -> dict[str, Any]:
    """For the portal's pages: `moved_away` (this is a former resident, who may only look),
    `moved_to` (the municipality of this deployment the card went on to, if any) and
    `moved_in_from` (for a resident who came with their card from one, that municipality)."""
    bindings = CardBinding.objects.for_municipality(resident.municipality_id).filter(
        resident=resident
    )
    if has_moved_away(resident):
        handed = bindings.exclude(handed_over_to="").order_by("-bound_at").first()
        return {
            "moved_away": True,
            "moved_to": _served(handed.handed_over_to) if handed else None,
            "removed_on": resident.removed_on,
        }
    carried = bindings.exclude(carried_from="").order_by("-bound_at").first()
    return {
        "moved_away": False,
        "moved_in_from": _served(carried.carried_from) if carried else None,
    }
