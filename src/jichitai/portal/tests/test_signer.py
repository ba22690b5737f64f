"""The signer must be the applicant (issue 9, finding 2), tried as the attack.

Signed in as one resident, an application signed with another resident's 署名用 card — of
this municipality or another — is refused on both channels (the residents' API and the
portal's pages) and nothing is written; the applicant's own card still showing an address
they have left is told the way to the counter; a 代替文字 in the card's name still matches;
staff see who signed; a stored signature whose signer is not the applicant re-verifies as
not valid, and one whose applicant moved since stays valid.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.identity.jpki.errors import SignerAddressOutdated, SignerNotApplicant
from jichitai.identity.jpki.virtual_card import VirtualCard, virtual_card_issue
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.portal.tests.helpers import (
    PASSWORD,
    api_post_case,
    api_resident_client,
    b64,
    demo_bind,
    demo_sign_in,
)
from jichitai.procedures.models import Case
from jichitai.procedures.selectors import case_signing_bytes
from jichitai.procedures.signing import SignedApplication
from jichitai.procedures.tests.factories import move_in_data, move_out_data, neighbour
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import Address, residents_move_within, residents_register
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person, yamada_family
from jichitai.tenants.models import Municipality

MINAKAMI_ADDRESS = "群馬県利根郡みなかみ町後閑318番地"
NEW_ADDRESS = "群馬県みどり市笠懸町鹿2952番地"


@pytest.fixture
def family(midori: Municipality, minakami: Municipality) -> dict[str, Resident]:
    """山田花子's household in みどり市; みなかみ町 is served on the same deployment."""
    return yamada_family(midori)


def _card_of(resident: Resident, **deviations: Any) -> VirtualCard:
    """The resident's own card (J-LIS writes the register's values), but for `deviations`."""
    values: dict[str, Any] = {
        "name": resident.name,
        "birth_date": resident.birth_date,
        "sex": resident.sex,
        "address": f"{resident.address}{resident.address_extra}",
        "my_number": "123456789018",
    }
    return virtual_card_issue(**{**values, **deviations})


@pytest.fixture
def hanako_card(jpki: JpkiWorld, family: dict[str, Resident]) -> VirtualCard:
    return _card_of(family["花子"])


def _juminhyo_request(applicant: Resident) -> dict[str, Any]:
    return {
        "applicant": {
            "name": applicant.name,
            "birth_date": applicant.birth_date.isoformat(),
            "address": applicant.address,
        },
        "persons": [{"resident_id": applicant.pk, "name": applicant.name}],
        "purpose": "勤務先への提出",
    }


def _signed_body(
    applicant: Resident, card: VirtualCard, password: str = PASSWORD
) -> dict[str, Any]:
    """住民票の写しの請求 of `applicant`, signed with `card`."""
    data = _juminhyo_request(applicant)
    signed = case_signing_bytes(
        applications=[
            SignedApplication(lg_code="102121", procedure_id="juminhyo_request", data=data)
        ]
    )
    return {
        "procedure_id": "juminhyo_request",
        "data": data,
        "signature": b64(card.sign_data(signed, password)),
    }


def _refusals(code: str) -> list[AuditRecord]:
    return list(
        AuditRecord.objects.filter(
            action="jpki.signature_verify", result=AuditRecord.Result.DENIED, detail={code: True}
        )
    )


def _register(
    municipality: Municipality, name: str, kana: str, born: dt.date, sex: str, address: str
) -> Resident:
    change = residents_register(
        municipality=municipality,
        change_type=ChangeType.MOVE_IN,
        people=[person(name, kana, born, sex, "世帯主")],
        address=Address(address=address),
        effective_on=dt.date(2024, 4, 1),
        notified_on=dt.date(2024, 4, 1),
        actor=None,
    )
    return Resident.objects.get(history__change=change)


def _move_within(family: dict[str, Resident], midori: Municipality) -> None:
    """転居: the household moves within みどり市; the card keeps the old address."""
    residents_move_within(
        municipality=midori,
        resident_ids=[r.pk for r in family.values()],
        address=Address(address=NEW_ADDRESS),
        effective_on=dt.date(2025, 10, 1),
        notified_on=dt.date(2025, 10, 1),
        actor=None,
    )


# ---------------------------------------------------------------------------- the API


