"""児童手当: 認定 (claim), 現況届, 額改定, and the monthly amounts of 児童手当法 第6条.

The amounts are those of the Act as amended by 令和6年法律第47号 (from the allowance for
2024年10月): no income limit, paid up to 高校生年代, 第3子以降 30,000円, with children up to
大学生年代 (22歳に達する日以後の最初の3月31日まで) counted for the 第n子 order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.dates import age_reached_on
from jichitai.departments.errors import (
    ChildAllowanceAlreadyCertified,
    ChildAllowanceChildCounted,
    ChildAllowanceChildNotCounted,
    ChildAllowanceNotCertified,
    ValueInvalid,
)
from jichitai.departments.models import (
    ChildAllowanceChild,
    ChildAllowanceIncomeDetermination,
    ChildAllowanceRecipient,
    ChildAllowanceRevision,
    ChildAllowanceStatusReport,
)
from jichitai.departments.services.checks import (
    code_checked,
    count_checked,
    fiscal_year_checked,
    month_start,
    next_month,
    order_checked,
    text_checked,
    yen_checked,
)
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality

PURPOSE = "児童手当法による児童手当の支給に関する事務"
RECIPIENT_OBJECT = "departments.ChildAllowanceRecipient"

# 児童手当法 第6条第1項 (令和6年10月から).
UNDER_THREE = 15_000
THREE_TO_HIGH_SCHOOL = 10_000
THIRD_CHILD_ON = 30_000
# At most this many children in one claim: far above any family, bounds the input.
MAX_CHILDREN = 20
# 児童手当法 第8条第3項・第9条第2項: a claim within 15 days of the event counts from it.
GRACE_DAYS = 15


@dataclass(frozen=True)
class ClaimedChild:
    """児童: the child's 符号 for 児童手当 and their birth date."""

    code: str
    birth_date: dt.date


@dataclass(frozen=True)
class ChildAmount:
    """One child's 第n子 order (None when not counted that month) and monthly amount."""

    birth_order: int | None
    monthly_amount: int


def _first_march_31_on_or_after(day: dt.date) -> dt.date:
    march_31 = dt.date(day.year, 3, 31)
    return march_31 if day <= march_31 else dt.date(day.year + 1, 3, 31)


def is_allowance_child(*, birth_date: dt.date, on: dt.date) -> bool:
    """児童 (児童手当法 第3条第1項): born by `on` and not past the 3月31日 after reaching 18."""
    return birth_date <= on <= _first_march_31_on_or_after(age_reached_on(birth_date, 18))


def child_allowance_amounts(*, birth_dates: Sequence[dt.date], month: dt.date) -> list[ChildAmount]:
    """児童手当の月額 (児童手当法 第6条) for `month` of each child, in the order given.

    - Counted for the 第n子 order, oldest first: children born by the end of the month and
      not past the 3月31日 after reaching 22 (大学生年代, 第6条第1項 as amended in 2024).
    - Paid: counted children not past the 3月31日 after reaching 18 (高校生年代, 第4条).
    - 第3子以降 30,000円; otherwise 15,000円 up to the month they reach 3 (3歳未満: born on
      the 1st, they reach 3 the month before their birthday) and 10,000円 after.
    """
    first_day = month_start(month)
    last_day = next_month(first_day) - dt.timedelta(days=1)
    counted = sorted(
        (
            index
            for index, birth in enumerate(birth_dates)
            if birth <= last_day
            and first_day <= _first_march_31_on_or_after(age_reached_on(birth, 22))
        ),
        key=lambda index: (birth_dates[index], index),
    )
    orders = {index: position for position, index in enumerate(counted, start=1)}
    amounts = []
    for index, birth in enumerate(birth_dates):
        order = orders.get(index)
        if order is None or first_day > _first_march_31_on_or_after(age_reached_on(birth, 18)):
            amounts.append(ChildAmount(birth_order=order, monthly_amount=0))
        elif order >= 3:
            amounts.append(ChildAmount(birth_order=order, monthly_amount=THIRD_CHILD_ON))
        elif first_day <= month_start(age_reached_on(birth, 3)):
            amounts.append(ChildAmount(birth_order=order, monthly_amount=UNDER_THREE))
        else:
            amounts.append(ChildAmount(birth_order=order, monthly_amount=THREE_TO_HIGH_SCHOOL))
    return amounts


