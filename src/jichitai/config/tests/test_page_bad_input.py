"""Every page of a municipality (staff pages and the portal, which sends staff to its sign-in),
sent hostile query strings and form
fields (huge numbers, superscript digits, NUL and control characters, very long text): each
answers a page, a redirect or a 4xx, never a 500, whatever the field is called."""

from __future__ import annotations

import pytest
from django.test import Client

from jichitai.config.tests.routes import ARGUMENT_MAKERS, Route, all_routes
from jichitai.conftest import signed_in
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.tenants.models import Municipality

PAGES = [
    route for route in all_routes() if route.is_tenant_scoped and not route.name.startswith("api:")
]
# Names the registry's pages read from GET or POST; each gets every hostile value.
FIELDS = (
    "resident",
    "member",
    "people",
    "quote",
    "status",
    "kind",
    "message_id",
    "threshold",
    "action",
    "measure_id",
    "step",
    "reissue",
    "form",
    "check",
    "history",
    "run",
    "fill",
    "days",
    "effective_on",
    "notified_on",
    "offered_on",
    "address",
    "name",
    "text",
    "items",
    # insights filters
    "procedure",
    "channel",
    "since",
    "until",
)
HOSTILE = ("9" * 5000, "²", "-1", "\x00", "a\x07b", "あ" * 3000, "R99.99.99", "0")


@pytest.fixture
def everyone(midori: Municipality) -> StaffUser:
    return staff_create(
        municipality=midori,
        username="everyone",
        password="x" * 16,
        display_name="everyone",
        roles=(Role.COUNTER, Role.REGISTRY_REVIEW, Role.ADMIN, Role.AUDITOR),
        actor=None,
        check_password=False,
    )


@pytest.mark.parametrize("route", PAGES, ids=lambda r: r.name)
def test_hostile_query_and_form_values_never_answer_500(
    route: Route, midori: Municipality, everyone: StaffUser
) -> None:
    client: Client = signed_in(everyone)
    url = route.url(values={a: ARGUMENT_MAKERS[a](midori) for a in route.arguments})
    for value in HOSTILE:
        data = dict.fromkeys(FIELDS, value)
        assert client.get(url, data).status_code < 500, f"GET {url} with {value[:10]!r}"
        assert client.post(url, data).status_code < 500, f"POST {url} with {value[:10]!r}"
