"""Documents of one change, as PDF downloads from the history: 住民異動届受理通知
(doc/j580.txt §4.1.0.3), 世帯主変更通知書 (doc/j490.txt §4.0.4), 職権記録書 and 職権記載等通知書 (doc/j750.txt §4.2.0.1)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jichitai.common.exceptions import DomainError
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.registry.certificates.change_notices import (
    head_change_notice_issue,
    receipt_notice_issue,
)
from jichitai.registry.certificates.ex_officio import ex_officio_document_issue
from jichitai.registry.certificates.rendering import RenderedPdf
from jichitai.registry.errors import ChangeNotFound
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.selectors import change_get, change_resident_ids
from jichitai.registry.views.common import resident_url

# kind → (file name stem, the service that renders it). No name in a file name: it reaches
# download folders and logs.
DOCUMENTS: dict[str, tuple[str, Callable[..., RenderedPdf]]] = {
    "receipt_notice": ("jyuri-tsuchi", receipt_notice_issue),
    "head_change_notice": ("setainushi-henko-tsuchi", head_change_notice_issue),
    "ex_officio_record": (
        "shokken-kirokusho",
        lambda **kw: ex_officio_document_issue(for_person=False, **kw),
    ),
    "ex_officio_notice": (
        "shokken-tsuchisho",
        lambda **kw: ex_officio_document_issue(for_person=True, **kw),
    ),
}


@require_GET
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.change_document")
def change_document_view(
    request: StaffRequest, lg_code: str, change_id: int, kind: str
) -> HttpResponse:
    """The PDF of one change's document, on the day or any day after."""
    try:
        change = change_get(municipality=request.municipality, change_id=change_id)
    except ChangeNotFound:
        raise Http404 from None
    stem, issue = DOCUMENTS[kind]
    try:
        rendered = issue(
            municipality=request.municipality, change_id=change.pk, actor=request.staff
        )
    except DomainError as error:
        messages.error(request, error.detail)
        resident_ids = change_resident_ids(change=change)
        if not resident_ids:
            raise Http404 from None
        return redirect(resident_url(lg_code, resident_ids[0]))
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    filename = f"{stem}-{change.pk}-{timezone.localdate():%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