def _start_month(*, claimed_on: dt.date, occurred_on: dt.date | None) -> dt.date:
    """支給・増額の始期 (第8条第2項・第3項, 第9条第2項): the month after the claim, or the
    month after the event when claimed within 15 days of it."""
    if occurred_on is not None and claimed_on <= occurred_on + dt.timedelta(days=GRACE_DAYS):
        return next_month(occurred_on)
    return next_month(claimed_on)


def _children_checked(
    children: Sequence[ClaimedChild], *, pointer: str, claimed_on: dt.date, minimum: int
) -> None:
    count_checked(len(children), pointer=pointer, low=minimum, high=MAX_CHILDREN)
    for index, child in enumerate(children):
        code_checked(child.code, pointer=f"{pointer}/{index}/code")
        order_checked(
            child.birth_date,
            claimed_on,
            pointer=f"{pointer}/{index}/birth_date",
            message="請求日より後に生まれた児童は対象にできません。",
        )
    if len({child.code for child in children}) != len(children):
        raise ValueInvalid(pointer=pointer, message="同じ児童が重複しています。")


def recipient_locked(municipality: Municipality, code: str) -> ChildAllowanceRecipient:
    """The certified recipient, row-locked. Raises ChildAllowanceNotCertified."""
    recipient = (
        ChildAllowanceRecipient.objects.select_for_update()
        .filter(
            municipality=municipality, code=code, status=ChildAllowanceRecipient.Status.CERTIFIED
        )
        .first()
    )
    if recipient is None:
        raise ChildAllowanceNotCertified()
    return recipient


def _children_add(
    recipient: ChildAllowanceRecipient, children: Sequence[ClaimedChild], *, added_on: dt.date
) -> None:
    codes = [child.code for child in children]
    if ChildAllowanceChild.objects.filter(
        municipality=recipient.municipality, code__in=codes, removed_on__isnull=True
    ).exists():
        raise ChildAllowanceChildCounted()
    try:
        # The partial unique index decides a race between two claims for the same child.
        with transaction.atomic():
            ChildAllowanceChild.objects.bulk_create(
                ChildAllowanceChild(
                    municipality=recipient.municipality,
                    recipient=recipient,
                    code=child.code,
                    birth_date=child.birth_date,
                    birth_order=0,
                    monthly_amount=0,
                    added_on=added_on,
                )
                for child in children
            )
    except IntegrityError:
        raise ChildAllowanceChildCounted() from None


def _amounts_apply(recipient: ChildAllowanceRecipient, *, month: dt.date) -> tuple[int, int]:
    """Set each counted child's 第n子 and monthly amount for `month`; the total and the
    number of children."""
    children = list(recipient.children.filter(removed_on__isnull=True).order_by("birth_date", "pk"))
    amounts = child_allowance_amounts(birth_dates=[c.birth_date for c in children], month=month)
    for child, amount in zip(children, amounts, strict=True):
        # 第n子 0: counted no longer (past 大学生年代) but still on the claim.
        child.birth_order = amount.birth_order or 0
        child.monthly_amount = amount.monthly_amount
    ChildAllowanceChild.objects.bulk_update(children, ["birth_order", "monthly_amount"])
    return sum(a.monthly_amount for a in amounts), len(children)


