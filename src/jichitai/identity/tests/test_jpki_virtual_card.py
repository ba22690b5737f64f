from __future__ import annotations

import base64
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from django.core.management import CommandError, call_command
from pytest_django import Settings

from jichitai.common.exceptions import DomainError
from jichitai.config.tests.test_settings import PRODUCTION_ENV
from jichitai.identity.jpki.basic_four import basic_four_from_certificate
from jichitai.identity.jpki.challenge import challenge_answer, challenge_issue
from jichitai.identity.jpki.errors import JpkiError, VirtualCaRefused
from jichitai.identity.jpki.virtual_card import (
    VirtualCard,
    VirtualCertificateAuthority,
    virtual_card_address_change,
    virtual_card_issue,
)
from jichitai.identity.models import RevocationListLoad
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.identity.tests.jpki_factories import der
from jichitai.tenants.models import Municipality


def _issue(*extra: str) -> str:
    out = io.StringIO()
    call_command(
        "card",
        "issue",
        "--name",
        "見本　一郎",
        "--birth-date",
        "平成2年4月1日",
        "--sex",
        "1",
        "--address",
        "群馬県みどり市大間々町",
        "--my-number",
        "123456789018",
        *extra,
        stdout=out,
    )
    return out.getvalue().strip()


def test_card_issue_list_and_sign_a_challenge_for_api_clients(
    jpki: JpkiWorld, midori: Municipality, capsys: pytest.CaptureFixture[str]
) -> None:
    card_id = _issue("--pin", "5678")
    card = VirtualCard.load(card_id)
    assert card.basic_four.birth_date is not None and card.basic_four.birth_date.year == 1990
    call_command("card", "list")
    assert card_id in capsys.readouterr().out
    challenge = challenge_issue(municipality_code="102121")
    call_command(
        "card",
        "sign",
        "--card",
        card_id,
        "--which",
        "auth",
        "--challenge",
        challenge.nonce,
        "--pin",
        "5678",
    )
    answer = json.loads(capsys.readouterr().out)
    verified = challenge_answer(
        municipality_code="102121",
        nonce=challenge.nonce,
        signature=base64.b64decode(answer["signature"]),
        certificate_der=base64.b64decode(answer["certificate"]),
    )
    assert verified.certificate == card.authentication_certificate


def test_card_file_is_marked_demo_only_and_keeps_no_pin(jpki: JpkiWorld) -> None:
    document = json.loads(jpki.hanako.path.read_text(encoding="utf-8"))
    assert document["demo_only"] is True
    assert "1234" not in json.dumps(document["pins"])
    assert oct(jpki.hanako.path.stat().st_mode)[-3:] == "600"


def test_card_rejects_bad_pins_and_my_numbers(jpki: JpkiWorld) -> None:
    with pytest.raises(CommandError, match=r"jpki\.virtual_card_invalid"):
        _issue("--pin", "12")
    with pytest.raises(CommandError, match=r"my_number\.check_digit"):
        call_command(
            "card",
            "issue",
            "--name",
            "a",
            "--birth-date",
            "2000-01-01",
            "--sex",
            "1",
            "--address",
            "b",
            "--my-number",
            "123456789012",
        )


def test_unknown_card_id_is_not_found(jpki: JpkiWorld) -> None:
    with pytest.raises(DomainError) as caught:
        VirtualCard.load("../../etc/passwd")
    assert caught.value.code == "jpki.virtual_card_not_found"


def test_revoked_virtual_card_can_no_longer_sign_in(jpki: JpkiWorld, midori: Municipality) -> None:
    card = virtual_card_issue(
        name="取消　次郎",
        birth_date=dt.date(1999, 9, 9),
        sex="1",
        address="群馬県",
        my_number="123456789018",
    )
    call_command("card", "revoke", "--card", card.card_id)
    challenge = challenge_issue(municipality_code="102121")
    with pytest.raises(JpkiError) as caught:
        challenge_answer(
            municipality_code="102121",
            nonce=challenge.nonce,
            signature=card.sign_challenge(bytes.fromhex(challenge.nonce), "1234"),
            certificate_der=der(card.authentication_certificate),
        )
    assert caught.value.code == "jpki.certificate_revoked"


