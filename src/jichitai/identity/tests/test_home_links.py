"""職員ホーム: each staff member finds the pages their roles open, and only those."""

from __future__ import annotations

import pytest

from jichitai.conftest import _staff, signed_in
from jichitai.identity.models import Role
from jichitai.tenants.models import Municipality

LINKS = {
    "/102121/counter/": {Role.COUNTER, Role.REGISTRY_REVIEW},
    "/102121/visits/staff/": {Role.COUNTER, Role.ADMIN},
    "/102121/insights/": {Role.ADMIN, Role.DEPARTMENT},
    "/102121/payments/": {Role.ADMIN, Role.DEPARTMENT},
}


@pytest.mark.parametrize(
    "role", [Role.COUNTER, Role.REGISTRY_REVIEW, Role.DEPARTMENT, Role.ADMIN, Role.AUDITOR]
)
def test_the_home_links_to_the_pages_the_role_opens(midori: Municipality, role: Role) -> None:
    client = signed_in(_staff(midori, f"home-{role}", role))
    home = client.get("/102121/staff/").content.decode()
    for url, roles in LINKS.items():
        assert (f'href="{url}"' in home) == (role in roles), (role, url)
        if role in roles:
            assert client.get(url).status_code == 200, (role, url)
