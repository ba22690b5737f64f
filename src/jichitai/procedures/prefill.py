"""事前入力 (prefill): a form filled with what is already known, so nobody types it again.

Sources a procedure file may name (`prefill:` rules):
- `card`: the 基本4情報 (氏名, 住所, 生年月日, 性別) of the My Number card's 署名用電子証明書, as
  identity reads them (a mapping with the keys of CARD_ITEMS);
- `register`: the applicant's record in this municipality's register (REGISTER_ITEMS);
- `move_out_certificate`: the 転出証明書情報 another municipality sent (住民基本台帳法
  第24条の2; keys of MOVE_OUT_CERTIFICATE_ITEMS).
The resident always sees and may correct the filled values before submitting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from jichitai.departments.services import is_allowance_child
from jichitai.registry.models import Resident, ResidentStatus

if TYPE_CHECKING:
    from jichitai.procedures.definitions import PrefillRule

CARD_ITEMS = frozenset({"name", "address", "birth_date", "sex"})
REGISTER_ITEMS = frozenset(
    {
        "name",
        "name_kana",
        "birth_date",
        "sex",
        "address",
        "address_extra",
        "postal_code",
        "household_members",
        "household_children",
    }
)
MOVE_OUT_CERTIFICATE_ITEMS = frozenset(
    {
        "name",
        "name_kana",
        "birth_date",
        "sex",
        "previous_address",
        "moving_to_address",
        "planned_move_on",
        "household_members",
    }
)
# Register items that fill a list of people (rows with resident_id): the portal shows them as
# the household's members to tick, and x-choices-from may choose among them.
PEOPLE_ITEMS = frozenset({"household_members", "household_children"})
PREFILL_ITEMS: dict[str, frozenset[str]] = {
    "card": CARD_ITEMS,
    "register": REGISTER_ITEMS,
    "move_out_certificate": MOVE_OUT_CERTIFICATE_ITEMS,
}


def _json_value(value: Any) -> Any:
    """Dates as ISO text: case data is JSON (DESIGN.md: dates are ISO in data)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def household_members_of(resident: Resident) -> list[dict[str, Any]]:
    """世帯員 (living members of the resident's household, in 並び順) as form rows."""
    members = (
        Resident.objects.for_municipality(resident.municipality_id)
        .filter(household_id=resident.household_id, status=ResidentStatus.ACTIVE)
        .order_by("household_order", "pk")
    )
    return [
        {
            "resident_id": m.pk,
            "name": m.name,
            "name_kana": m.name_kana,
            "birth_date": m.birth_date.isoformat(),
            "relationship": m.relationship,
        }
        for m in members
    ]


def household_children_of(resident: Resident) -> list[dict[str, Any]]:
    """児童 of the resident's household (児童手当法 第3条: up to the 3月31日 after reaching
    18), the resident left out; they live in the same 世帯, so with the resident."""
    today = timezone.localdate()
    return [
        {**member, "lives_with_applicant": True}
        for member in household_members_of(resident)
        if member["resident_id"] != resident.pk
        and is_allowance_child(birth_date=dt.date.fromisoformat(member["birth_date"]), on=today)
    ]


def _register_item(resident: Resident, item: str) -> Any:
    if item == "household_members":
        return household_members_of(resident)
    if item == "household_children":
        return household_children_of(resident)
    return getattr(resident, item)


def _set(data: dict[str, Any], pointer: str, value: Any) -> None:
    *parents, last = pointer.strip("/").split("/")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def prefill_data(
    *,
    rules: Iterable[PrefillRule],
    resident: Resident | None,
    card: Mapping[str, Any] | None,
    move_out_certificate: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """The form's initial data: each rule whose source is at hand fills its field; a source
    not given (no card read, no record, no certificate) leaves its fields empty."""
    data: dict[str, Any] = {}
    for rule in rules:
        if rule.source == "register" and resident is not None:
            value = _register_item(resident, rule.item)
        elif rule.source == "card" and card is not None and rule.item in card:
            value = card[rule.item]
        elif (
            rule.source == "move_out_certificate"
            and move_out_certificate is not None
            and rule.item in move_out_certificate
        ):
            value = move_out_certificate[rule.item]
        else:
            continue
        _set(data, rule.field, _json_value(value))
    return data
