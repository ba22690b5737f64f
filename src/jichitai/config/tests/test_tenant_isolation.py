"""A staff member of one municipality can never read another's rows (DESIGN.md, Tenancy).

Every route is tried automatically, so endpoints added later are covered without edits here:
- on the other municipality's URLs, a signed-in outsider (with every role) gets nothing an
  anonymous visitor would not get, and staff-only routes answer 404, audited;
- with the outsider's own lg_code but the other municipality's object ids, 404.
"""

from __future__ import annotations

import pytest
from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.config.tests.routes import (
    ARGUMENT_MAKERS,
    RESIDENT_API,
    RESIDENT_AREA,
    SHARED_ARGUMENTS,
    Route,
    all_routes,
)
from jichitai.identity.models import StaffUser
from jichitai.identity.services import api_token_issue
from jichitai.tenants.models import Municipality

TENANT_ROUTES = [route for route in all_routes() if route.is_tenant_scoped]
OBJECT_ROUTES = [r for r in TENANT_ROUTES if set(r.arguments) - {"lg_code", *SHARED_ARGUMENTS}]


def test_there_are_tenant_routes_to_check() -> None:
    assert len(TENANT_ROUTES) >= 10


def _outsider_clients(outsider: StaffUser) -> dict[str, Client]:
    session = Client()
    session.force_login(outsider)
    token = api_token_issue(user=outsider, name="probe", valid_days=1, actor=None).plaintext
    return {"session": session, "token": Client(headers={"Authorization": f"Bearer {token}"})}


@pytest.mark.parametrize("route", TENANT_ROUTES, ids=lambda r: r.name)
def test_outsider_gets_nothing_more_than_an_anonymous_visitor(
    route: Route,
    client: Client,
    midori: Municipality,
    outsider: StaffUser,
) -> None:
    url = route.url(values={a: ARGUMENT_MAKERS[a](midori) for a in route.arguments})
    anonymous = client.get(url).status_code
    for how, outsider_client in _outsider_clients(outsider).items():
        before = AuditRecord.objects.filter(chain=midori.lg_code, result="denied").count()
        status = outsider_client.get(url).status_code
        if route.name.startswith(RESIDENT_API):
            assert status == anonymous, f"{how}: staff got {status} from the residents' API"
            continue
        if anonymous in (200, 405):
            assert status == anonymous, f"{how}: public route changed for an outsider"
            continue
        assert status in (404, 302, 405), f"{how}: {url} answered {status} to an outsider"
        if status == 404:
            denied = AuditRecord.objects.filter(chain=midori.lg_code, result="denied").count()
            assert denied == before + 1, f"{how}: cross-municipality access was not audited"


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_other_municipalitys_object_ids_are_404_under_ones_own_code(
    route: Route,
    midori: Municipality,
    minakami: Municipality,
    outsider: StaffUser,
) -> None:
    values = {a: ARGUMENT_MAKERS[a](midori) for a in route.arguments}
    values["lg_code"] = minakami.lg_code
    url = route.url(values=values)
    for how, outsider_client in _outsider_clients(outsider).items():
        status = outsider_client.get(url).status_code
        if route.name.startswith(RESIDENT_API):
            if status == 405:
                status = outsider_client.post(url, {}, content_type="application/json").status_code
            assert status == 401, f"{how}: staff got {status} from the residents' API"
            continue
        if status == 405 and route.name.startswith("api:"):
            # An API write: test_tenant_isolation_writes sends it a body its schema accepts,
            # so that the lookup is reached (an empty body stops at validation).
            continue
        if status == 405:
            # A page that only takes a form post: the object is looked up before the form.
            status = outsider_client.post(url, {}).status_code
        if status == 302 and route.name.startswith(RESIDENT_AREA):
            # Staff are not residents: the portal sends them to the card sign-in (residents'
            # own isolation is tested in portal/tests).
            assert "/portal/signin/" in outsider_client.get(url)["Location"]
            continue
        if how == "token" and status == 302:
            # A bearer token does not sign in to HTML pages: it is sent to the sign-in page.
            assert "/staff/login/" in outsider_client.get(url)["Location"]
            continue
        assert status == 404, f"{how}: {url} answered {status}"
