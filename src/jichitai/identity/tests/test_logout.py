"""Logout is recorded in the staff member's own municipality's chain (issue 9, finding 6)."""

from __future__ import annotations

from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality


def _chain_length(lg_code: str) -> int:
    return AuditRecord.objects.filter(chain=lg_code).count()


def test_logout_on_another_municipalitys_page_writes_nothing_into_its_chain(
    clerk_client: Client, clerk: StaffUser, minakami: Municipality
) -> None:
    before = _chain_length("104493")

    response = clerk_client.post("/104493/staff/logout/")

    assert _chain_length("104493") == before
    record = AuditRecord.objects.get(action="staff.logout")
    assert (record.chain, record.actor_id, record.result) == ("102121", str(clerk.pk), "success")
    assert record.detail == {"other_municipality_page": True}
    # The session ends all the same: a logout button must never leave someone signed in.
    assert response["Location"] == "/102121/staff/login/"
    assert clerk_client.get("/102121/staff/").status_code == 302


def test_logout_is_recorded_in_the_own_chain(clerk_client: Client, clerk: StaffUser) -> None:
    response = clerk_client.post("/102121/staff/logout/")

    assert response["Location"] == "/102121/staff/login/"
    record = AuditRecord.objects.get(action="staff.logout")
    assert (record.chain, record.detail) == ("102121", {})
    assert clerk_client.get("/102121/staff/").status_code == 302


def test_logout_without_a_session_records_nothing(client: Client, minakami: Municipality) -> None:
    before = AuditRecord.objects.count()

    response = client.post("/104493/staff/logout/")

    assert response["Location"] == "/104493/staff/login/"
    assert AuditRecord.objects.count() == before
