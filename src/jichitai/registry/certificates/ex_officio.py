"""職権記録書 and 職権記載等通知書 (doc/j750.txt §4.2.0.1): 「職権により住民票の記録、消除又は
記録の修正を行う場合は、職権記録書に職権により住民票の記録等を行う事項を記載すること。4.1.0.1
…の届出に基づき住民票の記載等をすべき場合において、当該届出がなく、職権記載、職権消除又は職権
修正…を行ったときは、その旨を当該記載等に係る者に通知するための職権記載等通知書を出力できる
こと。」

Both are made from the history rows a change wrote (and the row before each), so they read the
same on the day and later. Values are printed as recorded, dates in 和暦; the 個人番号 never.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.exceptions import RuleViolation
from jichitai.identity.models import StaffUser
from jichitai.registry.certificates.documents import wareki
from jichitai.registry.certificates.rendering import RenderedPdf, document_pdf_render
from jichitai.registry.certificates.signing import certifier_title
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.models import Change, ChangeType, Resident, ResidentHistory
from jichitai.registry.selectors import change_get
from jichitai.registry.services.recording import REGISTRY_PURPOSE
from jichitai.tenants.models import Municipality
from jichitai.tenants.selectors import municipality_settings_get

# Snapshot keys that are no item to print: ids, counters and the 個人番号 (said changed only).
_HIDDEN = {"history_number", "household_id", "my_number_cipher", "my_number_hash"}
_MY_NUMBER = "my_number_hash"
_LABELS = {
    **{
        field.name: str(field.verbose_name)
        for field in Resident._meta.concrete_fields
        if field.name != "household"
    },
    "household_number": "世帯番号",
}
_ORDER = {key: position for position, key in enumerate(_LABELS)}
_CHOICES = {
    field.name: {str(k): str(v) for k, v in field.choices}
    for field in Resident._meta.concrete_fields
    if field.choices
}


@dataclass(frozen=True)
class ItemChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class PersonRecord:
    name: str
    address: str
    items: tuple[ItemChange, ...]


@dataclass(frozen=True)
class ExOfficioDocument:
    title: str
    change_label: str
    basis_label: str
    effective_on: str
    processed_on: str
    reason: str
    actor: str
    people: tuple[PersonRecord, ...]
    municipality_name: str
    issuer: str
    issued_on: str
    for_person: bool  # 職権記載等通知書 (to the person) rather than the 職権記録書 (kept)


def _value(key: str, value: Any) -> str:
    if value in (None, ""):
        return ""
    choices = _CHOICES.get(key, {})
    if choices:
        return str(choices.get(value, value))
    if isinstance(value, bool):
        return "該当" if value else "非該当"
    if isinstance(value, str) and (key.endswith("_on") or key == "birth_date"):
        try:
            return wareki(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _item_changes(
    previous: dict[str, Any] | None, current: dict[str, Any]
) -> tuple[ItemChange, ...]:
    before = previous or {}
    keys = sorted(
        (k for k in current.keys() | before.keys() if k not in _HIDDEN or k == _MY_NUMBER),
        key=lambda k: _ORDER.get(k, len(_ORDER)),
    )
    changes = []
    for key in keys:
        if before.get(key) == current.get(key):
            continue
        if key == _MY_NUMBER:
            changes.append(ItemChange("個人番号", "", "変更あり"))
            continue
        changes.append(
            ItemChange(
                _LABELS.get(key, key), _value(key, before.get(key)), _value(key, current.get(key))
            )
        )
    return tuple(changes)


def _people(change: Change) -> tuple[PersonRecord, ...]:
    rows = ResidentHistory.objects.filter(change=change).order_by("resident__household_order", "pk")
    people = []
    for row in rows:
        previous = (
            ResidentHistory.objects.filter(
                resident_id=row.resident_id, history_number__lt=row.history_number
            )
            .order_by("-history_number")
            .first()
        )
        snapshot = row.snapshot
        people.append(
            PersonRecord(
                name=str(snapshot.get("name", "")),
                address=str(snapshot.get("address", "")),
                items=_item_changes(previous.snapshot if previous else None, snapshot),
            )
        )
    return tuple(people)


def _document(change: Change, *, for_person: bool) -> ExOfficioDocument:
    municipality = change.municipality
    settings = municipality_settings_get(municipality=municipality)
    return ExOfficioDocument(
        title="職権記載等通知書" if for_person else "職権記録書",
        change_label=str(ChangeType(change.change_type).label),
        basis_label=str(change.get_basis_display()),
        effective_on=wareki(change.effective_on),
        processed_on=wareki(timezone.localdate(change.processed_at)),
        reason=change.note,
        actor=str(change.actor) if change.actor else "システム",
        people=_people(change),
        municipality_name=municipality.full_name,
        issuer=f"{certifier_title(municipality)}　{settings.mayor_name.strip()}".strip("　"),
        issued_on=wareki(timezone.localdate()),
        for_person=for_person,
    )


def ex_officio_document_issue(
    *, municipality: Municipality, change_id: int, actor: StaffUser, for_person: bool
) -> RenderedPdf:
    """職権記録書 (for_person False) or 職権記載等通知書 (True) of one change, as a PDF.
    Audited. Raises ChangeNotFound, RuleViolation (not made 職権; for the 通知書, not a change
    that a 届出 should have made), the rendering's errors."""
    change = change_get(municipality=municipality, change_id=change_id)
    allowed = change.needs_ex_officio_notice if for_person else change.is_ex_officio
    if not allowed:
        raise RuleViolation.for_field(
            "/change_id",
            RegistryErrorCode.EX_OFFICIO_DOCUMENT_UNAVAILABLE,
            "職権記載等通知書は届出によらず職権で行った異動についてのみ、職権記録書は職権による異動についてのみ発行できます。",
        )
    document = _document(change, for_person=for_person)
    rendered = document_pdf_render("registry/certificates/ex_officio.html", {"doc": document})
    audit_record(
        actor=actor,
        action="registry.ex_officio_notice_issue"
        if for_person
        else "registry.ex_officio_record_issue",
        municipality_code=municipality.lg_code,
        object_type="registry.Change",
        object_id=change.pk,
        purpose=REGISTRY_PURPOSE,
        detail={"residents": len(document.people)},
    )
    return rendered
