"""住民向けAPI (the online channel without HTML): for apps, and for the load benchmark.

Under `/{lg_code}/portal/`: a challenge, the card's answer for a resident token (binding the
card on first use), then the resident's own cases — submit a signed application (the
引越しワンストップ pair included), list, read, withdraw. The same services as the HTML portal;
every refusal is an RFC 9457 problem with a stable code (config/api.py).
No `from __future__ import annotations`: django-ninja reads the annotations at import time.
"""

from django.db.models import QuerySet
from django.http import HttpResponse
from ninja import Router, Status
from ninja.pagination import paginate

from jichitai.common.api_types import BoundedPagination, LgCode, PositiveId
from jichitai.idempotency.http import replayed_mark
from jichitai.portal.auth import resident_auth
from jichitai.portal.errors import MovingPairIncomplete
from jichitai.portal.http import ResidentApiRequest
from jichitai.portal.schemas import (
    CardBindingIn,
    ChallengeIn,
    ChallengeOut,
    ResidentCaseDetailOut,
    ResidentCaseIn,
    ResidentCaseOut,
    SessionIn,
    TokenOut,
)
from jichitai.portal.tokens import (
    IssuedResidentToken,
    resident_card_bind,
    resident_challenge_issue,
    resident_session_open,
    resident_token_revoke,
)
from jichitai.procedures.models import Case
from jichitai.procedures.selectors import (
    case_get_for_resident,
    case_list_for_resident,
    procedure_get,
)
from jichitai.procedures.services import (
    MOVE_OUT,
    Submitted,
    case_access_record,
    case_submit,
    case_submit_moving,
    case_withdraw,
)
from jichitai.tenants.http import TenantRequest

router = Router(tags=["portal"])


def _token(issued: IssuedResidentToken) -> Status:
    return Status(201, {"token": issued.plaintext, "expires_at": issued.token.expires_at})


# ---------------------------------------------------------------------------- sign-in


@router.post(
    "/{lg_code}/portal/challenges",
    response={201: ChallengeOut},
    url_name="portal_challenge_issue",
    auth=None,
)
def challenge_create(request: TenantRequest, lg_code: LgCode, body: ChallengeIn) -> Status:
    """チャレンジの発行: `sign_in` for the 利用者証明用 answer, `card_binding` for the
    署名用 signature over the binding statement. Public; valid JPKI_CHALLENGE_TTL_SECONDS."""
    return Status(
        201,
        resident_challenge_issue(
            municipality=request.municipality,
            purpose=body.purpose,
        ),
    )


@router.post(
    "/{lg_code}/portal/sessions",
    response={201: TokenOut},
    url_name="portal_session_create",
    auth=None,
)
def session_create(request: TenantRequest, lg_code: LgCode, body: SessionIn) -> Status:
    """カードでログイン: a bound card's answer gives a resident token. An unbound card answers
    409 `portal.card_not_bound`: bind it with `card-bindings`."""
    return _token(
        resident_session_open(
            municipality=request.municipality,
            nonce=body.nonce,
            signature=body.signature,
            certificate_der=body.certificate,
        )
    )


@router.delete(
    "/{lg_code}/portal/sessions/current",
    response={204: None},
    url_name="portal_session_delete",
    auth=resident_auth,
)
def session_delete(request: ResidentApiRequest, lg_code: LgCode) -> Status:
    """ログアウト: the token of this request stops working."""
    resident_token_revoke(credentials=request.auth)
    return Status(204, None)


@router.post(
    "/{lg_code}/portal/card-bindings",
    response={201: TokenOut},
    url_name="portal_card_binding_create",
    auth=None,
)
def card_binding_create(request: TenantRequest, lg_code: LgCode, body: CardBindingIn) -> Status:
    """カードの登録（初回の本人確認）: the 利用者証明用 answer and the 署名用 signature over
    the binding statement (portal.services.binding_statement); the certificate's 基本4情報
    must match one living resident. Gives a resident token."""
    return _token(
        resident_card_bind(
            municipality=request.municipality,
            nonce=body.nonce,
            signature=body.signature,
            certificate_der=body.certificate,
            bind_nonce=body.bind_nonce,
            bind_signature=body.bind_signature,
        )
    )


# ---------------------------------------------------------------------------- cases


def _submit(request: ResidentApiRequest, body: ResidentCaseIn) -> Submitted:
    credentials = request.auth
    municipality = request.municipality
    key = request.headers.get("Idempotency-Key")
    if body.destination_lg_code is None:
        if body.move_in_data is not None:
            raise MovingPairIncomplete(
                "/body/destination_lg_code", "転入予約には転入先の市区町村を指定してください。"
            )
        return case_submit(
            municipality=municipality,
            procedure_id=body.procedure_id,
            data=body.data,
            actor=credentials.actor,
            signature=body.signature,
            idempotency_key=key,
        )
    if body.procedure_id != MOVE_OUT or body.move_in_data is None:
        raise MovingPairIncomplete(
            "/body/move_in_data", "転入先を指定するときは、転出届に転入予約の内容を添えてください。"
        )
    return case_submit_moving(
        municipality=municipality,
        move_out_data=body.data,
        destination_lg_code=body.destination_lg_code,
        move_in_data=body.move_in_data,
        actor=credentials.actor,
        signature=body.signature,
        idempotency_key=key,
    )


@router.post(
    "/{lg_code}/portal/cases",
    response={201: ResidentCaseOut},
    url_name="portal_case_create",
    auth=resident_auth,
)
def resident_case_create(
    request: ResidentApiRequest, response: HttpResponse, lg_code: LgCode, body: ResidentCaseIn
) -> Status:
    """電子申請: data checked against the procedure's form (errors per field as JSON pointers
    into `data`), the signature over exactly this data. With an `Idempotency-Key` a retry
    returns the first case (header `Idempotent-Replayed: true`)."""
    submitted = _submit(request, body)
    replayed_mark(response, submitted.replayed)
    return Status(201, submitted.case)


@router.get(
    "/{lg_code}/portal/cases",
    response=list[ResidentCaseOut],
    url_name="portal_case_list",
    auth=resident_auth,
)
@paginate(BoundedPagination)
def resident_case_list(request: ResidentApiRequest, lg_code: LgCode) -> QuerySet[Case]:
    """わたしの申請: newest first (no data: open one case for it)."""
    return case_list_for_resident(
        municipality=request.municipality,
        actor=request.auth.actor,
    )


@router.get(
    "/{lg_code}/portal/cases/{int:case_id}",
    response=ResidentCaseDetailOut,
    url_name="portal_case_detail",
    auth=resident_auth,
)
def resident_case_detail(request: ResidentApiRequest, lg_code: LgCode, case_id: PositiveId) -> Case:
    """申請の詳細: one's own case only (anyone else's is 404), its read audited."""
    actor = request.auth.actor
    case = case_get_for_resident(
        municipality=request.municipality,
        case_id=case_id,
        actor=actor,
    )
    case_access_record(
        actor=actor, case=case, procedure=procedure_get(procedure_id=case.procedure_id)
    )
    return case


@router.post(
    "/{lg_code}/portal/cases/{int:case_id}/withdraw",
    response={200: ResidentCaseOut},
    url_name="portal_case_withdraw",
    auth=resident_auth,
)
def resident_case_withdraw(
    request: ResidentApiRequest, lg_code: LgCode, case_id: PositiveId
) -> Case:
    """取下げ: before the municipality decides; otherwise 409 `case.transition_invalid`."""
    return case_withdraw(
        municipality=request.municipality,
        case_id=case_id,
        actor=request.auth.actor,
    )
