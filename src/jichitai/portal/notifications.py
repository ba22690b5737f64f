"""申請の状況のお知らせ (email on every status change of a resident's case).

Receives procedures' `case_state_changed` after the change committed. The applicant is found
by the case's applicant record, or for a case filed online in another municipality (a
転入予約) by the portal's key of the signed-in resident, which names their home record. The
mail says which case moved and where to look; what the case contains stays in the portal.
The mail is queued (messaging.message_send) and delivered by the task queue, which tries
again while the mail server fails; the change never waits for it nor is undone by it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from jichitai.messaging.models import Channel
from jichitai.messaging.services import message_send
from jichitai.portal.access import resident_of_key
from jichitai.portal.models import NotificationAddress
from jichitai.procedures.models import Activity, CaseState
from jichitai.procedures.selectors import procedure_get
from jichitai.tenants.models import Municipality


def _home_record(
    *, municipality_code: str, applicant_id: int | None, applicant_key: str
) -> tuple[str, int] | None:
    if home := resident_of_key(applicant_key):
        return home
    if applicant_id is not None:
        return municipality_code, applicant_id
    return None


def notification_address_of(
    *, municipality_code: str, applicant_id: int | None, applicant_key: str
) -> str | None:
    home = _home_record(
        municipality_code=municipality_code, applicant_id=applicant_id, applicant_key=applicant_key
    )
    if home is None:
        return None
    address = NotificationAddress.objects.filter(
        municipality_id=home[0], resident_id=home[1]
    ).first()
    return address.email if address is not None else None


def case_state_notify(sender: Any, **notice: Any) -> None:
    email = notification_address_of(
        municipality_code=notice["municipality_code"],
        applicant_id=notice["applicant_id"],
        applicant_key=notice["applicant_key"],
    )
    if email is None:
        return
    municipality = Municipality.objects.get(lg_code=notice["municipality_code"])
    procedure = procedure_get(procedure_id=notice["procedure_id"])
    state = CaseState(notice["state"]).label
    activity = Activity(notice["activity"]).label
    link = settings.JICHITAI_BASE_URL + reverse(
        "portal:case", kwargs={"lg_code": municipality.lg_code, "case_id": notice["case_id"]}
    )
    subject = f"【{municipality.display_name}】申請の状況：{state}（受付番号 {notice['reference_number']}）"
    body = (
        f"{municipality.full_name}へのお申込み「{procedure.name}」"
        f"（受付番号 {notice['reference_number']}）について、{activity}がありました。\n"
        f"現在の状況：{state}\n\n"
        f"くわしくは住民ポータルでご確認ください（マイナンバーカードでのログインが必要です）。\n"
        f"{link}\n\n"
        "このメールは送信専用です。お心当たりのない場合は、お手数ですが市区町村の窓口にお知らせください。"
    )
    message_send(
        municipality_code=municipality.lg_code,
        channel=Channel.EMAIL,
        to=email,
        subject=subject,
        body=body,
        topic="case_state",
    )
