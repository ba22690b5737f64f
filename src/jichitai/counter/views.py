"""書かない窓口の画面: the staff console (`/<lg_code>/counter/`) and the resident's confirmation
display (`/<lg_code>/counter/display/`, a tablet paired by a short code). Thin: each parses the
request, calls one service or selector and renders; DomainErrors go to the page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jichitai.common.exceptions import DomainError
from jichitai.common.ratelimit import limit_take
from jichitai.common.request_context import current_source
from jichitai.counter import completion, printing, services
from jichitai.counter.errors import CardUnreadable, SessionNotFound
from jichitai.counter.models import CounterSession
from jichitai.counter.selectors import (
    measurement_of,
    pending_move_ins,
    session_get,
    session_warnings,
)
from jichitai.counter.services import CardRead
from jichitai.identity.access import Role, staff_required
from jichitai.identity.http import StaffRequest
from jichitai.identity.jpki.errors import JpkiError
from jichitai.identity.jpki.services import VirtualCard, virtual_card_read
from jichitai.procedures.selectors import life_event_list
from jichitai.tenants.http import TenantRequest

COUNTER_ROLES = (Role.COUNTER, Role.REGISTRY_REVIEW)
DISPLAY_TOKEN = "counter.display_token"  # noqa: S105  # a session key, not a secret
INPUT_PREFIX = "in|"
# ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
_ID = re.compile(r"[0-9]{1,12}")


def _console_url(lg_code: str, session_id: Any) -> str:
    return reverse("counter:session", kwargs={"lg_code": lg_code, "session_id": session_id})


def _session_or_404(request: TenantRequest, session_id: UUID) -> CounterSession:
    try:
        return session_get(municipality=request.municipality, session_id=session_id)
    except SessionNotFound:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
@never_cache
@staff_required(roles=COUNTER_ROLES, action="counter.home")
def home_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    """窓口: where a session starts — a 転入待ち entry, or a resident found in the register
    (searched by POST: a name and a birth date never go into a URL)."""
    found, error = None, None
    if request.method == "POST":
        try:
            found = services.residents_find(
                municipality=request.municipality,
                actor=request.staff,
                # NUL can reach no database text column (PostgreSQL refuses it): never typed.
                name=request.POST.get("name", "").replace("\x00", "")[:100],
                birth=request.POST.get("birth", "").replace("\x00", "")[:20],
            )
        except DomainError as refused:
            error = refused
    return render(
        request,
        "counter/home.html",
        {
            "certificates": pending_move_ins(municipality=request.municipality),
            "found": found,
            "search_error": error,
            "searched": {k: request.POST.get(k, "")[:100] for k in ("name", "birth")},
        },
        status=422 if error else 200,
    )


@staff_required(roles=COUNTER_ROLES, action="counter.session_open")
@require_POST
def session_open_view(request: StaffRequest, lg_code: str) -> HttpResponse:
    # Ids are short: a 5000-digit "id" must be refused, not parsed.
    certificate = request.POST.get("certificate", "")[:12]
    resident = request.POST.get("resident", "")[:12]
    try:
        session = services.session_open(
            municipality=request.municipality,
            actor=request.staff,
            certificate_id=int(certificate) if _ID.fullmatch(certificate) else None,
            resident_id=int(resident) if _ID.fullmatch(resident) else None,
        )
    except DomainError as error:
        messages.error(request, error.detail)
        return HttpResponseRedirect(reverse("counter:home", kwargs={"lg_code": lg_code}))
    return HttpResponseRedirect(_console_url(lg_code, session.public_id))


def _console_context(request: StaffRequest, session: CounterSession) -> dict[str, Any]:
    filings, error = [], None
    if session.event_id:
        try:
            filings = services.filings_of(session)
        except DomainError as refused:
            error = refused
    return {
        "session": session,
        "certificate": session.move_out_certificate,
        "events": life_event_list(),
        "question_rows": [
            (
                event,
                question,
                session.answers.get(question.id) if session.event_id == event.id else None,
            )
            for event in life_event_list()
            for question in event.questions
        ],
        "filings": filings,
        "filings_error": error,
        "warnings": session_warnings(session),
        "measurement": measurement_of(session, filings) if filings else None,
        "demo_cards": VirtualCard.list_all() if settings.JPKI_ALLOW_TEST_CA else [],
        "input_prefix": INPUT_PREFIX,
    }


@require_GET
@never_cache
@staff_required(roles=COUNTER_ROLES, action="counter.session_view")
def session_view(request: StaffRequest, lg_code: str, session_id: UUID) -> HttpResponse:
    """窓口受付: the card, the life event, every filing with its data, the pairing, completion."""
    session = _session_or_404(request, session_id)
    return render(request, "counter/session.html", _console_context(request, session))


def _card_read(request: StaffRequest) -> CardRead:
    """The demo device (a virtual card and the PIN the resident types on the reader's pad)."""
    card_id = request.POST.get("card_id", "")[:64]
    pin = request.POST.get("pin", "")[:8]
    if not settings.JPKI_ALLOW_TEST_CA:
        raise CardUnreadable("カードリーダーの中継（card bridge）から読み取ってください。")
    if not (len(pin) == 4 and pin.isdigit()):
        raise CardUnreadable("暗証番号は数字4桁で入力してください。")
    try:
        info = virtual_card_read(card_id=card_id, pin=pin)
    except JpkiError as error:
        raise CardUnreadable(error.detail) from None
    return CardRead(
        name=info.name,
        birth_date=info.birth_date,
        sex=info.sex,
        address=info.address,
        card_id=card_id,
    )


def _posted_answers(request: StaffRequest, event_id: str) -> dict[str, Any]:
    event = next((e for e in life_event_list() if e.id == event_id), None)
    answers: dict[str, Any] = {}
    for question in event.questions if event else ():
        raw = request.POST.get(f"q|{event_id}|{question.id}", "")[:64]
        if question.type == "boolean" and raw in {"yes", "no"}:
            answers[question.id] = raw == "yes"
        elif raw:
            answers[question.id] = raw
    return answers


def _posted_inputs(request: StaffRequest) -> dict[str, dict[str, str]]:
    inputs: dict[str, dict[str, str]] = {}
    for name in list(request.POST)[:200]:
        if name.startswith(INPUT_PREFIX) and name.count("|") == 2:
            _prefix, key, pointer = name.split("|")
            inputs.setdefault(key[:80], {})[pointer[:200]] = request.POST.get(name, "")[:1000]
    return inputs


def _event_on(request: StaffRequest, session: CounterSession) -> dt.date:
    try:
        return dt.date.fromisoformat(request.POST.get("event_on", "")[:10])
    except ValueError:
        return session.event_on or timezone.localdate()


@staff_required(roles=COUNTER_ROLES, action="counter.session_update")
@require_POST
def session_step_view(request: StaffRequest, lg_code: str, session_id: UUID, step: str) -> Any:
    """One step of the console: card, event, inputs, pairing, complete."""
    session = _session_or_404(request, session_id)
    municipality, public_id, staff = request.municipality, str(session.public_id), request.staff
    try:
        if step == "card":
            services.session_card_record(
                municipality=municipality,
                session_id=public_id,
                actor=staff,
                card=_card_read(request),
            )
        elif step == "event":
            event_id = request.POST.get("event", "")[:40]
            services.session_event_choose(
                municipality=municipality,
                session_id=public_id,
                actor=staff,
                event_id=event_id,
                answers=_posted_answers(request, event_id),
                event_on=_event_on(request, session),
            )
        elif step == "inputs":
            services.session_inputs_save(
                municipality=municipality,
                session_id=public_id,
                actor=staff,
                inputs=_posted_inputs(request),
            )
        elif step == "pair":
            _pairing, code = services.pairing_issue(
                municipality=municipality, session_id=public_id, actor=staff
            )
            messages.info(request, f"確認画面の接続コード: {code}（5分間有効・1回限り）")
        elif step == "complete":
            completion.session_complete(
                municipality=municipality, session_id=public_id, actor=staff
            )
            messages.success(request, "すべての手続を完了しました。")
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.detail)
        for field_error in error.errors[:20]:
            messages.error(request, field_error.message)
    return HttpResponseRedirect(_console_url(lg_code, session.public_id))


