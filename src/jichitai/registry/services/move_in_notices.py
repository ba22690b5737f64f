"""転入通知 entered by hand (doc/j680.txt §4.1.3.1.1) and the people whose 転入通知 has not come
(doc/j710.txt §4.1.3.1.4).

§4.1.3.1.1: 「既に行った転出処理について、転入通知を受理した場合、転出予定年月日が到来して
いるかどうかにかかわらず、除票固有の記載事項として転入通知日、転出先住所（確定）及び転出年月日
（確定）を入力できること。その際、転出処理において入力した転出先住所（予定）及び異動日（すなわち
転出予定年月日）は上書きせず、新たに入力した情報とともに保持すること。また、実態調査等により
住民票を職権で消除した者について、転入通知を受理した場合の入力ができること。」 The 確定 values
are a 転出確定 異動 of their own (its 通知日 the 転入通知日), so the 転出's row keeps the 予定.

§4.1.3.1.4: 「国内転出で消除したが、転入地市区町村からの転入通知がない場合、転入通知未着照会書
及び転入通知未着者一覧を作成できること。（職権消除した場合についても、転入通知未着者一覧を作成
できること。）」
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from jichitai.common.exceptions import RuleViolation
from jichitai.common.postal import postal_code_for_address
from jichitai.identity.models import StaffUser
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.errors import move_in_overlaps
from jichitai.registry.models import Change, ChangeType, Resident, ResidentHistory, ResidentStatus
from jichitai.registry.services.recording import (
    ChangeCircumstances,
    change_audit,
    change_open,
    dates_check,
    history_write,
    residents_lock,
)
from jichitai.registry.services.removals import planned_records_close
from jichitai.tenants.models import Municipality

# Removals a 転入通知 may answer: a 国内転出, and a 職権消除 (実態調査).
NOTICE_REMOVALS = (ChangeType.MOVE_OUT, ChangeType.EX_OFFICIO_REMOVAL)
# Days after the 転出 before a missing 転入通知 is listed, unless the clerk asks otherwise.
MISSING_AFTER_DAYS = 30
MAX_MISSING_AFTER_DAYS = 3650


def _removal_row(resident: Resident) -> ResidentHistory:
    """The row of the person's latest 国内転出 or 職権消除 (its change still standing)."""
    row = (
        ResidentHistory.objects.filter(resident=resident, change__change_type__in=NOTICE_REMOVALS)
        .select_related("change")
        .order_by("-history_number")
        .first()
    )
    if row is None or resident.removal_reason not in NOTICE_REMOVALS:
        raise RuleViolation.for_field(
            "/resident_id",
            RegistryErrorCode.MOVE_IN_NOTICE_NOT_MOVED_OUT,
            "転入通知を入力できるのは、国内転出又は職権消除した人だけです。",
        )
    return row


@transaction.atomic
def move_in_notice_enter(
    *,
    municipality: Municipality,
    resident_id: int,
    informed_on: dt.date,
    moved_out_on: dt.date,
    moving_to_address: str,
    actor: StaffUser | None,
) -> Change:
    """転入通知の受理 typed in from a paper or CS 転入通知: 転入通知日 (`informed_on`, the
    change's 通知日), 転出先住所（確定） and 転出年月日（確定）, before or after the 転出予定日; a
    planned 転出 whose 確定 day has come closes the record. Raises ResidentNotFound,
    RuleViolation (no 転出 or 職権消除, dates, empty address, a day before a later 異動)."""
    (resident,) = residents_lock(municipality=municipality, resident_ids=[resident_id])
    removal = _removal_row(resident)
    dates_check(
        effective_on=moved_out_on,
        notified_on=None,
        allow_future=resident.status == ResidentStatus.ACTIVE,
        not_before=[resident.birth_date],
    )
    if not moving_to_address.strip():
        raise RuleViolation.for_field(
            "/moving_to_address",
            RegistryErrorCode.MOVING_TO_REQUIRED,
            "転出先住所（確定）を入力してください。",
        )
    before = ResidentHistory.objects.filter(
        resident=resident, history_number__lt=removal.history_number
    ).aggregate(last=Max("effective_on"))["last"]
    if before is not None and moved_out_on < before:
        raise move_in_overlaps()
    change = change_open(
        municipality=municipality,
        change_type=ChangeType.MOVE_OUT_CONFIRMATION,
        effective_on=moved_out_on,
        notified_on=None,
        actor=actor,
        note="転入通知（入力）",
        circumstances=ChangeCircumstances(informed_on=informed_on),
    )
    closes = resident.status == ResidentStatus.ACTIVE and moved_out_on <= timezone.localdate()
    resident.removed_on = moved_out_on
    resident.moving_to_address = moving_to_address.strip()
    resident.moving_to_postal_code = postal_code_for_address(resident.moving_to_address)
    if closes:
        resident.status = ResidentStatus.CLOSED
    history_write(resident, change)
    if closes:
        planned_records_close(leaving=[resident], change=change, move_out=removal.change)
    change_audit(
        change=change,
        actor=actor,
        residents=1,
        fields=["removed_on", "moving_to_address", "moving_to_postal_code"],
    )
    return change


def move_in_notices_missing(
    *, municipality: Municipality, older_than_days: int = MISSING_AFTER_DAYS
) -> list[Resident]:
    """転入通知未着者一覧: people removed by 国内転出 or 職権消除 at least `older_than_days` ago
    with no 転入通知 (転出確定) since, oldest 転出 first. The caller records the access."""
    days = min(max(older_than_days, 0), MAX_MISSING_AFTER_DAYS)
    until = timezone.localdate() - dt.timedelta(days=days)
    return list(
        Resident.objects.for_municipality(municipality)
        .filter(removal_reason__in=NOTICE_REMOVALS, removed_on__lte=until)
        .annotate(
            removed_row=Max(
                "history__history_number",
                filter=Q(history__change__change_type__in=NOTICE_REMOVALS),
            ),
            confirmed_row=Max(
                "history__history_number",
                filter=Q(history__change__change_type=ChangeType.MOVE_OUT_CONFIRMATION),
            ),
        )
        .filter(Q(confirmed_row__isnull=True) | Q(confirmed_row__lt=F("removed_row")))
        .order_by("removed_on", "atena_number")
    )
