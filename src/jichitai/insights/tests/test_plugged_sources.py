"""The dashboard's counter section reads the queue (visits) and the counter's 書かない測定
(counter) as they record them: no fake source, the apps' own services and rows."""

from __future__ import annotations

import pytest
from django.test import Client

from jichitai.conftest import _staff, signed_in
from jichitai.counter.models import CounterSession, FieldOrigin
from jichitai.identity.models import Role, StaffUser
from jichitai.tenants.models import Municipality
from jichitai.visits.services import (
    ticket_call_next,
    ticket_finish,
    ticket_issue,
    ticket_no_show,
    ticket_start,
)
from jichitai.visits.tests.factories import certificates_service, counter_of


@pytest.fixture
def admin_client(midori: Municipality) -> Client:
    return signed_in(_staff(midori, "dx-lead", Role.ADMIN))


def test_the_queue_and_the_counter_fill_the_dashboard(
    admin_client: Client, midori: Municipality, clerk: StaffUser
) -> None:
    page = admin_client.get("/102121/insights/").content.decode()
    assert "窓口の整理券と書かない窓口の記録は、まだデータがありません" in page

    service = certificates_service(midori)
    counter = counter_of(midori, 1, service)
    for _ in range(2):
        ticket_issue(municipality_code="102121", service_key=service.key)
    served = ticket_call_next(municipality_code="102121", counter_id=counter.pk, actor=clerk)
    ticket_start(municipality_code="102121", ticket_id=served.pk, actor=clerk)
    ticket_finish(municipality_code="102121", ticket_id=served.pk, actor=clerk)
    absent = ticket_call_next(municipality_code="102121", counter_id=counter.pk, actor=clerk)
    ticket_no_show(municipality_code="102121", ticket_id=absent.pk, actor=clerk)

    session = CounterSession.objects.create(municipality=midori, staff=clerk, event_id="move_in")
    origins = ["prefilled"] * 9 + ["staff"]
    FieldOrigin.objects.bulk_create(
        FieldOrigin(
            municipality=midori,
            session=session,
            procedure_id="nhi_membership",
            field=f"/field{n}",
            origin=origin,
        )
        for n, origin in enumerate(origins)
    )

    page = admin_client.get("/102121/insights/").content.decode()
    assert "整理券 2枚（対応済み 1枚、呼び出しても来られなかった方 1枚）" in page
    assert "90.0%" in page  # 書かない rate: 9 of 10 fields came pre-filled
