"""児童手当の受給者の届出: 氏名変更・住所変更等 and 受給事由消滅 (児童手当法 第26条)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from jichitai.audit.services import audit_record
from jichitai.departments.models import ChildAllowanceNotice, ChildAllowanceRecipient
from jichitai.departments.services.checks import choice_checked, code_checked, order_checked
from jichitai.departments.services.child_allowance import (
    PURPOSE,
    RECIPIENT_OBJECT,
    recipient_close,
    recipient_locked,
)
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality


@transaction.atomic
def child_allowance_notify(
    *,
    municipality: Municipality,
    recipient_code: str,
    kind: ChildAllowanceNotice.Kind,
    occurred_on: dt.date,
    notified_on: dt.date,
    actor: StaffUser | None,
) -> ChildAllowanceNotice:
    """受給者の届出 (児童手当法 第26条) on the certified recipient: the change is kept with
    the day it happened. A 受給事由消滅の届出 ends the recipient on that day (paid up to its
    month, 第8条第2項) and every child counted for them.
    Raises CodeInvalid, ValueInvalid, DatesOutOfOrder, ChildAllowanceNotCertified.
    """
    code_checked(recipient_code, pointer="/recipient_code")
    kind = choice_checked(ChildAllowanceNotice.Kind, kind, pointer="/kind")
    order_checked(
        occurred_on,
        notified_on,
        pointer="/occurred_on",
        message="事由が生じた日は届出日より後にできません。",
    )
    recipient = recipient_locked(municipality, recipient_code)
    order_checked(
        recipient.certified_on,
        occurred_on,
        pointer="/occurred_on",
        message="事由が生じた日は認定日より前にできません。",
    )
    notice = ChildAllowanceNotice.objects.create(
        municipality=municipality,
        recipient=recipient,
        kind=kind,
        occurred_on=occurred_on,
        notified_on=notified_on,
    )
    if kind == ChildAllowanceNotice.Kind.EXTINCTION:
        recipient_close(
            recipient, ended_on=occurred_on, reason=ChildAllowanceRecipient.EndReason.NOTIFIED
        )
    audit_record(
        actor=actor,
        action="child_allowance.notify",
        municipality_code=municipality.pk,
        object_type=RECIPIENT_OBJECT,
        object_id=recipient.pk,
        purpose=PURPOSE,
        detail={"ended": kind == ChildAllowanceNotice.Kind.EXTINCTION},
    )
    return notice