def test_api_case_signed_with_a_neighbours_card_is_refused_and_writes_nothing(
    client: Client, hanako_card: VirtualCard, family: dict[str, Resident], midori: Municipality
) -> None:
    hanako = family["花子"]
    resident = api_resident_client(client, hanako_card)
    sato_card = _card_of(neighbour(midori))

    refused = api_post_case(resident, _signed_body(hanako, sato_card), key="juminhyo-1")

    assert refused.status_code == 422, refused.content
    assert refused.json()["code"] == "jpki.signer_not_applicant"
    assert refused.json()["detail"] == SignerNotApplicant().detail
    assert not Case.objects.exists()
    [denied] = _refusals("jpki.signer_not_applicant")
    assert denied.chain == "102121"
    assert "佐藤" not in str(denied.detail) and "山田" not in str(denied.detail)
    # The refusal consumed no Idempotency-Key: the same key with her own card goes through.
    accepted = api_post_case(resident, _signed_body(hanako, hanako_card), key="juminhyo-1")
    assert accepted.status_code == 201, accepted.content
    assert Case.objects.get().applicant == hanako


def test_api_case_signed_with_a_card_of_another_municipality_is_refused(
    client: Client, hanako_card: VirtualCard, family: dict[str, Resident], minakami: Municipality
) -> None:
    # Her namesake in みなかみ町: same 氏名, 生年月日 and 性別, another person all the same.
    namesake = _register(
        minakami, "山田　花子", "ヤマダ　ハナコ", dt.date(1990, 6, 15), "2", MINAKAMI_ADDRESS
    )
    resident = api_resident_client(client, hanako_card)

    refused = api_post_case(resident, _signed_body(family["花子"], _card_of(namesake)))

    assert refused.status_code == 422, refused.content
    assert refused.json()["code"] == "jpki.signer_not_applicant"
    assert not Case.objects.exists()


@pytest.mark.parametrize("former", ["転居前の住所", "転入前の住所"])
def test_api_card_with_a_former_address_is_sent_to_the_counter(
    client: Client,
    jpki: JpkiWorld,
    family: dict[str, Resident],
    midori: Municipality,
    former: str,
) -> None:
    hanako = family["花子"]
    resident = api_resident_client(client, _card_of(hanako))
    _move_within(family, midori)
    hanako.refresh_from_db()
    address = MIDORI_ADDRESS.address if former == "転居前の住所" else hanako.previous_address
    outdated_card = _card_of(hanako, address=address)

    refused = api_post_case(resident, _signed_body(hanako, outdated_card))

    assert refused.status_code == 422, refused.content
    assert refused.json()["code"] == "jpki.address_outdated"
    assert "窓口" in refused.json()["detail"]
    assert not Case.objects.exists()
    assert len(_refusals("jpki.address_outdated")) == 1


def test_api_substitute_character_in_the_card_name_still_matches(
    client: Client, jpki: JpkiWorld, hanako: Resident
) -> None:
    # The register has 髙橋; the card could not hold 髙 and wrote 高, flagged in 使用位置情報.
    card = _card_of(hanako, name="高橋　花子", name_substitute="10000")
    resident = api_resident_client(client, card)

    accepted = api_post_case(resident, _signed_body(hanako, card))

    assert accepted.status_code == 201, accepted.content
    assert Case.objects.get().applicant == hanako


# ---------------------------------------------------------------------------- the pages


@pytest.fixture
def taro(jpki: JpkiWorld, midori: Municipality) -> Resident:
    """山田太郎 of みどり市, whom the session's virtual card 'taro' describes."""
    return _register(
        midori, "山田　太郎", "ヤマダ　タロウ", dt.date(1958, 11, 3), "1", MIDORI_ADDRESS.address
    )


def test_pages_refuse_another_residents_card_with_the_message(
    jpki: JpkiWorld, hanako: Resident, taro: Resident
) -> None:
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    demo_bind(client)
    session = client.session
    session["portal.draft"] = {
        "procedure": "juminhyo_request",
        "data": _juminhyo_request(hanako),
        "destination": "",
        "token": uuid.uuid4().hex,
    }
    session.save()

    page = client.post(
        "/102121/portal/procedures/juminhyo_request/confirm/",
        {"device": "demo", "card_id": jpki.taro.card_id, "password": "TARO2026"},
    )

    assert page.status_code == 422
    text = page.content.decode()
    assert SignerNotApplicant().detail in text
    assert "jpki.signer_not_applicant" in text
    assert not Case.objects.exists()


def test_pages_send_an_outdated_card_to_the_counter(
    jpki: JpkiWorld, family: dict[str, Resident], midori: Municipality
) -> None:
    hanako = family["花子"]
    card = _card_of(hanako)
    client = Client()
    demo_sign_in(client, card.card_id)
    demo_bind(client)
    _move_within(family, midori)
    session = client.session
    session["portal.draft"] = {
        "procedure": "juminhyo_request",
        "data": _juminhyo_request(hanako),
        "destination": "",
        "token": uuid.uuid4().hex,
    }
    session.save()

    page = client.post(
        "/102121/portal/procedures/juminhyo_request/confirm/",
        {"device": "demo", "card_id": card.card_id, "password": PASSWORD},
    )

    assert page.status_code == 422
    assert SignerAddressOutdated().detail in page.content.decode()
    assert not Case.objects.exists()


