from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

from jichitai.common.request_context import current_request_id


def server_error(request: HttpRequest) -> HttpResponse:
    """500 page: rendered without context processors or the database, with only a request id."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": current_request_id()}))