def test_init_ca_refuses_when_test_ca_not_allowed(
    jpki: JpkiWorld, settings: Settings, tmp_path: Path
) -> None:
    settings.JPKI_ALLOW_TEST_CA = False
    with pytest.raises(VirtualCaRefused):
        VirtualCertificateAuthority.create(directory=tmp_path)
    with pytest.raises(CommandError, match=r"jpki\.test_ca_refused"):
        call_command("card", "init-ca", "--force")
    assert not (tmp_path / "ca.pem").exists()


def test_production_settings_refuse_the_test_ca(tmp_path: Path) -> None:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("JICHITAI_", "DJANGO_", "JPKI_"))
    }
    result = subprocess.run(
        [sys.executable, "-m", "jichitai.manage", "card", "init-ca"],
        env={
            **clean,
            **PRODUCTION_ENV,
            "JPKI_TEST_CA_DIR": str(tmp_path / "ca"),
            "JPKI_ALLOW_TEST_CA": "1",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "jpki.test_ca_refused" in result.stderr
    assert not (tmp_path / "ca").exists()


def test_init_ca_makes_a_ca_and_loads_its_crl(
    jpki: JpkiWorld, settings: Settings, tmp_path: Path
) -> None:
    settings.JPKI_TEST_CA_DIR = str(tmp_path)
    settings.JPKI_TRUST_ANCHORS = [str(tmp_path / "ca.pem")]
    call_command("card", "init-ca")
    assert (tmp_path / "ca.pem").exists() and (tmp_path / "crl.pem").exists()
    assert RevocationListLoad.objects.filter(issuer_name__contains="テスト認証局").count() == 2
    with pytest.raises(CommandError, match="既にあります"):
        call_command("card", "init-ca")


def test_what_card_sign_prints_feeds_verify_signature(
    jpki: JpkiWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card_id = _issue("--pin", "5678")
    data = tmp_path / "application.json"
    data.write_bytes(b'{"procedure":"move_out"}')
    sign = ["card", "sign", "--card", card_id, "--which", "sign", "--data", str(data)]
    call_command(*sign, "--pin", "JICHITAI1")
    printed = tmp_path / "signature.json"
    printed.write_text(capsys.readouterr().out, encoding="utf-8")
    call_command(*sign, "--pin", "JICHITAI1", "--out", str(tmp_path / "signature.der"))
    capsys.readouterr()

    for signature in (printed, tmp_path / "signature.der"):
        call_command("verify-signature", "--data", str(data), "--signature", str(signature))
        assert "有効: 署名用電子証明書" in capsys.readouterr().out


def test_an_address_change_reissues_only_the_signing_certificate(jpki: JpkiWorld) -> None:
    """券面記載事項の変更: the new 署名用電子証明書 carries the new address and the old one is
    on the CRL; sign-in (利用者証明用) goes on with the same certificate."""
    card = VirtualCard.load(_issue())
    old_signing = card.signing_certificate
    old_authentication = card.authentication_certificate

    virtual_card_address_change(card, address="群馬県利根郡みなかみ町後閑318番地")

    reloaded = VirtualCard.load(card.card_id)
    assert basic_four_from_certificate(reloaded.signing_certificate).address == (
        "群馬県利根郡みなかみ町後閑318番地"
    )
    assert reloaded.card_info.address == "群馬県利根郡みなかみ町後閑318番地"
    assert reloaded.signing_certificate.serial_number != old_signing.serial_number
    assert reloaded.authentication_certificate == old_authentication
    crl = x509.load_pem_x509_crl(VirtualCertificateAuthority.load().crl_path.read_bytes())
    assert crl.get_revoked_certificate_by_serial_number(old_signing.serial_number) is not None
