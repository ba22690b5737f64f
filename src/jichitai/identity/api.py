"""API of the signed-in staff member."""

from typing import Any

from ninja import Router

from jichitai.common.api_types import LgCode, ListOf, listed
from jichitai.identity.access import StaffApiRequest, staff_api_check
from jichitai.identity.auth import staff_auth
from jichitai.identity.schemas import ApiTokenOut, StaffOut
from jichitai.identity.selectors import staff_api_token_list, staff_roles

router = Router(tags=["staff"], auth=staff_auth)


@router.get("/{lg_code}/staff/me", response=StaffOut, url_name="staff_me")
def me(request: StaffApiRequest, lg_code: LgCode) -> StaffOut:
    """ログイン中の職員 (the authenticated staff member and their roles)."""
    staff = staff_api_check(request, action="staff.me")
    return StaffOut(
        username=staff.username,
        display_name=staff.display_name,
        lg_code=lg_code,
        roles=sorted(staff_roles(user=staff)),
    )


@router.get("/{lg_code}/staff/me/tokens", response=ListOf(ApiTokenOut), url_name="staff_token_list")
def my_tokens(request: StaffApiRequest, lg_code: LgCode) -> dict[str, Any]:
    """自分のAPIトークン一覧 (secrets are never shown again)."""
    staff = staff_api_check(request, action="api_token.list")
    return listed(staff_api_token_list(user=staff))
