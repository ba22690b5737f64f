from __future__ import annotations

import sys

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views import defaults

from jichitai.common.db_errors import database_unavailable
from jichitai.common.exceptions import DatabaseUnavailable
from jichitai.common.problems import BodyTooLarge, problem_response
from jichitai.common.request_context import current_request_id


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400 page, except for a body over DATA_UPLOAD_MAX_MEMORY_SIZE: Django reports that as a
    SuspiciousOperation (400); it is 413 Content Too Large (RFC 9110 §15.5.14), as
    problem+json under /api/ and as a page elsewhere."""
    if not isinstance(exception, RequestDataTooBig):
        return defaults.bad_request(request, exception)
    if request.path.startswith("/api/"):
        return problem_response(
            BodyTooLarge(), instance=request.path, request_id=current_request_id()
        )
    template = loader.get_template("413.html")
    return HttpResponse(template.render({"request_id": current_request_id()}), status=413)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 page: rendered without context processors or the database, with only a request id.

    Django calls it while handling the exception, wherever it was raised (a view or a
    middleware such as the session's or the municipality's): a lost database connection (a
    failover) is answered 503 with Retry-After instead — problem+json under /api/, the 503
    page elsewhere — because nothing was written and the same request will succeed shortly.
    """
    if database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": current_request_id()}))


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    error = DatabaseUnavailable()
    if request.path.startswith("/api/"):
        return problem_response(error, instance=request.path, request_id=current_request_id())
    template = loader.get_template("503.html")
    response = HttpResponse(
        template.render({"request_id": current_request_id(), "retry_after": error.retry_after}),
        status=503,
    )
    response["Retry-After"] = str(error.retry_after)
    return response