@transaction.atomic
def child_allowance_certify(
    *,
    municipality: Municipality,
    recipient_code: str,
    children: Sequence[ClaimedChild],
    claimed_on: dt.date,
    occurred_on: dt.date | None,
    certified_on: dt.date,
    income_fiscal_year: int,
    total_income: int,
    income_exchange_id: str,
    actor: StaffUser | None,
) -> ChildAllowanceRecipient:
    """児童手当の認定 (児童手当法 第7条) on a 認定請求: the recipient, the children, the
    monthly amounts from the 支給開始月, and the 生計中心者 determination by the income of
    `income_fiscal_year` that linkage exchange `income_exchange_id` supplied.

    `occurred_on` is the day of the birth or move that gave the right, when claimed within
    15 days of it (第8条第3項); None otherwise.
    Raises CodeInvalid, ValueInvalid, DatesOutOfOrder, ChildAllowanceAlreadyCertified,
    ChildAllowanceChildCounted.
    """
    code_checked(recipient_code, pointer="/recipient_code")
    _children_checked(children, pointer="/children", claimed_on=claimed_on, minimum=1)
    if occurred_on is not None:
        order_checked(
            occurred_on,
            claimed_on,
            pointer="/claimed_on",
            message="請求日は事由が生じた日より前にできません。",
        )
    order_checked(
        claimed_on,
        certified_on,
        pointer="/certified_on",
        message="認定日は請求日より前にできません。",
    )
    fiscal_year_checked(income_fiscal_year, pointer="/income_fiscal_year")
    yen_checked(total_income, pointer="/total_income")
    if income_exchange_id:
        text_checked(income_exchange_id, pointer="/income_exchange_id", max_length=64)
    if ChildAllowanceRecipient.objects.filter(
        municipality=municipality,
        code=recipient_code,
        status=ChildAllowanceRecipient.Status.CERTIFIED,
    ).exists():
        raise ChildAllowanceAlreadyCertified()
    start = _start_month(claimed_on=claimed_on, occurred_on=occurred_on)
    try:
        with transaction.atomic():
            recipient = ChildAllowanceRecipient.objects.create(
                municipality=municipality,
                code=recipient_code,
                status=ChildAllowanceRecipient.Status.CERTIFIED,
                claimed_on=claimed_on,
                certified_on=certified_on,
                payment_start_month=start,
            )
    except IntegrityError:
        raise ChildAllowanceAlreadyCertified() from None
    _children_add(recipient, children, added_on=claimed_on)
    total, count = _amounts_apply(recipient, month=start)
    if total == 0:
        raise ValueInvalid(
            pointer="/children",
            message="支給の対象となる児童（高校生年代まで）がいません。",
        )
    ChildAllowanceRevision.objects.create(
        municipality=municipality,
        recipient=recipient,
        kind=ChildAllowanceRevision.Kind.CERTIFICATION,
        occurred_on=occurred_on or claimed_on,
        effective_month=start,
        monthly_total=total,
        children_count=count,
        recorded_at=timezone.now(),
    )
    ChildAllowanceIncomeDetermination.objects.create(
        municipality=municipality,
        recipient=recipient,
        determined_on=certified_on,
        fiscal_year=income_fiscal_year,
        total_income=total_income,
        income_exchange_id=income_exchange_id,
    )
    audit_record(
        actor=actor,
        action="child_allowance.certify",
        municipality_code=municipality.pk,
        object_type=RECIPIENT_OBJECT,
        object_id=recipient.pk,
        purpose=PURPOSE,
        detail={"children": count, "income_by_linkage": bool(income_exchange_id)},
    )
    return recipient


@transaction.atomic
def child_allowance_status_report(
    *,
    municipality: Municipality,
    recipient_code: str,
    reported_on: dt.date,
    children_count: int,
    actor: StaffUser | None,
) -> ChildAllowanceStatusReport:
    """現況届の受理 (児童手当法施行規則 第4条): the recipient still raises `children_count`
    children. Raises CodeInvalid, ValueInvalid, DatesOutOfOrder, ChildAllowanceNotCertified.
    """
    code_checked(recipient_code, pointer="/recipient_code")
    count_checked(children_count, pointer="/children_count", low=1, high=MAX_CHILDREN)
    recipient = recipient_locked(municipality, recipient_code)
    order_checked(
        recipient.certified_on,
        reported_on,
        pointer="/reported_on",
        message="届出日は認定日より前にできません。",
    )
    report = ChildAllowanceStatusReport.objects.create(
        municipality=municipality,
        recipient=recipient,
        reported_on=reported_on,
        children_count=children_count,
    )
    audit_record(
        actor=actor,
        action="child_allowance.status_report",
        municipality_code=municipality.pk,
        object_type=RECIPIENT_OBJECT,
        object_id=recipient.pk,
        purpose=PURPOSE,
        detail={"children": children_count},
    )
    return report


