"""A case signed with the virtual card's 署名用電子証明書 stays verifiable years later; an edit
of its stored data shows; a renewed card binds again and the old one stops signing in."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from jichitai.identity.jpki.virtual_card import virtual_card_issue
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.portal.access import resident_actor
from jichitai.portal.models import CardBinding
from jichitai.portal.tests.helpers import demo_bind, demo_sign_in
from jichitai.procedures.models import Case
from jichitai.procedures.selectors import case_signing_bytes
from jichitai.procedures.services import case_submit
from jichitai.procedures.signing import SignedApplication
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality


def _juminhyo_request(resident: Resident) -> dict[str, object]:
    return {
        "applicant": {
            "name": resident.name,
            "birth_date": resident.birth_date.isoformat(),
            "address": resident.address,
        },
        "persons": [{"resident_id": resident.pk, "name": resident.name}],
        "purpose": "勤務先への提出",
    }


def test_a_signed_case_is_reverified_and_an_edit_is_caught(
    jpki: JpkiWorld,
    hanako: Resident,
    midori: Municipality,
) -> None:
    data = _juminhyo_request(hanako)
    signed = case_signing_bytes(
        applications=[
            SignedApplication(lg_code="102121", procedure_id="juminhyo_request", data=data)
        ]
    )
    case = case_submit(
        municipality=midori,
        procedure_id="juminhyo_request",
        data=data,
        actor=resident_actor(hanako),
        signature=jpki.hanako.sign_data(signed, "JICHITAI1"),
    ).case
    out = io.StringIO()
    call_command("verify-case-signature", "102121", case.reference_number, stdout=out)
    assert f"{case.reference_number}  有効" in out.getvalue()

    Case.objects.filter(pk=case.pk).update(data={**data, "purpose": "その他"})
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify-case-signature", "102121", stdout=out)
    assert f"{case.reference_number}  無効  jpki.signature_invalid" in out.getvalue()


def test_a_renewed_card_binds_again_and_the_old_one_no_longer_signs_in(
    jpki: JpkiWorld,
    hanako: Resident,
) -> None:
    first = Client()
    demo_sign_in(first, jpki.hanako.card_id)
    demo_bind(first)
    renewed = virtual_card_issue(
        name="髙橋　花子",
        name_substitute="10000",
        birth_date=dt.date(1990, 4, 1),
        sex="2",
        address="群馬県みどり市笠懸町鹿２９５２番地",
        my_number="123456789018",
    )
    second = Client()
    assert demo_sign_in(second, renewed.card_id)["Location"].startswith(
        "/102121/portal/signin/bind/"
    )
    demo_bind(second)
    active = CardBinding.objects.filter(superseded_at__isnull=True)
    assert [b.resident for b in active] == [hanako]
    assert CardBinding.objects.count() == 2
    # The old card is now a stranger: it is asked to bind again, not signed in.
    assert demo_sign_in(Client(), jpki.hanako.card_id)["Location"].startswith(
        "/102121/portal/signin/bind/"
    )
