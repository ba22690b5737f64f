"""還付・充当 (refunds): deciding each 還付候補 and paying the refunds out through the bank.

A 還付候補 is the part of a payment that no invoice keeps: the rest of an overpayment, a
duplicate payment, a payment on a cancelled or replaced invoice (Payment.refund), or an
exception staff marked for refund (ExceptionResolution.refund). Staff decide each once
(RefundDecision): 充当 to another open invoice of the same payer first when they choose it
(地方税法 第17条の2: a refund is applied to what the payer still owes), the rest 還付 to the
payer's account. A payout (RefundPayout) gathers every refund decided and not yet paid into one
全銀 総合振込 file (zengin.py). Every step is one transaction with its audit record; the
account itself (personal data) is never written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.actors import Actor
from jichitai.payments.errors import (
    InvoiceClosed,
    PayoutEmpty,
    RefundAccountInvalid,
    RefundNotCandidate,
    RefundOffsetInvalid,
)
from jichitai.payments.models import (
    ExceptionResolution,
    Invoice,
    Outcome,
    Payment,
    RefundDecision,
    RefundPayout,
    RefundPayoutLine,
)
from jichitai.payments.selectors import invoice_states
from jichitai.payments.zengin import Requester, Transfer, kana_field, transfer_file
from jichitai.tenants.models import Municipality


@dataclass(frozen=True)
class Account:
    """振込先口座 as the payer gave it in the 還付請求 (digits as typed; the name in カナ)."""

    bank_code: str
    branch_code: str
    account_type: str
    account_number: str
    name: str

    def checked(self) -> Account:
        """The account in the form the bank file takes; RefundAccountInvalid otherwise."""
        name = kana_field(self.name)
        if (
            not re.fullmatch(r"\d{4}", self.bank_code)
            or not re.fullmatch(r"\d{3}", self.branch_code)
            or self.account_type not in RefundDecision.AccountType.values
            or not re.fullmatch(r"\d{1,7}", self.account_number)
            or not name
            or len(name) > 30
        ):
            raise RefundAccountInvalid()
        return Account(
            self.bank_code, self.branch_code, self.account_type, self.account_number.zfill(7), name
        )


def _resolution_refund() -> Subquery:
    return Subquery(
        ExceptionResolution.objects.filter(payment=OuterRef("pk")).values("refund")[:1],
        output_field=IntegerField(),
    )


def refund_candidates(*, municipality: Municipality) -> QuerySet[Payment]:
    """還付候補 not decided yet, oldest first; each payment carries `candidate` (yen)."""
    return (
        Payment.objects.filter(municipality=municipality, refund_decisions__isnull=True)
        # Only the few payments that can hold a candidate reach the subquery (a municipality
        # has millions of payments, almost all applied in full).
        .filter(Q(refund__gt=0) | Q(outcome=Outcome.UNKNOWN))
        .annotate(candidate=F("refund") + Coalesce(_resolution_refund(), Value(0)))
        .filter(candidate__gt=0)
        .select_related("invoice")
        .order_by("paid_on", "pk")
    )


def refund_candidate_amount(payment: Payment) -> int:
    resolved = (
        ExceptionResolution.objects.filter(payment=payment).aggregate(r=Sum("refund"))["r"] or 0
    )
    return payment.refund + resolved


def offset_targets(*, payment: Payment) -> list[tuple[Invoice, int]]:
    """Open invoices of the payment's payer with a balance (充当先 candidates), oldest due
    first. The payer is the one of the invoice the payment named; an exception has none."""
    payer = payment.invoice
    if payer is None:
        return []
    same = Invoice.objects.filter(municipality=payment.municipality).exclude(pk=payer.pk)
    if payer.payer_resident_code:
        same = same.filter(payer_resident_code=payer.payer_resident_code)
    elif payer.payer_code:
        same = same.filter(payer_code=payer.payer_code)
    else:
        return []
    invoices = list(same.order_by("due_on", "pk")[:50])
    states = invoice_states(i.pk for i in invoices)
    return [
        (i, states[i.pk].balance)
        for i in invoices
        if not states[i.pk].closed and states[i.pk].balance > 0
    ]


def _actor_name(actor: Actor | None) -> str:
    return actor.get_username() if actor is not None else "system"


@transaction.atomic
def refund_decide(
    *,
    municipality: Municipality,
    payment_id: int,
    offset_invoice_id: int | None,
    account: Account | None,
    actor: Actor | None,
) -> RefundDecision:
    """還付・充当の決定 for one payment's 還付候補: with `offset_invoice_id`, 充当 to that open
    invoice of the same payer up to its balance; whatever is left is refunded to `account`.

    Raises RefundNotCandidate (nothing to refund, or decided already), RefundOffsetInvalid (not
    an open invoice of the same payer), RefundAccountInvalid (a refund without a valid account).
    """
    payment = (
        Payment.objects.select_for_update().filter(municipality=municipality, pk=payment_id).first()
    )
    if payment is None or RefundDecision.objects.filter(payment=payment).exists():
        raise RefundNotCandidate()
    amount = refund_candidate_amount(payment)
    if amount <= 0:
        raise RefundNotCandidate()
    applied = 0
    target = None
    if offset_invoice_id is not None:
        balances = dict((i.pk, b) for i, b in offset_targets(payment=payment))
        if offset_invoice_id not in balances:
            raise RefundOffsetInvalid()
        # Lock the target as every balance-changing service does (services._open_invoice).
        target = Invoice.objects.select_for_update().get(pk=offset_invoice_id)
        state = invoice_states([target.pk])[target.pk]
        if state.closed:
            raise InvoiceClosed()
        applied = min(state.balance, amount)
    refund = amount - applied
    checked = account.checked() if refund > 0 and account is not None else None
    if refund > 0 and checked is None:
        raise RefundAccountInvalid()
    decision = RefundDecision.objects.create(
        municipality=municipality,
        payment=payment,
        decision=(
            RefundDecision.Decision.OFFSET if target is not None else RefundDecision.Decision.REFUND
        ),
        amount=amount,
        invoice=target,
        applied=applied,
        refund=refund,
        bank_code=checked.bank_code if checked else "",
        branch_code=checked.branch_code if checked else "",
        account_type=checked.account_type if checked else "",
        account_number=checked.account_number if checked else "",
        account_name=checked.name if checked else "",
        decided_at=timezone.now(),
        decided_by=_actor_name(actor),
    )
    audit_record(
        actor=actor,
        action="payments.refund_decide",
        municipality_code=municipality.lg_code,
        object_type="payment",
        object_id=payment.pk,
        detail={
            "amount": amount,
            "offset": applied,
            "offset_invoice": target.pk if target is not None else None,
            "refund": refund,
        },
    )
    return decision


def refunds_unpaid(*, municipality: Municipality) -> QuerySet[RefundDecision]:
    """Refunds decided and not yet in a payout, oldest first."""
    return RefundDecision.objects.filter(
        municipality=municipality, refund__gt=0, payout_lines__isnull=True
    ).order_by("decided_at", "pk")


@transaction.atomic
def refund_payout_create(
    *, municipality: Municipality, requester: Requester, transfer_on: dt.date, actor: Actor | None
) -> RefundPayout:
    """還付の支出: one payout of every refund decided and not yet paid (each paid once: the
    unique key of RefundPayoutLine). Raises PayoutEmpty, RefundAccountInvalid (the paying
    account)."""
    name = kana_field(requester.name)
    if not name or len(name) > 40:
        raise RefundAccountInvalid()
    checked = Account(
        requester.bank_code,
        requester.branch_code,
        requester.account_type,
        requester.account_number,
        name,
    ).checked()
    if not re.fullmatch(r"\d{1,10}", requester.code):
        raise RefundAccountInvalid()
    decisions = list(
        refunds_unpaid(municipality=municipality).select_for_update(of=("self",)).order_by("pk")
    )
    if not decisions:
        raise PayoutEmpty()
    payout = RefundPayout.objects.create(
        municipality=municipality,
        transfer_on=transfer_on,
        requester_code=requester.code.zfill(10),
        requester_name=name,
        bank_code=checked.bank_code,
        branch_code=checked.branch_code,
        account_type=checked.account_type,
        account_number=checked.account_number,
        record_count=len(decisions),
        total_amount=sum(d.refund for d in decisions),
        created_at=timezone.now(),
        created_by=_actor_name(actor),
    )
    RefundPayoutLine.objects.bulk_create(
        RefundPayoutLine(municipality=municipality, payout=payout, decision=d, amount=d.refund)
        for d in decisions
    )
    audit_record(
        actor=actor,
        action="payments.refund_payout",
        municipality_code=municipality.lg_code,
        object_type="refund_payout",
        object_id=payout.pk,
        detail={"count": payout.record_count, "total": payout.total_amount},
    )
    return payout


def refund_payouts(*, municipality: Municipality) -> QuerySet[RefundPayout]:
    return RefundPayout.objects.filter(municipality=municipality).order_by("-created_at", "-pk")


def refund_payout_get(*, municipality: Municipality, pk: int) -> RefundPayout | None:
    return RefundPayout.objects.filter(municipality=municipality, pk=pk).first()


def refund_payout_file(*, payout: RefundPayout, actor: Actor | None) -> bytes:
    """The payout's 総合振込 file, the same bytes each time (the payees' accounts: the read is
    audited)."""
    municipality = payout.municipality
    lines = payout.lines.select_related("decision").order_by("pk")
    audit_record(
        actor=actor,
        action="payments.refund_payout_read",
        municipality_code=municipality.lg_code,
        object_type="refund_payout",
        object_id=payout.pk,
    )
    requester = Requester(
        payout.requester_code,
        payout.requester_name,
        payout.bank_code,
        payout.branch_code,
        payout.account_type,
        payout.account_number,
    )
    return transfer_file(
        requester,
        payout.transfer_on,
        (
            Transfer(
                bank_code=line.decision.bank_code,
                branch_code=line.decision.branch_code,
                account_type=line.decision.account_type,
                account_number=line.decision.account_number,
                name=line.decision.account_name,
                amount=line.amount,
                customer_code=line.decision.pk,
            )
            for line in lines
        ),
    )
