"""Every page of a municipality (staff pages and the portal, which sends staff to its sign-in),
sent hostile query strings and form
fields (huge numbers, superscript digits, NUL and control characters, very long text): each
answers a page, a redirect or a 4xx, never a 500, whatever the field is called.

The visitor holds every role and belongs to a 課 that takes care of every catalog department,
so the department's own forms (還付, 住家被害認定, 介護認定の結果 …) are reached, not refused at
the door; every field of the project's Django forms gets the hostile values besides the names
the views read by hand."""

from __future__ import annotations

import pytest
from django import forms
from django.test import Client

from jichitai.config.tests.routes import ARGUMENT_MAKERS, Route, all_routes
from jichitai.conftest import signed_in
from jichitai.identity.department_keys import department_key_choices
from jichitai.identity.models import Department, DepartmentMembership, Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.tenants.models import Municipality

PAGES = [
    route for route in all_routes() if route.is_tenant_scoped and not route.name.startswith("api:")
]
# Names the pages read from GET or POST by hand; each gets every hostile value.
HAND_READ_FIELDS = (
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


def _form_fields() -> frozenset[str]:
    """The fields of every Django form of the project (the URL routes imported them all)."""
    names: set[str] = set()
    pending: list[type[forms.Form] | type[forms.ModelForm]] = [forms.Form, forms.ModelForm]
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        if form.__module__.startswith("jichitai."):
            names.update(form.base_fields)
    return frozenset(names)


FIELDS = tuple(sorted(_form_fields() | set(HAND_READ_FIELDS)))
HOSTILE = ("9" * 5000, "²", "-1", "\x00", "a\x07b", "あ" * 3000, "R99.99.99", "0")


@pytest.fixture
def everyone(midori: Municipality) -> StaffUser:
    user = staff_create(
        municipality=midori,
        username="everyone",
        password="x" * 16,
        display_name="everyone",
        roles=tuple(Role),
        actor=None,
        check_password=False,
    )
    every_department = Department.objects.create(
        municipality=midori,
        code="all",
        name="全課",
        catalog_keys=[key for key, _ in department_key_choices()],
    )
    DepartmentMembership.objects.create(municipality=midori, department=every_department, user=user)
    return user


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
