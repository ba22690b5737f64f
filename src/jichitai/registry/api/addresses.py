"""API of the address masters (住所辞書 doc/j250.txt §1.3.3, 方書 §1.3.4) and the input aids
of 本籍 (§4.0.6) and 方書 (§4.0.7) that the move forms call.

The dictionary and the 方書 master hold no personal data; the 本籍 candidates do, so that
read is recorded like any other read of a household. A typed address goes in a POST body,
never in a URL.
No `from __future__ import annotations`: django-ninja reads the annotations at import time.
"""

from typing import Annotated, Any

from ninja import Field, Query, Router, Schema

from jichitai.common.api_types import LgCode, ListOf, PositiveId, Text, listed
from jichitai.identity.access import StaffApiRequest, staff_api_check
from jichitai.registry import addresses, selectors
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.services import resident_access_record

router = Router()


class AddressAreaOut(Schema):
    address_code: str = Field(description="住所コード（11桁）")
    text: str = Field(description="都道府県から大字・小字までの住所")
    kana: str
    prefecture: str
    city: str
    oaza: str = Field(description="大字・町")
    koaza: str = Field(description="丁目・小字")
    postal_code: str
    valid_to: Any = Field(None, description="廃止日（旧町名）")


class AddressSearchIn(Schema):
    kana: Annotated[str, Text(200)] = Field("", description="住所カナ（例: 「ト ヒ シ」）")
    postal_code: Annotated[str, Text(10)] = ""


class PickIn(Schema):
    prefecture: Annotated[str, Text(10)] = ""
    city: Annotated[str, Text(6)] = Field("", description="市区町村の全国地方公共団体コード")
    oaza: Annotated[str, Text(60)] = ""


class PickOptionOut(Schema):
    value: str
    label: str


class PickOut(Schema):
    level: str = Field(description="prefecture, city, oaza or koaza")
    items: list[PickOptionOut]


class AddressTextIn(Schema):
    address: Annotated[str, Text(200)]


class BuildingOut(Schema):
    name: str = Field(description="方書")
    name_kana: str
    lot_text: str = Field(description="番地等（空なら町字全体）")


@router.get(
    "/{lg_code}/registry/addresses/search",
    response=ListOf(AddressAreaOut),
    url_name="registry_address_search",
    operation_id="jichitai_registry_api_address_search",
)
def address_search(
    request: StaffApiRequest, lg_code: LgCode, query: Query[AddressSearchIn]
) -> dict[str, Any]:
    """住所辞書の検索: by 住所カナ (the heads of each part) or by 郵便番号."""
    staff_api_check(request, roles=STAFF_ROLES, action="registry.address_search")
    if query.postal_code:
        found = addresses.address_search_by_postal_code(
            municipality=request.municipality, postal_code=query.postal_code
        )
    else:
        found = addresses.address_search_by_kana(municipality=request.municipality, kana=query.kana)
    return listed(found)


@router.get(
    "/{lg_code}/registry/addresses/pick",
    response=PickOut,
    url_name="registry_address_pick",
    operation_id="jichitai_registry_api_address_pick",
)
def address_pick(request: StaffApiRequest, lg_code: LgCode, query: Query[PickIn]) -> dict[str, Any]:
    """一覧表からの選択: the options of the next level (都道府県→市区町村→大字→小字)."""
    staff_api_check(request, roles=STAFF_ROLES, action="registry.address_search")
    level, options = addresses.address_pick_options(
        municipality=request.municipality,
        prefecture=query.prefecture,
        city=query.city,
        oaza=query.oaza,
    )
    return {"level": level, "items": options}


@router.post(
    "/{lg_code}/registry/addresses/buildings",
    response=ListOf(BuildingOut),
    url_name="registry_address_buildings",
    operation_id="jichitai_registry_api_address_buildings",
)
def address_buildings(
    request: StaffApiRequest, lg_code: LgCode, body: AddressTextIn
) -> dict[str, Any]:
    """方書の候補: the 方書 of the master for the 住所 typed (never the other way round)."""
    staff_api_check(request, roles=STAFF_ROLES, action="registry.address_search")
    return listed(
        addresses.building_names_for_address(
            municipality=request.municipality, address=body.address
        )
    )


@router.get(
    "/{lg_code}/registry/households/{int:household_id}/domicile-candidates",
    response=ListOf(PickOptionOut),
    url_name="registry_domicile_candidates",
    operation_id="jichitai_registry_api_domicile_candidates",
)
def domicile_candidates(
    request: StaffApiRequest, lg_code: LgCode, household_id: PositiveId
) -> dict[str, Any]:
    """本籍の候補: the 世帯主's and members' 本籍, the head's 住所 and 転入前住所."""
    staff = staff_api_check(request, roles=STAFF_ROLES, action="registry.view")
    household = selectors.household_get(
        municipality=request.municipality, household_id=household_id
    )
    members = list(household.members.all())
    head = next((m for m in members if m.is_head), members[0] if members else None)
    resident_access_record(actor=staff, residents=members, action="registry.domicile_candidates")
    return listed(
        addresses.domicile_candidates(
            household=household,
            address=head.address if head else "",
            previous_address=head.previous_address if head else "",
        )
    )
