"""Residents sign in to the portal with the My Number card (virtual card, demo device and the
JPKI client's base64 answer), bind it once against the register, and are refused clearly."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from django.test import Client
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.identity.jpki.challenge import challenge_issue
from jichitai.identity.models import SignInChallenge
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.portal.models import CardBinding
from jichitai.portal.services import BIND, binding_statement
from jichitai.portal.tests.helpers import demo_bind, demo_sign_in
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 4, 7)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def test_first_sign_in_binds_the_card_then_the_pin_is_enough(
    jpki: JpkiWorld, hanako: Resident
) -> None:
    client = Client()
    first = demo_sign_in(client, jpki.hanako.card_id)
    assert first.status_code == 302
    assert first["Location"].startswith("/102121/portal/signin/bind/")

    bound = demo_bind(client)
    assert bound.status_code == 302
    home = client.get("/102121/portal/")
    assert "髙橋　花子 さん、こんにちは。" in home.content.decode()
    binding = CardBinding.objects.get()
    assert binding.resident == hanako
    assert binding.authentication_fingerprint == (
        jpki.hanako.authentication_certificate.fingerprint(hashes.SHA256()).hex()
    )

    again = Client()
    second = demo_sign_in(again, jpki.hanako.card_id)
    assert second.status_code == 302
    assert second["Location"] == "/102121/portal/"
    assert CardBinding.objects.count() == 1
    assert AuditRecord.objects.filter(action="portal.sign_in", result="success").exists()


def test_a_card_that_matches_nobody_is_refused_with_the_way_to_the_counter(
    jpki: JpkiWorld, hanako: Resident
) -> None:
    client = Client()
    demo_sign_in(client, jpki.taro.card_id, pin="4321")
    refused = demo_bind(client, password="TARO2026")

    assert refused.status_code == 422
    page = refused.content.decode()
    assert "基本4情報が住民記録と一致しません" in page
    assert "マイナンバーカードを持って、みどり市の窓口へお越しください。" in page
    # The code is for the support desk: only inside the folded disclosure.
    support = page.index("サポート窓口向けの情報")
    assert page.index("jpki.basic_four_mismatch") > support
    assert page.count("jpki.basic_four_mismatch") == 1
    assert CardBinding.objects.count() == 0
    assert AuditRecord.objects.filter(action="portal.card_bind", result="denied").exists()
    assert "portal.resident" not in client.session


def test_a_wrong_pin_says_how_many_tries_are_left(jpki: JpkiWorld, hanako: Resident) -> None:
    refused = demo_sign_in(Client(), jpki.hanako.card_id, pin="9999")
    assert refused.status_code == 422
    assert "暗証番号が違います。あと2回" in refused.content.decode()
    demo_sign_in(Client(), jpki.hanako.card_id, pin="1234")  # the right PIN resets the counter


def test_a_replayed_answer_is_refused(jpki: JpkiWorld, hanako: Resident) -> None:
    client = Client()
    nonce = challenge_issue(municipality_code="102121").nonce
    signature = jpki.hanako.sign_challenge(bytes.fromhex(nonce), "1234")
    answer = {
        "nonce": nonce,
        "signature": base64.b64encode(signature).decode(),
        "certificate": base64.b64encode(
            jpki.hanako.authentication_certificate.public_bytes(Encoding.DER)
        ).decode(),
    }
    assert client.post("/102121/portal/signin/", answer).status_code == 302
    replayed = Client().post("/102121/portal/signin/", answer)
    assert replayed.status_code == 422
    assert "jpki.challenge_replayed" in replayed.content.decode()


def test_a_bind_nonce_cannot_sign_in_and_garbage_is_refused(
    jpki: JpkiWorld, midori: Municipality
) -> None:
    nonce = challenge_issue(municipality_code="102121", purpose=BIND).nonce
    signature = jpki.hanako.sign_challenge(bytes.fromhex(nonce), "1234")
    refused = Client().post(
        "/102121/portal/signin/",
        {
            "nonce": nonce,
            "signature": base64.b64encode(signature).decode(),
            "certificate": base64.b64encode(
                jpki.hanako.authentication_certificate.public_bytes(Encoding.DER)
            ).decode(),
        },
    )
    assert refused.status_code == 422
    garbage = Client().post(
        "/102121/portal/signin/", {"nonce": nonce, "signature": "%%%", "certificate": "x"}
    )
    assert garbage.status_code == 422
    assert "portal.answer_unreadable" in garbage.content.decode()


def test_the_signing_certificate_cannotdemo_sign_in(jpki: JpkiWorld, midori: Municipality) -> None:
    nonce = challenge_issue(municipality_code="102121").nonce
    refused = Client().post(
        "/102121/portal/signin/",
        {
            "nonce": nonce,
            "signature": base64.b64encode(
                jpki.hanako.sign_data(bytes.fromhex(nonce), "JICHITAI1")
            ).decode(),
            "certificate": base64.b64encode(
                jpki.hanako.signing_certificate.public_bytes(Encoding.DER)
            ).decode(),
        },
    )
    assert refused.status_code == 422
    assert "jpki.authentication_certificate_required" in refused.content.decode()


def test_binding_without_step_one_goes_back_to_the_start(
    jpki: JpkiWorld, midori: Municipality
) -> None:
    response = Client().get("/102121/portal/signin/bind/")
    assert response.status_code == 302
    assert response["Location"] == "/102121/portal/signin/"


def test_the_binding_statement_is_canonical_json() -> None:
    assert binding_statement(municipality_code="102121", nonce="ab") == (
        b'{"municipality":"102121","nonce":"ab","purpose":"card_binding"}'
    )


def test_sign_out_ends_the_resident_session(jpki: JpkiWorld, hanako: Resident) -> None:
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    demo_bind(client)
    assert client.get("/102121/portal/cases/").status_code == 200
    client.post("/102121/portal/signout/")
    assert client.get("/102121/portal/cases/").status_code == 302


def _outside_details(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<details.*?</details>", "", html, flags=re.S))


def test_sign_in_and_binding_speak_plain_japanese_with_readings(
    jpki: JpkiWorld, hanako: Resident
) -> None:
    client = Client()
    sign_in = client.get("/102121/portal/signin/").content.decode()
    demo_sign_in(client, jpki.hanako.card_id)
    binding = client.get("/102121/portal/signin/bind/").content.decode()

    for page in (sign_in, binding):
        # Technical words only behind the support disclosure (JIS X 8341-3 わかりやすさ).
        for word in ("チャレンジ", "Base64", "DER", "RFC", "CMS"):
            assert word not in _outside_details(page), word
        assert "サポート窓口向けの情報" in page
    assert "<rt>りようしゃしょうめいようでんししょうめいしょ</rt>" in sign_in
    assert "<rt>しょめいようでんししょうめいしょ</rt>" in binding


def test_the_sign_in_page_says_how_long_it_lasts_and_a_late_answer_can_be_retried(
    jpki: JpkiWorld, hanako: Resident
) -> None:
    client = Client()
    page = client.get("/102121/portal/signin/")
    until = timezone.localtime(page.context["expires_at"]).strftime("%H:%M")
    assert f"この画面は5分間（{until} まで）有効です。" in page.content.decode()

    SignInChallenge.objects.filter(nonce=page.context["nonce"]).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    late = client.post(
        "/102121/portal/signin/",
        {
            "device": "demo",
            "card_id": jpki.hanako.card_id,
            "pin": "1234",
            "nonce": page.context["nonce"],
        },
    )
    assert late.status_code == 422
    assert "時間切れのため、ログインできませんでした" in late.content.decode()
    # A fresh challenge is on the page: answering it again signs in.
    assert late.context["nonce"] != page.context["nonce"]
    again = client.post(
        "/102121/portal/signin/",
        {
            "device": "demo",
            "card_id": jpki.hanako.card_id,
            "pin": "1234",
            "nonce": late.context["nonce"],
        },
    )
    assert again.status_code == 302
