"""転入予約 (引越しワンストップ) follows the register: the registry announces (registry.signals)
and these receivers write the case, in the registry's transaction.

1. The 転出証明書情報 arrives at the destination → the paired 転入予約 learns which certificate
   it is (`move_out_certificate_id`), with a case event 「転出証明書情報の受信」.
2. The counter records the 転入 from that certificate → the 転入予約 is completed (承認) with
   the event 「転入の記録」 by the clerk, and the 転入's 異動 (`registry_change_id`).

A 転入 that rolls back (refused by the 転入通知, a rule of the register) takes the completion
with it; a committed one always carries it. Receivers skip what is not theirs (no paired
reservation, a reservation already decided or withdrawn) rather than raise: raising would undo
the register's change, and the 転入 must not depend on the state of an advance notice.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from jichitai.common.exceptions import DomainError
from jichitai.identity.jpki.services import basic_four_from_certificate, load_certificate
from jichitai.identity.models import StaffUser
from jichitai.procedures.models import Activity, Case
from jichitai.procedures.selectors import procedure_get
from jichitai.procedures.services.recording import case_audit, case_event_write, case_transition
from jichitai.procedures.services.submission import MOVE_IN_RESERVATION
from jichitai.procedures.workflow import transition_target
from jichitai.registry.models import Resident
from jichitai.registry.selectors import SignerMatch, signer_match


def _reservations(municipality_code: str) -> QuerySet[Case]:
    return Case.objects.filter(
        municipality_id=municipality_code, procedure_id=MOVE_IN_RESERVATION
    ).select_for_update()


def reservation_certificate_link(
    *, municipality_code: str, certificate_id: str, source_lg_code: str, reservation_reference: str
) -> Case | None:
    """Stores the received certificate's id on the open 転入予約 it names, when that
    reservation pairs with a 転出届 of the sending municipality. None when there is none."""
    if not reservation_reference:
        return None
    case = (
        _reservations(municipality_code)
        .filter(
            reference_number=reservation_reference,
            related_lg_code=source_lg_code,
            move_out_certificate_id__isnull=True,
        )
        .first()
    )
    if case is None or case.is_decided:
        return None
    case.move_out_certificate_id = certificate_id
    case.save(update_fields=["move_out_certificate_id"])
    case_event_write(case=case, activity=Activity.CERTIFICATE, actor=None, now=timezone.now())
    case_audit(
        case=case,
        activity=Activity.CERTIFICATE,
        actor=None,
        procedure=procedure_get(procedure_id=case.procedure_id),
        detail={"fields": ["move_out_certificate_id"]},
    )
    return case


def reservation_move_in_complete(
    *,
    municipality_code: str,
    certificate_id: str,
    source_lg_code: str,
    reservation_reference: str,
    change_id: int,
    actor: AbstractBaseUser | None,
) -> Case | None:
    """転入の記録: the 転入予約 of this certificate (or, when the link was never made, the one it
    names) is completed by the clerk who recorded the 転入. None when there is none open."""
    linked = Q(move_out_certificate_id=certificate_id)
    if reservation_reference:
        linked |= Q(
            reference_number=reservation_reference,
            related_lg_code=source_lg_code,
            move_out_certificate_id__isnull=True,
        )
    case = _reservations(municipality_code).filter(linked).order_by("pk").first()
    if case is None or case.is_decided:
        return None
    now = timezone.now()
    case.move_out_certificate_id = certificate_id
    case.registry_change_id = change_id
    case.decided_at = now
    case.applicant = _signer_among_moved_in(case, change_id=change_id)
    return case_transition(
        case=case,
        activity=Activity.MOVE_IN,
        target=transition_target(activity=Activity.MOVE_IN, state=case.state),
        actor=actor if isinstance(actor, StaffUser) else None,
        now=now,
        procedure=procedure_get(procedure_id=case.procedure_id),
        fields=["move_out_certificate_id", "registry_change_id", "decided_at", "applicant"],
    )


def _signer_among_moved_in(case: Case, *, change_id: int) -> Resident | None:
    """The 転入予約 was filed before its 届出人 lived here; now they do. The one moved-in
    person its 署名用電子証明書 names becomes its applicant, so the case is among theirs
    in the portal (わたしの申請). None when no signature or nobody matches."""
    if not case.signer_certificate_der:
        return None
    try:
        signer = basic_four_from_certificate(load_certificate(bytes(case.signer_certificate_der)))
    except DomainError:  # verified when submitted; unreadable now means nobody to name
        return None
    moved_in = Resident.objects.for_municipality(case.municipality_id).filter(
        history__change_id=change_id
    )
    named = [
        r
        for r in moved_in
        if signer_match(basic_four=signer, resident=r) != SignerMatch.OTHER_PERSON
    ]
    return named[0] if len(named) == 1 else None


def on_move_out_certificate_received(sender: Any, **announced: Any) -> None:
    reservation_certificate_link(
        municipality_code=announced["municipality_code"],
        certificate_id=announced["certificate_id"],
        source_lg_code=announced["source_lg_code"],
        reservation_reference=announced["reservation_reference"],
    )


def on_move_in_recorded(sender: Any, **announced: Any) -> None:
    reservation_move_in_complete(
        municipality_code=announced["municipality_code"],
        certificate_id=announced["certificate_id"],
        source_lg_code=announced["source_lg_code"],
        reservation_reference=announced["reservation_reference"],
        change_id=announced["change_id"],
        actor=announced["actor"],
    )
