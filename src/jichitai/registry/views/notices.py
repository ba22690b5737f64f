"""住民異動届受理通知 (doc/j580.txt §4.1.0.3): the PDF of one 届出, from the history row."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jichitai.common.exceptions import DomainError
from jichitai.identity.access import staff_required
from jichitai.identity.http import StaffRequest
from jichitai.registry.certificates.notices import receipt_notice_filename, receipt_notice_issue
from jichitai.registry.errors import ChangeNotFound
from jichitai.registry.permissions import STAFF_ROLES
from jichitai.registry.selectors import change_get, change_resident_ids
from jichitai.registry.views.common import resident_url


@require_GET
@never_cache
@staff_required(roles=STAFF_ROLES, action="registry.receipt_notice")
def receipt_notice_view(request: StaffRequest, lg_code: str, change_id: int) -> HttpResponse:
    """住民異動届受理通知書 (PDF download), on the day of the 届出 or any day after."""
    try:
        change = change_get(municipality=request.municipality, change_id=change_id)
    except ChangeNotFound:
        raise Http404 from None
    try:
        rendered = receipt_notice_issue(
            municipality=request.municipality, change_id=change.pk, actor=request.staff
        )
    except DomainError as error:
        messages.error(request, error.detail)
        resident_ids = change_resident_ids(change=change)
        if not resident_ids:
            raise Http404 from None
        return redirect(resident_url(lg_code, resident_ids[0]))
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipt_notice_filename(change)}"'
    return response
