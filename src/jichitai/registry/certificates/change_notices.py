"""住民異動届受理通知 (doc/j580.txt §4.1.0.3): 「転入届、転居届、転出届及び世帯変更届…の手続に
おいて、届出人と異動者が異なる場合など、住民異動届受理通知を任意で出力することができること。
出力内容は届出日、異動事由、届出人氏名、異動者氏名及び受理した旨で、宛先は異動前住所・届出人
本人とすること。…異動前の住所がないか、送付することが適当でない場合は、異動後住所・異動者
本人とする。処理日に限らず、後日でも発行できること。」

The notice is made for one chosen 届出 (a row of the history), never as a summary of a person's
latest change (the 実装しない line). Names and addresses are those of the history rows the
change wrote and of the row before it, so a later change does not alter a reissued notice.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.exceptions import RuleViolation
from jichitai.identity.models import StaffUser
from jichitai.registry.certificates.documents import wareki
from jichitai.registry.certificates.rendering import RenderedPdf, document_pdf_render
from jichitai.registry.certificates.signing import certifier_title
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.models import Change, ChangeType, ResidentHistory
from jichitai.registry.selectors import change_get
from jichitai.registry.services.recording import REGISTRY_PURPOSE
from jichitai.registry.timeline import became_head_ex_officio
from jichitai.tenants.models import Municipality
from jichitai.tenants.selectors import municipality_settings_get

_TEMPLATE = "registry/certificates/receipt_notice.html"


@dataclass(frozen=True)
class ReceiptNotice:
    """What the notice prints."""

    addressee_address: str
    addressee_name: str
    notified_on: str
    change_label: str
    effective_on: str
    notifier_name: str
    people: tuple[str, ...]
    municipality_name: str
    issuer: str
    issued_on: str


def _address(snapshot: dict[str, object]) -> str:
    extra = str(snapshot.get("address_extra") or "")
    return f"{snapshot.get('address', '')}　{extra}" if extra else str(snapshot.get("address", ""))


def _addressee(change: Change, rows: list[ResidentHistory]) -> tuple[str, str | None]:
    """宛先: 異動前住所 (the 届出人's), or 異動後住所 and the 異動者 when there is none."""
    first = rows[0]
    if change.change_type == ChangeType.MOVE_IN:
        return str(first.snapshot.get("previous_address") or ""), None
    if change.change_type == ChangeType.MOVE_IN_FROM_ABROAD:
        # 国外からの転入: no former address to send to (§4.1.0.3 なお書き).
        return _address(first.snapshot), str(first.snapshot.get("name", ""))
    before = (
        ResidentHistory.objects.filter(
            resident_id=first.resident_id, history_number__lt=first.history_number
        )
        .order_by("-history_number")
        .first()
    )
    return _address(before.snapshot if before else first.snapshot), None


def receipt_notice_build(*, change: Change, rows: list[ResidentHistory]) -> ReceiptNotice:
    people = tuple(str(row.snapshot.get("name", "")) for row in rows)
    address, fallback_name = _addressee(change, rows)
    notifier = change.notifier_name or people[0]
    municipality = change.municipality
    settings = municipality_settings_get(municipality=municipality)
    title = certifier_title(municipality)
    return ReceiptNotice(
        addressee_address=address,
        addressee_name=fallback_name or notifier,
        notified_on=wareki(change.notified_on),
        change_label=str(ChangeType(change.change_type).label),
        effective_on=wareki(change.effective_on),
        notifier_name=notifier,
        people=people,
        municipality_name=municipality.full_name,
        issuer=f"{title}　{settings.mayor_name.strip()}".strip("　"),
        issued_on=wareki(timezone.localdate()),
    )


def receipt_notice_issue(
    *, municipality: Municipality, change_id: int, actor: StaffUser
) -> RenderedPdf:
    """住民異動届受理通知 of one 届出, on the day or later, as a PDF. Audited (a print of
    personal data, doc/j1420.txt §10.7). Raises ChangeNotFound, RuleViolation (not a 届出 of
    these kinds), the rendering's errors."""
    change = change_get(municipality=municipality, change_id=change_id)
    if not change.accepts_receipt_notice or change.cancelled_by.exists():
        raise RuleViolation.for_field(
            "/change_id",
            RegistryErrorCode.RECEIPT_NOTICE_UNAVAILABLE,
            "住民異動届受理通知は、転入・転居・転出・世帯変更の届出についてのみ発行できます。",
        )
    rows = list(
        ResidentHistory.objects.filter(change=change).order_by("resident__household_order", "pk")
    )
    notice = receipt_notice_build(change=change, rows=rows)
    rendered = document_pdf_render(_TEMPLATE, {"notice": notice})
    audit_record(
        actor=actor,
        action="registry.receipt_notice_issue",
        municipality_code=municipality.lg_code,
        object_type="registry.Change",
        object_id=change.pk,
        purpose=REGISTRY_PURPOSE,
        detail={"residents": len(rows)},
    )
    return rendered


# 世帯主変更通知書 (doc/j490.txt §4.0.4, doc/j500.txt §4.0.5): told to the person made head ex
# officio when the head left and nobody else stayed, at the household's address.
_HEAD_TEMPLATE = "registry/certificates/head_change_notice.html"


@dataclass(frozen=True)
class HeadChangeNotice:
    """What the 世帯主変更通知書 prints, for one new head."""

    addressee_address: str
    addressee_name: str
    effective_on: str
    cause: str
    municipality_name: str
    issuer: str
    issued_on: str


def _heads_made(change: Change) -> list[ResidentHistory]:
    """The rows of `change` that made their person head ex officio (became_head_ex_officio)."""
    rows = list(ResidentHistory.objects.filter(change=change).order_by("pk"))
    made = []
    for row in rows:
        previous = (
            ResidentHistory.objects.filter(
                resident_id=row.resident_id, history_number=row.history_number - 1
            )
            .only("snapshot")
            .first()
        )
        if became_head_ex_officio(change, previous.snapshot if previous else None, row.snapshot):
            made.append(row)
    return made


def head_change_notice_issue(
    *, municipality: Municipality, change_id: int, actor: StaffUser
) -> RenderedPdf:
    """世帯主変更通知書 of one change that made a member head ex officio, on the day or later,
    as a PDF (one page per new head). Audited (doc/j1420.txt §10.7).
    Raises ChangeNotFound, RuleViolation (nobody made head), the rendering's errors."""
    change = change_get(municipality=municipality, change_id=change_id)
    rows = [] if change.cancelled_by.exists() else _heads_made(change)
    if not rows:
        raise RuleViolation.for_field(
            "/change_id",
            RegistryErrorCode.HEAD_CHANGE_NOTICE_UNAVAILABLE,
            "世帯主変更通知書は、世帯主が世帯からいなくなり職権で世帯主とした異動についてのみ"
            "発行できます。",
        )
    settings = municipality_settings_get(municipality=municipality)
    issuer = f"{certifier_title(municipality)}　{settings.mayor_name.strip()}".strip("　")
    cause = (
        "世帯主の消除"
        if change.change_type == ChangeType.HEAD_CHANGE
        else f"世帯主の{ChangeType(change.change_type).label}"
    )
    notices = [
        HeadChangeNotice(
            addressee_address=_address(row.snapshot),
            addressee_name=str(row.snapshot.get("name", "")),
            effective_on=wareki(change.effective_on),
            cause=cause,
            municipality_name=municipality.full_name,
            issuer=issuer,
            issued_on=wareki(timezone.localdate()),
        )
        for row in rows
    ]
    rendered = document_pdf_render(_HEAD_TEMPLATE, {"notices": notices})
    audit_record(
        actor=actor,
        action="registry.head_change_notice_issue",
        municipality_code=municipality.lg_code,
        object_type="registry.Change",
        object_id=change.pk,
        purpose=REGISTRY_PURPOSE,
        detail={"residents": len(rows)},
    )
    return rendered
