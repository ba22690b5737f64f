"""The type of what Django's test client returns (応答), for annotating test helpers."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # django-stubs gives the test client's answer (content, json(), context…) a private name
    # that exists only for type checkers.
    from django.test.client import _MonkeyPatchedWSGIResponse as ClientResponse
else:
    # At run time the client answers with the view's own response, monkey-patched.
    from django.http import HttpResponseBase as ClientResponse

__all__ = ["ClientResponse"]
