"""Sign-in limits (issue 9, finding 5): lockouts per municipality's page, and a per-address
limit on the number of different login names that fail (password spraying)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from jichitai.audit.models import AuditRecord
from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.identity.services import staff_create
from jichitai.tenants.models import Municipality
from jichitai.testing.client import ClientResponse

# Inside one window and one audit minute, however slow the machine (conftest).
pytestmark = pytest.mark.usefixtures("limit_clock")

MIDORI_LOGIN = "/102121/staff/login/"
MINAKAMI_LOGIN = "/104493/staff/login/"
ATTACKER = "203.0.113.5"
OFFICE = "198.51.100.7"


def _login(client: Client, path: str, username: str, password: str, address: str) -> ClientResponse:
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_failures_on_another_municipalitys_page_do_not_lock_the_name_here(
    client: Client, auditor: StaffUser, minakami: Municipality
) -> None:
    for _ in range(5):
        _login(client, MINAKAMI_LOGIN, "auditor", "wrong password", ATTACKER)
    assert _login(client, MINAKAMI_LOGIN, "auditor", PASSWORD, ATTACKER).status_code == 429

    response = _login(Client(), MIDORI_LOGIN, "auditor", PASSWORD, OFFICE)

    assert response.status_code == 302
    assert response["Location"] == "/102121/staff/"


def test_lockout_page_says_when_to_retry(client: Client, clerk: StaffUser) -> None:
    for _ in range(5):
        _login(client, MIDORI_LOGIN, "clerk", "wrong password", ATTACKER)

    locked = _login(client, MIDORI_LOGIN, "clerk", PASSWORD, OFFICE)

    assert locked.status_code == 429
    assert locked["Retry-After"] == "900"


def test_twenty_one_names_from_one_address_are_refused_with_retry_after(
    client: Client, clerk: StaffUser
) -> None:
    names = ["clerk", *(f"guess-{i}" for i in range(19))]
    for name in names:
        assert _login(client, MIDORI_LOGIN, name, "Summer2026!", ATTACKER).status_code == 200

    refused = _login(client, MIDORI_LOGIN, "guess-20", "Summer2026!", ATTACKER)

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 15 * 60
    assert "分ほど待って" in refused.content.decode()
    # The failures went to the audit chain as one record per source and minute (with the
    # count), the refusal as its own; the refused name was not tried.
    assert AuditRecord.objects.filter(action="staff.login", result="denied").count() == 1
    assert AuditRecord.objects.filter(action="staff.login_refused").count() == 1


def test_names_from_another_address_are_not_affected(client: Client, supervisor: StaffUser) -> None:
    for i in range(20):
        _login(client, MIDORI_LOGIN, f"guess-{i}", "Summer2026!", ATTACKER)
    assert _login(client, MIDORI_LOGIN, "supervisor", PASSWORD, ATTACKER).status_code == 429

    response = _login(Client(), MIDORI_LOGIN, "supervisor", PASSWORD, OFFICE)

    assert response.status_code == 302
    assert response["Location"] == "/102121/staff/"


def test_a_name_that_already_failed_from_the_address_may_still_sign_in(
    client: Client, clerk: StaffUser
) -> None:
    _login(client, MIDORI_LOGIN, "clerk", "typo", OFFICE)
    for i in range(19):
        _login(client, MIDORI_LOGIN, f"guess-{i}", "Summer2026!", OFFICE)

    response = _login(client, MIDORI_LOGIN, "clerk", PASSWORD, OFFICE)

    assert response.status_code == 302


def test_refusals_are_audited_once_per_address_and_window(
    client: Client, midori: Municipality
) -> None:
    for i in range(20):
        _login(client, MIDORI_LOGIN, f"guess-{i}", "Summer2026!", ATTACKER)

    for i in range(20, 30):
        assert _login(client, MIDORI_LOGIN, f"guess-{i}", "x", ATTACKER).status_code == 429

    assert AuditRecord.objects.filter(detail__address_limited=True).count() == 1


def test_successful_sign_ins_from_one_office_address_do_not_count(midori: Municipality) -> None:
    for i in range(25):
        staff_create(
            municipality=midori,
            username=f"counter-{i}",
            password=PASSWORD,
            display_name=f"counter-{i}",
            roles=[],
            actor=None,
            check_password=False,
        )

    statuses = {
        _login(Client(), MIDORI_LOGIN, f"counter-{i}", PASSWORD, OFFICE).status_code
        for i in range(25)
    }

    assert statuses == {302}


@override_settings(JICHITAI_LOGIN_NAMES_PER_ADDRESS=2)
def test_the_limit_follows_the_setting(client: Client, midori: Municipality) -> None:
    _login(client, MIDORI_LOGIN, "a", "x", ATTACKER)
    _login(client, MIDORI_LOGIN, "b", "x", ATTACKER)

    assert _login(client, MIDORI_LOGIN, "c", "x", ATTACKER).status_code == 429


def test_a_flood_of_wrong_passwords_writes_one_audit_record_per_source_and_minute(
    client: Client, midori: Municipality, limit_clock: list[float]
) -> None:
    for i in range(15):
        _login(client, MIDORI_LOGIN, f"guess-{i}", "Summer2026!", ATTACKER)
    assert AuditRecord.objects.filter(action="staff.login").count() == 1

    limit_clock[0] += 60
    _login(client, MIDORI_LOGIN, "guess-15", "Summer2026!", ATTACKER)

    counts = [r.detail["count"] for r in AuditRecord.objects.filter(action="staff.login")]
    assert counts == [1, 15]  # every failure is counted in the chain, none lost
