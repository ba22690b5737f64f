"""Stable codes of the resident portal (住民ポータル) and the residents' API."""

from __future__ import annotations

from jichitai.common.error_codes import ErrorCode


class PortalErrorCode(ErrorCode):
    CARD_NOT_BOUND = (
        "portal.card_not_bound",
        409,
        "residents' API: the card answered its challenge but is bound to nobody here; bind it "
        "with `POST …/portal/card-bindings` (the 署名用 signature) — 409 because the card is "
        "genuine, only its state is missing",
    )
    RESIDENT_NOT_ACTIVE = (
        "portal.resident_not_active",
        422,
        "the card's resident is now a 除票 here by death or 職権消除; a resident who moved away "
        "signs in to the pages only to look, and the residents' API gives them no token",
    )
    DRAFT_TOO_LARGE = (
        "portal.draft_too_large",
        422,
        "the page's script saved a half-filled form over 64 KB: not a form of the catalog; "
        "nothing saved",
    )
    BINDING_NOT_STARTED = (
        "portal.binding_not_started",
        422,
        "the card's second step (binding) was reached without the first, or the session "
        "expired: start again",
    )
    ANSWER_UNREADABLE = (
        "portal.answer_unreadable",
        422,
        "the card's answer (signature or certificate) posted by a JPKI client is not valid base64",
    )
    SIGNATURE_UNREADABLE = (
        "portal.signature_unreadable",
        422,
        "the signature of an application posted by a JPKI client is not valid base64",
    )
    MOVING_PAIR_INCOMPLETE = (
        "portal.moving_pair_incomplete",
        422,
        "residents' API: a 転入予約 (`move_in_data`) without `destination_lg_code`, or a "
        "destination without the 転入予約 or for another procedure than 転出届; `errors[]` names "
        "the field",
    )
