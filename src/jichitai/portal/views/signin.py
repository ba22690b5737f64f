"""カードで本人確認 (sign-in with the My Number card): the two steps of portal.services.

A real card answers through the resident's JPKI client (its signature and certificate are
posted as base64); the demo device answers with a virtual card. Both end in the same
verification. Refusals are shown on the page with their Japanese message; nothing else of
the attempt is kept but the audit record.
"""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from jichitai.common.exceptions import DomainError, RateLimited
from jichitai.identity.jpki.services import challenge_issue
from jichitai.portal.access import (
    pending_card,
    pending_card_keep,
    resident_or_former_required,
    resident_session_end,
    resident_session_start,
)
from jichitai.portal.demo_device import (
    DEMO_CARD_KEY,
    demo_card_chosen,
    demo_cards,
    demo_challenge_answer,
    demo_device_enabled,
    demo_sign,
)
from jichitai.portal.error_codes import PortalErrorCode
from jichitai.portal.errors import BindingNotStarted
from jichitai.portal.http import ResidentRequest
from jichitai.portal.services import (
    BIND,
    PendingCard,
    binding_statement,
    card_bind,
    card_sign_in,
)
from jichitai.tenants.http import TenantRequest


class _Unreadable(DomainError):
    def __init__(self) -> None:
        super().__init__(
            code=PortalErrorCode.ANSWER_UNREADABLE,
            detail=gettext("カードからの応答を読み取れませんでした。もう一度お試しください。"),
        )


def _decoded(request: HttpRequest, name: str) -> bytes:
    try:
        return base64.b64decode(request.POST.get(name, ""), validate=True)
    except (binascii.Error, ValueError):
        raise _Unreadable() from None


def _next_url(request: TenantRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse("portal:home", kwargs={"lg_code": request.municipality.lg_code})


def _page(
    request: TenantRequest, template: str, *, purpose: str, error: DomainError | None
) -> HttpResponse:
    municipality = request.municipality
    challenge = challenge_issue(municipality_code=municipality.lg_code, purpose=purpose)
    return render(
        request,
        template,
        {
            "nonce": challenge.nonce,
            "expires_at": challenge.expires_at,
            "next": _next_url(request),
            "demo_cards": demo_cards(),
            "demo_card_id": demo_card_chosen(request),
            "error": error,
            # Signed out by the page's script at the idle limit (portal/js/session.js).
            "session_expired": request.GET.get("expired") == "1",
            "challenge_minutes": max(1, round(settings.JPKI_CHALLENGE_TTL_SECONDS / 60)),
        },
        status=422 if error is not None else 200,
    )


@require_http_methods(["GET", "POST"])
def sign_in_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """Step 1: the 利用者証明用 certificate answers a challenge (PIN: 4 digits)."""
    if request.method == "GET":
        return _page(request, "portal/sign_in.html", purpose="sign_in", error=None)
    municipality = request.municipality
    nonce = request.POST.get("nonce", "")
    try:
        if request.POST.get("device") == "demo" and demo_device_enabled():
            card_id = request.POST.get("card_id", "")
            signature, certificate = demo_challenge_answer(
                card_id=card_id, pin=request.POST.get("pin", ""), nonce=nonce
            )
            request.session[DEMO_CARD_KEY] = card_id
        else:
            signature, certificate = (
                _decoded(request, "signature"),
                _decoded(request, "certificate"),
            )
        result = card_sign_in(
            municipality=municipality, nonce=nonce, signature=signature, certificate_der=certificate
        )
    except RateLimited:
        raise  # the 429 page (config.middleware), not the form again with a new challenge
    except DomainError as error:
        return _page(request, "portal/sign_in.html", purpose="sign_in", error=error)
    if result.resident is None:
        pending_card_keep(
            request,
            lg_code=municipality.lg_code,
            fingerprint=result.authentication.fingerprint_sha256,
            not_after=result.authentication.not_after,
        )
        bind = reverse("portal:bind", kwargs={"lg_code": municipality.lg_code})
        return redirect(f"{bind}?next={_next_url(request)}")
    resident_session_start(request, result.resident)
    messages.success(request, gettext("本人確認ができました。"))
    if result.moved_away:
        # What is left to do here (the page says why): look at the past cases.
        return redirect("portal:cases", lg_code=lg_code)
    return redirect(_next_url(request))


@require_http_methods(["GET", "POST"])
def bind_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """Step 2 (first sign-in or a renewed card): the 署名用 certificate proves the 基本4情報,
    which must match the register (署名用パスワード: 6-16 letters and digits)."""
    card = pending_card(request)
    if card is None:
        messages.error(request, BindingNotStarted().detail)
        return redirect("portal:sign_in", lg_code=lg_code)
    if request.method == "GET":
        return _page(request, "portal/bind.html", purpose=BIND, error=None)
    municipality = request.municipality
    nonce = request.POST.get("nonce", "")
    try:
        if request.POST.get("device") == "demo" and demo_device_enabled():
            cms = demo_sign(
                card_id=demo_card_chosen(request),
                password=request.POST.get("password", ""),
                data=binding_statement(municipality_code=municipality.lg_code, nonce=nonce),
            )
        else:
            cms = _decoded(request, "signature")
        resident = card_bind(
            municipality=municipality,
            card=PendingCard(fingerprint=card[0], not_after=card[1]),
            nonce=nonce,
            cms_signature=cms,
        )
    except RateLimited:
        raise
    except DomainError as error:
        return _page(request, "portal/bind.html", purpose=BIND, error=error)
    resident_session_start(request, resident)
    messages.success(
        request,
        gettext(
            "カードを登録し、本人確認ができました。次回からは利用者証明用の暗証番号だけで利用できます。"
        ),
    )
    return redirect(_next_url(request))


@resident_or_former_required
@require_POST
def session_extend_view(request: ResidentRequest, lg_code: str) -> HttpResponse:
    """ログインを続ける: any request renews the session (SESSION_SAVE_EVERY_REQUEST); this
    one does nothing else, for the page's expiry warning."""
    return HttpResponse(status=204)


@require_POST
def sign_out_view(request: HttpRequest, lg_code: str) -> HttpResponse:
    resident_session_end(request)
    if request.POST.get("reason") != "idle":  # the idle page says it itself, then sign-in does
        messages.info(request, gettext("ログアウトしました。"))
    return redirect("portal:home", lg_code=lg_code)
