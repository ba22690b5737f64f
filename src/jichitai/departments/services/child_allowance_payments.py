"""児童手当の支払 (児童手当法 第8条第4項) and 未支払の児童手当 (第12条).

The monthly total of a month is that of the latest 額の改定 in force then
(`ChildAllowanceRevision.effective_month`); a recipient is owed every month from the
支給開始月 up to the month their right ended (第8条第2項). What a 支払月 paid is kept per
recipient, so what remains unpaid at a death is known and goes to the children on their claim.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

from jichitai.audit.services import audit_record
from jichitai.common.exceptions import DomainError
from jichitai.departments.errors import (
    ChildAllowanceUnpaidNone,
    ChildAllowanceUnpaidPaid,
    ValueInvalid,
)
from jichitai.departments.models import (
    ChildAllowanceChild,
    ChildAllowancePayment,
    ChildAllowanceRecipient,
    ChildAllowanceUnpaidPayment,
)
from jichitai.departments.services.checks import (
    code_checked,
    count_checked,
    month_start,
    next_month,
    order_checked,
)
from jichitai.departments.services.child_allowance import (
    MAX_CHILDREN,
    PURPOSE,
    RECIPIENT_OBJECT,
    recipient_locked,
)
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality

# 第8条第4項 (令和6年10月から): 2月・4月・6月・8月・10月・12月, each paying the months before it.
PAYMENT_MONTHS = frozenset({2, 4, 6, 8, 10, 12})


@dataclass(frozen=True)
class MonthsOwed:
    """Months owed and not yet paid, oldest first, with the amount of each."""

    months: tuple[tuple[dt.date, int], ...]

    @property
    def total(self) -> int:
        return sum(amount for _, amount in self.months)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def _monthly_total(recipient: ChildAllowanceRecipient, month: dt.date) -> int:
    revision = (
        recipient.revisions.filter(effective_month__lte=month)
        .order_by("-effective_month", "-recorded_at", "-pk")
        .first()
    )
    return revision.monthly_total if revision is not None else 0


def child_allowance_months_owed(
    recipient: ChildAllowanceRecipient, *, through: dt.date
) -> MonthsOwed:
    """The months from the 支給開始月 through `through`'s month (and not after the month the
    right ended) that no payment covered, with their monthly totals."""
    last = month_start(through)
    if recipient.ended_on is not None:
        last = min(last, month_start(recipient.ended_on))
    paid: set[dt.date] = set()
    for first_month, last_month in recipient.payments.values_list("first_month", "last_month"):
        paid.update(_months(first_month, last_month))
    for first_month, last_month in recipient.unpaid_payments.values_list(
        "first_month", "last_month"
    ):
        paid.update(_months(first_month, last_month))
    owed = (
        (month, _monthly_total(recipient, month))
        for month in _months(recipient.payment_start_month, last)
        if month not in paid
    )
    return MonthsOwed(months=tuple((month, amount) for month, amount in owed if amount > 0))


@transaction.atomic
def child_allowance_payment_record(
    *,
    municipality: Municipality,
    recipient_code: str,
    payment_month: dt.date,
    paid_on: dt.date,
    actor: StaffUser | None,
) -> ChildAllowancePayment:
    """The 支払月's payment to a certified recipient: every month owed before `payment_month`
    (第8条第4項). Raises CodeInvalid, ValueInvalid (not a 支払月, or nothing owed),
    DatesOutOfOrder, ChildAllowanceNotCertified."""
    code_checked(recipient_code, pointer="/recipient_code")
    payment_month = _payment_month_checked(payment_month, paid_on)
    recipient = recipient_locked(municipality, recipient_code)
    owed = child_allowance_months_owed(recipient, through=payment_month - dt.timedelta(days=1))
    if not owed.months:
        raise ValueInvalid(pointer="/payment_month", message="この支払月に支払う月分はありません。")
    payment = ChildAllowancePayment.objects.create(
        municipality=municipality,
        recipient=recipient,
        payment_month=payment_month,
        first_month=owed.months[0][0],
        last_month=owed.months[-1][0],
        amount=owed.total,
        paid_on=paid_on,
    )
    audit_record(
        actor=actor,
        action="child_allowance.payment_record",
        municipality_code=municipality.pk,
        object_type=RECIPIENT_OBJECT,
        object_id=recipient.pk,
        purpose=PURPOSE,
        detail={"months": len(owed.months)},
    )
    return payment


def _payment_month_only(payment_month: dt.date) -> dt.date:
    payment_month = month_start(payment_month)
    if payment_month.month not in PAYMENT_MONTHS:
        raise ValueInvalid(
            pointer="/payment_month", message="支払月は偶数月（2月・4月…12月）です。"
        )
    return payment_month


def _payment_month_checked(payment_month: dt.date, paid_on: dt.date) -> dt.date:
    payment_month = _payment_month_only(payment_month)
    order_checked(
        payment_month, paid_on, pointer="/paid_on", message="支払日は支払月より前にできません。"
    )
    return payment_month


@dataclass(frozen=True)
class PaymentRefusal:
    """A recipient the run could not pay: their 符号 (never a name) and why, in Japanese."""

    recipient_code: str
    reason: str


@dataclass(frozen=True)
class PaymentRun:
    """What a 支払月's run did: the payments it recorded, the recipients it found already
    paid for that 支払月 (an earlier run), those owed nothing, and those refused."""

    payment_month: dt.date
    paid: tuple[ChildAllowancePayment, ...]
    already_paid: int
    nothing_owed: int
    refused: tuple[PaymentRefusal, ...]

    @property
    def total(self) -> int:
        return sum(payment.amount for payment in self.paid)


def _run_candidates(municipality: Municipality) -> list[ChildAllowanceRecipient]:
    """Every certified recipient. A death's months go to the children on their claim (第12条,
    `child_allowance_unpaid_pay`); a recipient whose right ended otherwise (転出, 消滅) and is
    still owed the months up to the end is not paid by the run (`child_allowance_payment_record`
    pays certified recipients only) — docs/procedures.md says so."""
    return list(
        ChildAllowanceRecipient.objects.filter(
            municipality=municipality, status=ChildAllowanceRecipient.Status.CERTIFIED
        ).order_by("pk")
    )


def child_allowance_payment_run(
    *,
    municipality: Municipality,
    payment_month: dt.date,
    paid_on: dt.date,
    actor: StaffUser | None,
    progress: Callable[[int, int], None] | None = None,
) -> PaymentRun:
    """支払月の支払 (児童手当法 第8条第4項) for every recipient of the municipality: each
    owed recipient's payment is recorded (`child_allowance_payment_record`, in its own
    transaction, so a run stopped half-way keeps what it paid and a second run pays only the
    rest). Running it again pays no one twice: a recipient already paid in this 支払月 is
    counted, not paid (and the constraint `child_allowance_payment_once_a_month` stops a
    concurrent run). `progress(done, total)` is called after each recipient.
    Raises ValueInvalid (not a 支払月), DatesOutOfOrder (支払日 before it) before paying anyone.
    """
    payment_month = _payment_month_checked(payment_month, paid_on)
    through = payment_month - dt.timedelta(days=1)
    candidates = _run_candidates(municipality)
    paid_before = set(
        ChildAllowancePayment.objects.filter(
            municipality=municipality, payment_month=payment_month
        ).values_list("recipient_id", flat=True)
    )
    paid: list[ChildAllowancePayment] = []
    refused: list[PaymentRefusal] = []
    already_paid = nothing_owed = 0
    for done, recipient in enumerate(candidates, start=1):
        if recipient.pk in paid_before:
            already_paid += 1
        elif not child_allowance_months_owed(recipient, through=through).months:
            nothing_owed += 1
        else:
            try:
                paid.append(
                    child_allowance_payment_record(
                        municipality=municipality,
                        recipient_code=recipient.code,
                        payment_month=payment_month,
                        paid_on=paid_on,
                        actor=actor,
                    )
                )
            except IntegrityError:
                # Another run paid them between our look and our write.
                already_paid += 1
            except DomainError as error:
                refused.append(PaymentRefusal(recipient_code=recipient.code, reason=error.detail))
        if progress is not None:
            progress(done, len(candidates))
    run = PaymentRun(
        payment_month=payment_month,
        paid=tuple(paid),
        already_paid=already_paid,
        nothing_owed=nothing_owed,
        refused=tuple(refused),
    )
    audit_record(
        actor=actor,
        action="child_allowance.payment_run",
        municipality_code=municipality.pk,
        object_type="departments.ChildAllowancePayment",
        purpose=PURPOSE,
        detail={
            "paid": len(run.paid),
            "already_paid": run.already_paid,
            "nothing_owed": run.nothing_owed,
            "refused": len(run.refused),
        },
    )
    return run


def child_allowance_payments_export(
    *, municipality: Municipality, payment_month: dt.date, actor: StaffUser | None
) -> list[ChildAllowancePayment]:
    """支払月の支払の一覧 (for the 振込 and the accounts): the payments recorded for the
    支払月 of `payment_month`, in the recipients' order; the read is audited (it lists who is
    paid what). Raises ValueInvalid (not a 支払月)."""
    payment_month = _payment_month_only(payment_month)
    payments = list(
        ChildAllowancePayment.objects.filter(municipality=municipality, payment_month=payment_month)
        .select_related("recipient")
        .order_by("recipient_id")
    )
    audit_record(
        actor=actor,
        action="child_allowance.payment_export",
        municipality_code=municipality.pk,
        object_type="departments.ChildAllowancePayment",
        purpose=PURPOSE,
        detail={"payments": len(payments)},
    )
    return payments


def _deceased_recipient_of(
    municipality: Municipality, child_codes: Sequence[str]
) -> ChildAllowanceRecipient:
    """The recipient who died while counting every one of these children, locked."""
    recipient_ids = set(
        ChildAllowanceChild.objects.filter(
            municipality=municipality,
            code__in=child_codes,
            recipient__status=ChildAllowanceRecipient.Status.ENDED,
            recipient__end_reason=ChildAllowanceRecipient.EndReason.DEATH,
            # Counted up to the death, not a child who had left the claim before it.
            removed_on=F("recipient__ended_on"),
        ).values_list("recipient_id", flat=True)
    )
    for recipient_id in sorted(recipient_ids, reverse=True):
        counted = set(
            ChildAllowanceChild.objects.filter(
                recipient_id=recipient_id, code__in=child_codes
            ).values_list("code", flat=True)
        )
        if counted == set(child_codes):
            return ChildAllowanceRecipient.objects.select_for_update().get(pk=recipient_id)
    raise ChildAllowanceUnpaidNone()


@transaction.atomic
def child_allowance_unpaid_pay(
    *,
    municipality: Municipality,
    child_codes: Sequence[str],
    claimed_on: dt.date,
    decided_on: dt.date,
    actor: StaffUser | None,
) -> list[ChildAllowanceUnpaidPayment]:
    """未支払の児童手当 (児童手当法 第12条): when a recipient dies owing months not yet paid,
    they are paid to the children who were counted for them, on the children's claim (made by
    whoever now raises them). The children named share the amount equally (the first named
    takes the yen that do not divide). One claim per deceased recipient.
    Raises CodeInvalid, ValueInvalid, DatesOutOfOrder, ChildAllowanceUnpaidNone,
    ChildAllowanceUnpaidPaid."""
    count_checked(len(child_codes), pointer="/children", low=1, high=MAX_CHILDREN)
    for index, code in enumerate(child_codes):
        code_checked(code, pointer=f"/children/{index}/code")
    if len(set(child_codes)) != len(child_codes):
        raise ValueInvalid(pointer="/children", message="同じ児童が重複しています。")
    order_checked(
        claimed_on, decided_on, pointer="/decided_on", message="決定日は請求日より前にできません。"
    )
    recipient = _deceased_recipient_of(municipality, child_codes)
    if recipient.unpaid_payments.exists():
        raise ChildAllowanceUnpaidPaid()
    if recipient.ended_on is None:  # never for one ended by death; keeps the type exact
        raise ChildAllowanceUnpaidNone()
    owed = child_allowance_months_owed(recipient, through=recipient.ended_on)
    if not owed.months:
        raise ChildAllowanceUnpaidNone()
    share, rest = divmod(owed.total, len(child_codes))
    payments = ChildAllowanceUnpaidPayment.objects.bulk_create(
        ChildAllowanceUnpaidPayment(
            municipality=municipality,
            recipient=recipient,
            claimant_code=code,
            claimed_on=claimed_on,
            first_month=owed.months[0][0],
            last_month=owed.months[-1][0],
            amount=share + (rest if index == 0 else 0),
            paid_on=decided_on,
        )
        for index, code in enumerate(child_codes)
    )
    audit_record(
        actor=actor,
        action="child_allowance.unpaid_pay",
        municipality_code=municipality.pk,
        object_type=RECIPIENT_OBJECT,
        object_id=recipient.pk,
        purpose=PURPOSE,
        detail={"children": len(child_codes), "months": len(owed.months)},
    )
    return payments
