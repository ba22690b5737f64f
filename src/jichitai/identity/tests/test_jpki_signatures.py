from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jichitai.audit.models import AuditRecord
from jichitai.identity.jpki.errors import JpkiError, PayloadNotCanonicalizable
from jichitai.identity.jpki.signatures import (
    canonical_application_bytes,
    sign_detached,
    verify_detached_signature,
)
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.tenants.models import Municipality

APPLICATION = {"procedure": "child_allowance", "amount": 15000, "children": [{"name": "花子"}]}


def _refusal(data: bytes, cms: bytes) -> str:
    with pytest.raises(JpkiError) as caught:
        verify_detached_signature(data, cms)
    return caught.value.code


def test_canonical_form_ignores_key_order_and_whitespace() -> None:
    reordered = {"children": [{"name": "花子"}], "amount": 15000, "procedure": "child_allowance"}
    assert canonical_application_bytes(APPLICATION) == canonical_application_bytes(reordered)
    assert canonical_application_bytes({"b": 1.0, "a": "é"}) == '{"a":"é","b":1}'.encode()


def test_data_json_cannot_represent_is_refused() -> None:
    with pytest.raises(PayloadNotCanonicalizable) as caught:
        canonical_application_bytes({"big": 2**60})
    assert caught.value.code == "jpki.payload_invalid"


def test_signed_application_verifies_and_names_the_signer(
    jpki: JpkiWorld, midori: Municipality
) -> None:
    cms = jpki.hanako.sign_application(APPLICATION, "JICHITAI1")
    verified = verify_detached_signature(
        canonical_application_bytes(APPLICATION), cms, municipality_code="102121"
    )
    assert verified.basic_four is not None
    assert verified.basic_four.name == "髙橋　花子"
    record = AuditRecord.objects.get(action="jpki.signature_verify")
    assert (record.result, record.municipality_code) == ("success", "102121")


def test_tampered_data_is_refused(jpki: JpkiWorld) -> None:
    cms = jpki.hanako.sign_application(APPLICATION, "JICHITAI1")
    tampered = canonical_application_bytes({**APPLICATION, "amount": 150000})
    assert _refusal(tampered, cms) == "jpki.signature_invalid"
    assert AuditRecord.objects.get(action="jpki.signature_verify").detail == {
        "jpki.signature_invalid": True
    }


def test_authentication_certificate_cannot_sign_an_application(jpki: JpkiWorld) -> None:
    data = canonical_application_bytes(APPLICATION)
    cms = sign_detached(
        data,
        certificate=jpki.hanako.authentication_certificate,
        private_key=jpki.hanako.authentication_key,
    )
    assert _refusal(data, cms) == "jpki.signing_certificate_required"


def test_malformed_signature_is_refused(jpki: JpkiWorld) -> None:
    assert _refusal(b"data", b"\x30\x03garbage") == "jpki.signature_malformed"


def test_verify_signature_command_exits_0_when_valid_and_1_with_the_reason(
    jpki: JpkiWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, signature = tmp_path / "application.json", tmp_path / "application.p7s"
    data.write_bytes(canonical_application_bytes(APPLICATION))
    signature.write_bytes(jpki.taro.sign_application(APPLICATION, "TARO2026"))
    call_command("verify-signature", "--data", str(data), "--signature", str(signature))
    assert "有効: 署名用電子証明書" in capsys.readouterr().out
    data.write_bytes(b'{"amount":1}')
    with pytest.raises(CommandError) as caught:
        call_command("verify-signature", "--data", str(data), "--signature", str(signature))
    assert caught.value.returncode == 1
    assert "jpki.signature_invalid" in str(caught.value)
    assert "無効" in str(caught.value)


def test_a_caller_that_records_the_success_itself_leaves_only_refusals_here(
    jpki: JpkiWorld, midori: Municipality
) -> None:
    cms = jpki.hanako.sign_application(APPLICATION, "JICHITAI1")
    data = canonical_application_bytes(APPLICATION)
    verify_detached_signature(data, cms, municipality_code="102121", audit_success=False)
    assert not AuditRecord.objects.filter(action="jpki.signature_verify").exists()
    with pytest.raises(JpkiError):
        verify_detached_signature(data + b" ", cms, municipality_code="102121", audit_success=False)
    assert AuditRecord.objects.get(action="jpki.signature_verify").result == "denied"
