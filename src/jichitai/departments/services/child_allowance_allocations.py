"""児童手当に係る寄附 (児童手当法 第20条) and 受給資格者の申出による学校給食費等の徴収等 (第21条):
part of the allowance goes, at the recipient's request made before it is paid, to the
municipality instead of to them."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from jichitai.audit.services import audit_record
from jichitai.departments.errors import (
    ChildAllowanceAllocationNone,
    ChildAllowanceAllocationOpen,
    DatesOutOfOrder,
    ValueInvalid,
)
from jichitai.departments.models import ChildAllowanceAllocation, ChildAllowanceRecipient
from jichitai.departments.services.checks import (
    choice_checked,
    code_checked,
    month_start,
    yen_checked,
)
from jichitai.departments.services.child_allowance import (
    PURPOSE,
    RECIPIENT_OBJECT,
    recipient_locked,
)
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality


def _amount_checked(recipient: ChildAllowanceRecipient, monthly_amount: int | None) -> None:
    """A part of the allowance: at most its monthly total now (None: all of it)."""
    if monthly_amount is None:
        return
    yen_checked(monthly_amount, pointer="/monthly_amount")
    latest = recipient.revisions.order_by("-effective_month", "-pk").first()
    total = latest.monthly_total if latest is not None else 0
    if not 0 < monthly_amount <= total:
        raise ValueInvalid(
            pointer="/monthly_amount", message="月額は児童手当の月額の範囲で指定してください。"
        )


def _from_checked(from_month: dt.date, applied_on: dt.date) -> dt.date:
    # 第20条・第21条: the request is made before the allowance is paid, so from this month on.
    start = month_start(from_month)
    if start < month_start(applied_on):
        raise DatesOutOfOrder(pointer="/from_month", message="開始月は申出の月より前にできません。")
    return start


def _open(
    recipient: ChildAllowanceRecipient, kind: ChildAllowanceAllocation.Kind
) -> ChildAllowanceAllocation | None:
    return (
        ChildAllowanceAllocation.objects.select_for_update()
        .filter(recipient=recipient, kind=kind, until_month__isnull=True)
        .first()
    )


def _create(
    recipient: ChildAllowanceRecipient,
    *,
    kind: ChildAllowanceAllocation.Kind,
    monthly_amount: int | None,
    from_month: dt.date,
    applied_on: dt.date,
) -> ChildAllowanceAllocation:
    try:
        # The partial unique index decides two requests at the same moment.
        with transaction.atomic():
            return ChildAllowanceAllocation.objects.create(
                municipality=recipient.municipality,
                recipient=recipient,
                kind=kind,
                monthly_amount=monthly_amount,
                from_month=from_month,
                applied_on=applied_on,
            )
    except IntegrityError:
        raise ChildAllowanceAllocationOpen() from None


def _audit(
    actor: StaffUser | None, recipient: ChildAllowanceRecipient, action: str, *, withdrawn: bool
) -> None:
    audit_record(
        actor=actor,
        action=action,
        municipality_code=recipient.municipality_id,
        object_type=RECIPIENT_OBJECT,
        object_id=recipient.pk,
        purpose=PURPOSE,
        detail={"withdrawn": withdrawn},
    )


@transaction.atomic
def child_allowance_allocation_apply(
    *,
    municipality: Municipality,
    recipient_code: str,
    kind: ChildAllowanceAllocation.Kind,
    monthly_amount: int | None,
    from_month: dt.date,
    applied_on: dt.date,
    actor: StaffUser | None,
) -> ChildAllowanceAllocation:
    """寄附の申出 (第20条) or 学校給食費等の徴収等の申出 (第21条) of the certified recipient:
    `monthly_amount` (None: all of it) from `from_month` on.
    Raises CodeInvalid, ValueInvalid, DatesOutOfOrder, ChildAllowanceNotCertified,
    ChildAllowanceAllocationOpen."""
    code_checked(recipient_code, pointer="/recipient_code")
    kind = choice_checked(ChildAllowanceAllocation.Kind, kind, pointer="/kind")
    start = _from_checked(from_month, applied_on)
    recipient = recipient_locked(municipality, recipient_code)
    _amount_checked(recipient, monthly_amount)
    if _open(recipient, kind) is not None:
        raise ChildAllowanceAllocationOpen()
    allocation = _create(
        recipient, kind=kind, monthly_amount=monthly_amount, from_month=start, applied_on=applied_on
    )
    _audit(actor, recipient, "child_allowance.allocation_apply", withdrawn=False)
    return allocation


@transaction.atomic
def child_allowance_allocation_change(
    *,
    municipality: Municipality,
    recipient_code: str,
    kind: ChildAllowanceAllocation.Kind,
    monthly_amount: int | None,
    withdraw: bool,
    from_month: dt.date,
    applied_on: dt.date,
    actor: StaffUser | None,
) -> ChildAllowanceAllocation:
    """寄附変更等の申出 / 学校給食費等の徴収等の変更等の申出: the request in force ends the month
    before `from_month`; unless withdrawn (`withdraw`), the new amount holds from it. Returns
    the new request, or the ended one when withdrawn.
    Raises CodeInvalid, ValueInvalid, DatesOutOfOrder, ChildAllowanceNotCertified,
    ChildAllowanceAllocationNone."""
    code_checked(recipient_code, pointer="/recipient_code")
    kind = choice_checked(ChildAllowanceAllocation.Kind, kind, pointer="/kind")
    start = _from_checked(from_month, applied_on)
    recipient = recipient_locked(municipality, recipient_code)
    current = _open(recipient, kind)
    if current is None:
        raise ChildAllowanceAllocationNone()
    if start <= current.from_month:
        raise DatesOutOfOrder(
            pointer="/from_month", message="変更の開始月は今の申出の開始月より後にしてください。"
        )
    if not withdraw:
        _amount_checked(recipient, monthly_amount)
    current.until_month = month_start(start - dt.timedelta(days=1))
    current.save(update_fields=["until_month"])
    _audit(actor, recipient, "child_allowance.allocation_change", withdrawn=withdraw)
    if withdraw:
        return current
    return _create(
        recipient, kind=kind, monthly_amount=monthly_amount, from_month=start, applied_on=applied_on
    )