@transaction.atomic
def child_allowance_revise(
    *,
    municipality: Municipality,
    recipient_code: str,
    occurred_on: dt.date,
    claimed_on: dt.date,
    added_children: Sequence[ClaimedChild] = (),
    removed_child_codes: Sequence[str] = (),
    actor: StaffUser | None,
) -> ChildAllowanceRevision:
    """児童手当の額の改定 (児童手当法 第9条): children added (増額, on a 額改定請求, from the
    month after the claim or after the event when claimed within 15 days) and/or removed (減額,
    from the month after the event). When no child is paid for any more, the 受給資格 ends
    (消滅) on `occurred_on`.
    Raises CodeInvalid, ValueInvalid, DatesOutOfOrder, ChildAllowanceNotCertified,
    ChildAllowanceChildCounted, ChildAllowanceChildNotCounted.
    """
    code_checked(recipient_code, pointer="/recipient_code")
    _children_checked(added_children, pointer="/added_children", claimed_on=claimed_on, minimum=0)
    count_checked(
        len(removed_child_codes), pointer="/removed_child_codes", low=0, high=MAX_CHILDREN
    )
    for index, removed in enumerate(removed_child_codes):
        code_checked(removed, pointer=f"/removed_child_codes/{index}")
    if not added_children and not removed_child_codes:
        raise ValueInvalid(
            pointer="/added_children", message="対象となる児童の増減を指定してください。"
        )
    order_checked(
        occurred_on,
        claimed_on,
        pointer="/claimed_on",
        message="請求日は事由が生じた日より前にできません。",
    )
    recipient = recipient_locked(municipality, recipient_code)
    order_checked(
        recipient.certified_on,
        occurred_on,
        pointer="/occurred_on",
        message="事由が生じた日は認定日より前にできません。",
    )
    if removed_child_codes:
        removed_count = recipient.children.filter(
            code__in=removed_child_codes, removed_on__isnull=True
        ).update(removed_on=occurred_on)
        if removed_count != len(set(removed_child_codes)):
            raise ChildAllowanceChildNotCounted()
    if added_children:
        _children_add(recipient, added_children, added_on=occurred_on)
        kind = ChildAllowanceRevision.Kind.INCREASE
        effective = _start_month(claimed_on=claimed_on, occurred_on=occurred_on)
    else:
        kind = ChildAllowanceRevision.Kind.DECREASE
        effective = next_month(occurred_on)
    total, count = _amounts_apply(recipient, month=effective)
    revision = ChildAllowanceRevision.objects.create(
        municipality=municipality,
        recipient=recipient,
        kind=kind,
        occurred_on=occurred_on,
        effective_month=effective,
        monthly_total=total,
        children_count=count,
        recorded_at=timezone.now(),
    )
    ended = total == 0
    if ended:
        recipient_close(
            recipient, ended_on=occurred_on, reason=ChildAllowanceRecipient.EndReason.NO_CHILDREN
        )
    audit_record(
        actor=actor,
        action="child_allowance.revise",
        municipality_code=municipality.pk,
        object_type=RECIPIENT_OBJECT,
        object_id=recipient.pk,
        purpose=PURPOSE,
        detail={
            "added": len(added_children),
            "removed": len(removed_child_codes),
            "children": count,
            "ended": ended,
        },
    )
    return revision


def recipient_close(
    recipient: ChildAllowanceRecipient,
    *,
    ended_on: dt.date,
    reason: ChildAllowanceRecipient.EndReason,
) -> None:
    """The locked recipient ends (消滅) on `ended_on` for `reason`, and so does every child
    counted for them: a child counted for an ended recipient could be claimed by no one else
    (児童手当法 第4条, the partial unique index)."""
    recipient.status = ChildAllowanceRecipient.Status.ENDED
    recipient.ended_on = ended_on
    recipient.end_reason = reason
    recipient.save(update_fields=["status", "ended_on", "end_reason"])
    recipient.children.filter(removed_on__isnull=True).update(removed_on=ended_on)


@transaction.atomic
def child_allowance_end(
    *,
    municipality: Municipality,
    recipient_code: str,
    ended_on: dt.date,
    reason: ChildAllowanceRecipient.EndReason,
    actor: StaffUser | None,
) -> ChildAllowanceRecipient:
    """受給資格の消滅: the recipient no longer lives here (転出, 死亡) from `ended_on`; the
    allowance is paid up to the month of that day (児童手当法 第8条第2項), and a 転出 claims
    it anew at the new municipality. After a 死亡 (`reason`), what was not yet paid goes to
    the children on their claim (未支払の児童手当, 第12条).
    Raises CodeInvalid, ChildAllowanceNotCertified, DatesOutOfOrder."""
    code_checked(recipient_code, pointer="/recipient_code")
    recipient = recipient_locked(municipality, recipient_code)
    order_checked(
        recipient.certified_on,
        ended_on,
        pointer="/ended_on",
        message="消滅日は認定日より前にできません。",
    )
    recipient_close(recipient, ended_on=ended_on, reason=reason)
    audit_record(
        actor=actor,
        action="child_allowance.end",
        municipality_code=municipality.pk,
        object_type=RECIPIENT_OBJECT,
        object_id=recipient.pk,
        purpose=PURPOSE,
    )
    return recipient
