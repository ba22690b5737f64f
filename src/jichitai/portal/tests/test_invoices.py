"""わたしの納付書 (issue 19, item 6): the signed-in resident sees their own invoices with their
status and downloads the slip; another person's invoice is not found."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.payments.services import light_vehicle_register, vehicle_tax_invoices_issue
from jichitai.portal.tests.helpers import demo_bind, demo_sign_in
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality

pytestmark = pytest.mark.django_db
PORTAL = "/102121/portal"


def _vehicle(midori: Municipality, plate: str, resident_code: str) -> None:
    light_vehicle_register(
        municipality=midori,
        plate=plate,
        vehicle_class="kei_passenger",
        owner_resident_code=resident_code,
        owner_name="所有者",
        registered_on=dt.date(2024, 1, 1),
        actor=None,
    )


def test_resident_sees_own_invoice_and_downloads_only_own_slip(
    jpki: JpkiWorld, hanako: Resident, midori: Municipality
) -> None:
    _vehicle(midori, "みどり あ 1", hanako.resident_code)
    _vehicle(midori, "みどり あ 2", "99999999999")
    mine, theirs = sorted(
        vehicle_tax_invoices_issue(municipality=midori, fiscal_year=2027, actor=None),
        key=lambda i: i.subject,
    )
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    demo_bind(client)
    page = client.get(f"{PORTAL}/invoices/").content.decode()
    assert "軽自動車税（種別割）" in page and "みどり あ 1" in page and "未納" in page
    assert "みどり あ 2" not in page
    slip = client.get(f"{PORTAL}/invoices/{mine.pk}/slip.pdf")
    assert slip.status_code == 200 and slip.content.startswith(b"%PDF")
    assert AuditRecord.objects.filter(action="payments.slip_read", actor_type="resident").exists()
    assert client.get(f"{PORTAL}/invoices/{theirs.pk}/slip.pdf").status_code == 404