# ---------------------------------------------------------------------------- staff and re-verification


def _case_page(clerk_client: Client, case: Case) -> str:
    response = clerk_client.get(f"/102121/office/cases/{case.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_inbox_case_page_shows_who_signed_beside_the_applicant(
    client: Client, hanako_card: VirtualCard, family: dict[str, Resident], clerk_client: Client
) -> None:
    resident = api_resident_client(client, hanako_card)
    assert api_post_case(resident, _signed_body(family["花子"], hanako_card)).status_code == 201
    case = Case.objects.get()

    page = _case_page(clerk_client, case)

    assert "<dt>署名者（電子証明書の氏名）</dt><dd>山田　花子</dd>" in page
    assert "<dt>署名者の生年月日</dt><dd>平成2年6月15日</dd>" in page
    assert "<dt>申請者（住民記録）</dt><dd>山田　花子（平成2年6月15日生）</dd>" in page
    assert "署名は有効" in page
    assert AuditRecord.objects.filter(action="case.view", object_id=str(case.pk)).exists()


def test_verify_case_signature_reports_a_signer_who_is_not_the_applicant(
    client: Client,
    hanako_card: VirtualCard,
    family: dict[str, Resident],
    midori: Municipality,
    clerk_client: Client,
) -> None:
    resident = api_resident_client(client, hanako_card)
    assert api_post_case(resident, _signed_body(family["花子"], hanako_card)).status_code == 201
    case = Case.objects.get()
    # A case the old code accepted: 佐藤一郎's application carrying 山田花子's signature.
    Case.objects.filter(pk=case.pk).update(applicant=neighbour(midori))

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify-case-signature", "102121", case.reference_number, stdout=out)

    assert f"{case.reference_number}  無効  jpki.signer_not_applicant" in out.getvalue()
    page = _case_page(clerk_client, case)
    assert "署名を確認できません" in page and SignerNotApplicant().detail in page
    assert "<dt>署名者（電子証明書の氏名）</dt><dd>山田　花子</dd>" in page


def test_verify_case_signature_stays_valid_after_the_applicant_moves(
    client: Client, hanako_card: VirtualCard, family: dict[str, Resident], midori: Municipality
) -> None:
    resident = api_resident_client(client, hanako_card)
    assert api_post_case(resident, _signed_body(family["花子"], hanako_card)).status_code == 201
    case = Case.objects.get()
    _move_within(family, midori)

    out = io.StringIO()
    call_command("verify-case-signature", "102121", case.reference_number, stdout=out)

    assert f"{case.reference_number}  有効" in out.getvalue()


# ---------------------------------------------------------------------------- 引越しワンストップ


def _moving_body(card: VirtualCard, move_out: dict[str, Any], move_in: dict[str, Any]) -> Any:
    signed = case_signing_bytes(
        applications=[
            SignedApplication(lg_code="102121", procedure_id="move_out", data=move_out),
            SignedApplication(lg_code="104493", procedure_id="move_in_reservation", data=move_in),
        ]
    )
    return {
        "procedure_id": "move_out",
        "data": move_out,
        "signature": b64(card.sign_data(signed, PASSWORD)),
        "destination_lg_code": "104493",
        "move_in_data": move_in,
    }


def test_api_reservation_naming_another_filer_is_refused(
    client: Client, hanako_card: VirtualCard, family: dict[str, Resident], midori: Municipality
) -> None:
    # At the destination the person has no record: the 届出人 the 転入予約 names is all its
    # staff go by, so it must be the signer too — not a neighbour put there by the API caller.
    resident = api_resident_client(client, hanako_card)
    members = [family["花子"]]
    move_in = move_in_data(members)
    sato = neighbour(midori)
    move_in["applicant"].update(name=sato.name, birth_date=sato.birth_date.isoformat(), sex="1")

    refused = api_post_case(resident, _moving_body(hanako_card, move_out_data(members), move_in))

    assert refused.status_code == 422, refused.content
    assert refused.json()["code"] == "jpki.signer_not_applicant"
    assert not Case.objects.exists()


def test_verify_case_signature_accepts_the_reservation_at_the_destination(
    client: Client, hanako_card: VirtualCard, family: dict[str, Resident]
) -> None:
    resident = api_resident_client(client, hanako_card)
    members = [family["花子"]]
    body = _moving_body(hanako_card, move_out_data(members), move_in_data(members))
    assert api_post_case(resident, body).status_code == 201

    out = io.StringIO()
    call_command("verify-case-signature", "104493", stdout=out)

    reservation = Case.objects.get(municipality_id="104493")
    assert reservation.applicant is None
    assert f"{reservation.reference_number}  有効" in out.getvalue()
