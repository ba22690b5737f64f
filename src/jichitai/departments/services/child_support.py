"""児童扶養手当: the 認定 of a recipient and the yearly 現況届 sent ahead online."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from jichitai.audit.services import audit_record
from jichitai.departments.errors import (
    ChildSupportAlreadyCertified,
    ChildSupportNotCertified,
    ChildSupportReportSent,
    ValueInvalid,
)
from jichitai.departments.models import ChildSupportRecipient, ChildSupportStatusReport
from jichitai.departments.services.checks import code_checked, count_checked, yen_checked
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality

PURPOSE = "児童扶養手当法による児童扶養手当の支給に関する事務"
RECIPIENT_OBJECT = "departments.ChildSupportRecipient"
MAX_CHILDREN = 20


@transaction.atomic
def child_support_certify(
    *, municipality: Municipality, code: str, certified_on: dt.date, actor: StaffUser | None
) -> ChildSupportRecipient:
    """児童扶養手当の認定 (児童扶養手当法 第6条). Raises CodeInvalid,
    ChildSupportAlreadyCertified."""
    code_checked(code, pointer="/code")
    try:
        with transaction.atomic():
            recipient = ChildSupportRecipient.objects.create(
                municipality=municipality,
                code=code,
                status=ChildSupportRecipient.Status.CERTIFIED,
                certified_on=certified_on,
            )
    except IntegrityError:
        raise ChildSupportAlreadyCertified() from None
    audit_record(
        actor=actor,
        action="child_support.certify",
        municipality_code=municipality.pk,
        object_type=RECIPIENT_OBJECT,
        object_id=recipient.pk,
        purpose=PURPOSE,
    )
    return recipient


@transaction.atomic
def child_support_status_presend(
    *,
    municipality: Municipality,
    code: str,
    sent_on: dt.date,
    children_count: int,
    support_received: int,
    actor: StaffUser | None,
) -> ChildSupportStatusReport:
    """現況届の事前送信 (児童扶養手当法 第28条): the certified recipient's facts for the year
    of `sent_on`, recorded before the 面談 at the counter completes the report; one a year.
    Raises CodeInvalid, ValueInvalid, ChildSupportNotCertified, ChildSupportReportSent."""
    code_checked(code, pointer="/code")
    count_checked(children_count, pointer="/children_count", low=1, high=MAX_CHILDREN)
    yen_checked(support_received, pointer="/support_received")
    recipient = (
        ChildSupportRecipient.objects.select_for_update()
        .filter(municipality=municipality, code=code, status=ChildSupportRecipient.Status.CERTIFIED)
        .first()
    )
    if recipient is None:
        raise ChildSupportNotCertified()
    if sent_on < recipient.certified_on:
        raise ValueInvalid(pointer="/sent_on", message="送信日は認定日より前にできません。")
    try:
        with transaction.atomic():
            report = ChildSupportStatusReport.objects.create(
                municipality=municipality,
                recipient=recipient,
                year=sent_on.year,
                sent_on=sent_on,
                children_count=children_count,
                support_received=support_received,
            )
    except IntegrityError:
        raise ChildSupportReportSent() from None
    audit_record(
        actor=actor,
        action="child_support.status_presend",
        municipality_code=municipality.pk,
        object_type=RECIPIENT_OBJECT,
        object_id=recipient.pk,
        purpose=PURPOSE,
        detail={"children": children_count},
    )
    return report