@require_GET
@never_cache
@staff_required(roles=COUNTER_ROLES, action="counter.summary_print")
def summary_pdf_view(request: StaffRequest, lg_code: str, session_id: UUID) -> HttpResponse:
    """窓口の控え (PDF) of a completed session; before completion, back to the console."""
    session = _session_or_404(request, session_id)
    try:
        rendered = printing.session_summary_pdf(
            municipality=request.municipality,
            session_id=str(session.public_id),
            actor=request.staff,
        )
    except DomainError as error:
        messages.error(request, error.detail)
        return HttpResponseRedirect(_console_url(lg_code, session.public_id))
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    # No name in the file name: it is personal data, and file names end up in logs.
    response["Content-Disposition"] = 'attachment; filename="counter-summary.pdf"'
    return response


# ---------------------------------------------------------------------------- display


@require_http_methods(["GET", "POST"])
@never_cache
def display_pair_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """確認画面: the tablet facing the resident asks for the code staff show."""
    error = None
    if request.method == "POST":
        try:
            limit_take(
                "counter.pairing", key=current_source(), rate=settings.JICHITAI_RATE_COUNTER_PAIRING
            )
            _session, token = services.pairing_use(
                municipality=request.municipality, code=request.POST.get("code", "")[:12].strip()
            )
        except DomainError as refused:
            error = refused
        else:
            request.session.cycle_key()
            request.session[DISPLAY_TOKEN] = token
            return HttpResponseRedirect(reverse("counter:display", kwargs={"lg_code": lg_code}))
    return render(
        request, "counter/display_pair.html", {"error": error}, status=422 if error else 200
    )


@require_http_methods(["GET", "POST"])
@never_cache
def display_view(request: TenantRequest, lg_code: str) -> HttpResponse:
    """確認画面: everything that will be filed, in large type; the resident confirms here."""
    token = str(request.session.get(DISPLAY_TOKEN, ""))
    try:
        if request.method == "POST":
            services.session_confirm(municipality=request.municipality, token=token)
            return HttpResponseRedirect(reverse("counter:display", kwargs={"lg_code": lg_code}))
        session = services.display_session_get(municipality=request.municipality, token=token)
    except SessionNotFound:
        request.session.pop(DISPLAY_TOKEN, None)
        return HttpResponseRedirect(reverse("counter:display_pair", kwargs={"lg_code": lg_code}))
    except DomainError as refused:
        messages.error(request, refused.detail)
        return HttpResponseRedirect(reverse("counter:display", kwargs={"lg_code": lg_code}))
    filings = services.filings_of(session) if session.event_id else []
    return render(request, "counter/display.html", {"session": session, "filings": filings})
