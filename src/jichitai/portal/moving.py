"""引越し後もカードでログイン (sign-in with the same card after a move), on this deployment.

A real card keeps its 利用者証明用電子証明書 through a move — only the 券面 and the
署名用電子証明書 are renewed at the counter — so the person signs in at the new municipality
with the card they already bound at the former one:

1. The former municipality composes the 転出証明書情報: its card bindings of the people who
   leave travel with it (registry.signals.move_out_certificate_composing), and each binding
   notes where it went (`handed_over_to`, kept: the former resident still signs in there,
   only to look — portal.access).
2. The new municipality records the 転入 from that certificate (move_in_recorded): each
   person it carried a binding for is bound here too, by 住民票コード (`carried_from`).

Only the message between the two carries the bindings; no query reads the other town's rows.
The real 住基ネット carries none: across it the person binds their card again at the new town,
after the counter has renewed the card.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from jichitai.portal.models import CardBinding
from jichitai.portal.services import PendingCard, binding_replace
from jichitai.registry.models import MoveOutCertificate, Resident
from jichitai.tenants.models import Municipality

CARRIED_KEY = "portal.card_bindings"


def card_bindings_hand_over(
    sender: Any,
    *,
    municipality_code: str,
    destination_lg_code: str,
    residents: list[Resident],
    **_announced: Any,
) -> dict[str, Any]:
    """Receiver of move_out_certificate_composing: the leaving people's active bindings."""
    bindings = (
        CardBinding.objects.for_municipality(municipality_code)
        .filter(resident__in=residents, superseded_at__isnull=True)
        .select_related("resident")
    )
    carried = [
        {
            "resident_code": binding.resident.resident_code,
            "authentication_fingerprint": binding.authentication_fingerprint,
            "authentication_not_after": binding.authentication_not_after.isoformat(),
            "signing_fingerprint": binding.signing_fingerprint,
        }
        for binding in bindings
    ]
    bindings.update(handed_over_to=destination_lg_code)
    return {CARRIED_KEY: carried} if carried else {}


def card_bindings_take_over(
    sender: Any,
    *,
    municipality_code: str,
    certificate_id: str,
    source_lg_code: str,
    change_id: int,
    **_announced: Any,
) -> None:
    """Receiver of move_in_recorded: bind here each moved person whose card came along (in the
    転入's transaction), as long as its 利用者証明用電子証明書 is still valid."""
    certificate = MoveOutCertificate.objects.for_municipality(municipality_code).get(
        public_id=certificate_id
    )
    carried = certificate.carried.get(CARRIED_KEY, [])
    if not carried:
        return
    municipality = Municipality.objects.get(lg_code=municipality_code)
    moved_in = {
        resident.resident_code: resident
        for resident in Resident.objects.for_municipality(municipality).filter(
            history__change_id=change_id
        )
    }
    now = timezone.now()
    for binding in carried:
        resident = moved_in.get(binding["resident_code"])
        not_after = dt.datetime.fromisoformat(binding["authentication_not_after"])
        if resident is None or not_after <= now:
            continue
        binding_replace(
            municipality,
            resident,
            card=PendingCard(
                fingerprint=binding["authentication_fingerprint"], not_after=not_after
            ),
            signing_fingerprint=binding["signing_fingerprint"],
            carried_from=source_lg_code,
        )
