"""住民票の写し等: PDFs made from residents registered through the services, signed, verified."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect
from pyhanko.pdf_utils.generic import NameObject, TextStringObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pytest_django import Settings

from jichitai.audit.models import AuditRecord
from jichitai.common.exceptions import PermissionDenied, RuleViolation
from jichitai.common.wareki import to_wareki
from jichitai.identity.models import StaffUser
from jichitai.registry.certificates.documents import CertificateOptions
from jichitai.registry.certificates.services import (
    CertificateRequest,
    IssuedPdf,
    certificate_issue,
)
from jichitai.registry.certificates.verification import (
    VerificationStatus,
    verify_certificate_pdf,
)
from jichitai.registry.errors import ResidentNotFound
from jichitai.registry.inputs import PersonData
from jichitai.registry.models import (
    CertificateKind,
    ChangeType,
    IssuedCertificate,
    MunicipalitySigningKey,
    Resident,
)
from jichitai.registry.services import Address, residents_register, residents_remove
from jichitai.tenants.models import Municipality, MunicipalitySettings
from jichitai.testing.browser import assert_accessible

MOVED_IN = dt.date(2021, 4, 1)  # 令和3年4月1日
NOTIFIED = dt.date(2021, 4, 5)  # 令和3年4月5日
MY_NUMBER = "123456789018"
PURPOSE = "住民票の写しの交付"
COUNTER_REQUEST = CertificateRequest(requester="self", identity_check="drivers_license")


def _person(
    name: str, kana: str, born: dt.date, sex: str, relationship: str, **extra: Any
) -> PersonData:
    return PersonData(
        name=name, name_kana=kana, birth_date=born, sex=sex, relationship=relationship, **extra
    )


def _register(municipality: Municipality, people: list[PersonData], address: str) -> list[Resident]:
    change = residents_register(
        municipality=municipality,
        change_type=ChangeType.MOVE_IN,
        people=people,
        address=Address(address=address, address_extra="グリーンハイツ101号"),
        effective_on=MOVED_IN,
        notified_on=NOTIFIED,
        actor=None,
        previous_address="東京都千代田区千代田1番1号",
    )
    return list(Resident.objects.filter(history__change=change).order_by("household_order"))


@pytest.fixture
def mayor(midori: Municipality) -> None:
    _mayor_name(midori, "山田　一郎")


def _mayor_name(municipality: Municipality, name: str) -> None:
    settings = MunicipalitySettings.objects.get(municipality=municipality)
    settings.mayor_name = name
    settings.save()
    municipality.settings = settings


@pytest.fixture
def household(midori: Municipality, mayor: None) -> list[Resident]:
    """鈴木家: 世帯主 (with 個人番号 and 本籍), 妻, 子."""
    return _register(
        midori,
        [
            _person(
                "鈴木　一郎",
                "スズキ　イチロウ",
                dt.date(1980, 5, 3),
                "1",
                "世帯主",
                my_number=MY_NUMBER,
                domicile="群馬県みどり市大間々町大間々1番地",
                domicile_head="鈴木　一郎",
            ),
            _person("鈴木　花子", "スズキ　ハナコ", dt.date(1983, 11, 20), "2", "妻"),
            _person("鈴木　翔太", "スズキ　ショウタ", dt.date(2015, 2, 14), "1", "子"),
        ],
        "群馬県みどり市笠懸町阿左美1234番地",
    )


def _issue(
    municipality: Municipality,
    residents: list[Resident],
    actor: StaffUser,
    *,
    kind: CertificateKind = CertificateKind.JUMINHYO,
    request: CertificateRequest = COUNTER_REQUEST,
    **options: bool,
) -> IssuedPdf:
    return certificate_issue(
        municipality=municipality,
        kind=kind,
        resident_ids=[r.pk for r in residents],
        options=CertificateOptions(**options),
        actor=actor,
        purpose=PURPOSE,
        request=request,
    )


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is missing: install poppler-utils (apt-get install poppler-utils)"
    return path


def _text(pdf: bytes, tmp_path: Path, *, page: int | None = None) -> str:
    """The PDF's text as pdftotext extracts it, without any whitespace: extraction turns the
    full-width spaces of names (鈴木　一郎) and the spaces of "1 / 1" into layout gaps."""
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    text = subprocess.run(  # noqa: S603 - fixed tool, our own temporary file
        [_poppler("pdftotext"), "-layout", *pages, str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return _flat(text)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _fonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    command = [_poppler("pdffonts"), str(path)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    return [line.split() for line in out.splitlines()[2:]]


# --- 住民票の写し -------------------------------------------------------------------------


def test_juminhyo_of_the_whole_household_prints_its_items_in_wareki(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    issued = _issue(midori, household, clerk, include_household_head_and_relationship=True)
    text = _text(issued.pdf, tmp_path)
    for expected in (
        "住民票",
        "世帯全員",
        "鈴木　一郎",
        "鈴木　花子",
        "鈴木　翔太",
        "昭和55年5月3日",
        "昭和58年11月20日",
        "平成27年2月14日",
        "令和3年4月1日",
        "令和3年4月5日",
        "東京都千代田区千代田1番1号",
        "群馬県みどり市笠懸町阿左美1234番地",
        "グリーンハイツ101号",
        "世帯主",
        "妻",
        "以下余白",
        "1 / 1",
        f"発行番号 {issued.certificate.issue_number}",
    ):
        assert _flat(expected) in text, expected
    # 認証文, 和暦 issue date and the certifier prefixed with the 都道府県名 (§5.6).
    assert "この写しは、世帯全員の住民票の原本と相違ないことを証明する。" in text
    assert _flat("群馬県みどり市長　山田　一郎") in text
    assert to_wareki(timezone.localdate()).format() in text
    # Optional items stay off unless asked for.
    assert "個人番号" not in text and "本籍" not in text and "住民票コード" not in text
    assert MY_NUMBER not in text


def test_juminhyo_embeds_a_japanese_font(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    fonts = _fonts(_issue(midori, household, clerk).pdf, tmp_path)
    assert fonts, "no fonts in the PDF"
    for row in fonts:
        name, emb = row[0], row[-5]
        assert "CJK" in name or "Mincho" in name or "Gothic" in name or "Han" in name, name
        assert emb == "yes", f"{name} is not embedded"


def test_part_of_a_household_says_so(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    issued = _issue(midori, household[:2], clerk)
    text = _text(issued.pdf, tmp_path)
    assert "世帯の一部" in text
    assert "この写しは、世帯の一部の住民票の原本と相違ないことを証明する。" in text
    assert "鈴木翔太" not in text
    assert issued.certificate.whole_household is False


def test_optional_items_are_printed_when_asked_for(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    issued = _issue(
        midori,
        household,
        clerk,
        include_domicile=True,
        include_resident_code=True,
        include_name_kana=True,
    )
    text = _text(issued.pdf, tmp_path)
    assert "群馬県みどり市大間々町大間々1番地" in text and "筆頭者" in text
    assert household[0].resident_code in text
    assert _flat("（スズキ　イチロウ）") in text


def test_a_long_household_pages_and_attests_on_the_last_page_only(
    midori: Municipality, mayor: None, clerk: StaffUser, tmp_path: Path
) -> None:
    people = [_person("佐藤　健", "サトウ　ケン", dt.date(1960, 1, 1), "1", "世帯主")] + [
        _person(f"佐藤　子{n}", "サトウ　コ", dt.date(1990 + n, 1, 1), "2", "子")
        for n in range(1, 9)
    ]
    residents = _register(midori, people, "群馬県みどり市東町花輪1番地")
    issued = _issue(midori, residents, clerk, include_domicile=True, include_resident_code=True)
    pages = issued.certificate.pages
    assert pages >= 2
    first, last = _text(issued.pdf, tmp_path, page=1), _text(issued.pdf, tmp_path, page=pages)
    assert f"1/{pages}" in first and f"{pages}/{pages}" in last
    assert issued.certificate.issue_number in first and issued.certificate.issue_number in last
    assert "相違ないことを証明する" not in first
    assert "相違ないことを証明する" in last


@pytest.mark.parametrize("members", range(1, 9))
def test_the_statement_and_seal_never_stand_alone_on_a_page(
    midori: Municipality, mayor: None, clerk: StaffUser, tmp_path: Path, members: int
) -> None:
    # With every optional item, 4 and 8 members used to leave the 認証文 and the seal alone on
    # the last page, certifying nothing printed beside them.
    people = [_person("佐藤　健", "サトウ　ケン", dt.date(1960, 1, 1), "1", "世帯主")] + [
        _person(f"佐藤　子{n}", "サトウ　コ", dt.date(1990 + n, 1, 1), "2", "子")
        for n in range(1, members)
    ]
    residents = _register(midori, people, "群馬県みどり市東町花輪1番地")
    issued = _issue(
        midori,
        residents,
        clerk,
        include_household_head_and_relationship=True,
        include_domicile=True,
        include_resident_code=True,
    )
    last = _text(issued.pdf, tmp_path, page=issued.certificate.pages)
    assert "相違ないことを証明する" in last
    assert "みどり市長山田一郎" in last  # the certifier beside the seal
    assert "生年月日" in last and _flat(residents[-1].name) in last


def test_the_certificate_prints_the_absolute_verification_url(
    midori: Municipality,
    household: list[Resident],
    clerk: StaffUser,
    tmp_path: Path,
    settings: Settings,
) -> None:
    settings.JICHITAI_BASE_URL = "https://juki.example.lg.jp/"
    issued = _issue(midori, household, clerk)
    text = _text(issued.pdf, tmp_path)
    assert f"https://juki.example.lg.jp/{midori.lg_code}/certificates/verify/" in text
    assert f"（/{midori.lg_code}/certificates/verify/）" not in text


# --- 個人番号 ------------------------------------------------------------------------------


def test_my_number_asked_for_by_a_counter_clerk_is_refused_and_nothing_is_stored(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    with pytest.raises(PermissionDenied) as refused:
        _issue(midori, household, clerk, include_my_number=True)
    assert refused.value.code == "certificate.my_number_not_permitted"
    assert not IssuedCertificate.objects.exists()
    denied = AuditRecord.objects.get(action="registry.certificate_issue", result="denied")
    assert denied.detail == {
        "residents": 3,
        "my_number": True,
        "requester_self": True,
        "identity_drivers_license": True,
        "copies": 1,
    }


def test_my_number_is_printed_in_full_for_registry_review(
    midori: Municipality, household: list[Resident], supervisor: StaffUser, tmp_path: Path
) -> None:
    issued = _issue(midori, household, supervisor, include_my_number=True)
    assert "123456789018" in _text(issued.pdf, tmp_path)
    assert issued.certificate.with_my_number is True


# --- 除票の写し / 記載事項証明書 -------------------------------------------------------------


def test_closed_record_of_a_living_resident_is_refused(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    with pytest.raises(RuleViolation) as refused:
        _issue(midori, household[:1], clerk, kind=CertificateKind.CLOSED_RECORD)
    assert refused.value.code == "certificate.record_not_closed"
    assert not IssuedCertificate.objects.exists()


def _move_out(
    midori: Municipality, residents: list[Resident], new_head: Resident | None = None
) -> None:
    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[r.pk for r in residents],
        effective_on=dt.date(2025, 3, 31),
        notified_on=dt.date(2025, 3, 20),
        actor=None,
        moving_to_address="東京都港区芝公園4丁目2番8号",
        new_head_id=new_head.pk if new_head else None,
    )


def test_closed_record_shows_the_reason_the_date_and_where_they_went(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    child = household[2]
    _move_out(midori, [child])
    issued = _issue(
        midori,
        [child],
        clerk,
        kind=CertificateKind.CLOSED_RECORD,
        include_household_head_and_relationship=True,
    )
    text = _text(issued.pdf, tmp_path)
    for expected in (
        "住民票の除票",
        "鈴木　翔太",
        "転出",
        "転出予定年月日",
        "令和7年3月31日",
        "東京都港区芝公園4丁目2番8号",
        "令和7年3月20日",
        "この写しは、住民票の除票の原本と相違ないことを証明する。",
    ):
        assert _flat(expected) in text, expected
    # The 世帯主 as it stood when the record was closed.
    assert "鈴木一郎" in text


def test_a_closed_record_is_not_put_on_a_juminhyo(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    _move_out(midori, [household[2]])
    with pytest.raises(RuleViolation) as refused:
        _issue(midori, household, clerk)
    assert refused.value.code == "certificate.record_closed"


def test_a_juminhyo_takes_one_household_only(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    other = _register(
        midori,
        [_person("田中　次郎", "タナカ　ジロウ", dt.date(1970, 7, 7), "1", "世帯主")],
        "群馬県みどり市大間々町桐原2番地",
    )
    with pytest.raises(RuleViolation) as refused:
        _issue(midori, [household[0], other[0]], clerk)
    assert refused.value.code == "certificate.households_mixed"


def test_entry_certificate_certifies_the_items(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    issued = _issue(midori, household[:1], clerk, kind=CertificateKind.ENTRY_CERTIFICATE)
    text = _text(issued.pdf, tmp_path)
    assert "住民票記載事項証明書" in text
    assert "上記の事項は住民票に記載されていることを証明する。" in text
    assert "群馬県みどり市笠懸町阿左美1234番地" in text


# --- tenancy, audit, refusals --------------------------------------------------------------


def test_another_municipalitys_residents_are_not_found(
    midori: Municipality, minakami: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    with pytest.raises(ResidentNotFound):
        certificate_issue(
            municipality=minakami,
            kind=CertificateKind.JUMINHYO,
            resident_ids=[household[0].pk],
            options=CertificateOptions(),
            actor=clerk,
            purpose=PURPOSE,
            request=COUNTER_REQUEST,
        )


def test_the_audit_record_holds_counts_and_flags_only(
    midori: Municipality, household: list[Resident], supervisor: StaffUser
) -> None:
    issued = _issue(midori, household, supervisor, include_my_number=True, include_domicile=True)
    record = AuditRecord.objects.get(action="registry.certificate_issue", result="success")
    assert record.purpose == PURPOSE
    assert record.object_id == str(issued.certificate.pk)
    assert record.detail["residents"] == 3 and record.detail["my_number"] is True
    assert record.detail["requester_self"] is True
    assert record.detail["identity_drivers_license"] is True
    assert record.detail["copies"] == 1 and record.detail["fee"] == 300
    everything = json.dumps(
        {f.name: str(getattr(record, f.attname)) for f in AuditRecord._meta.concrete_fields},
        ensure_ascii=False,
    )
    for resident in household:
        for value in (
            resident.name,
            resident.name_kana,
            resident.address,
            resident.resident_code,
            resident.birth_date.isoformat(),
        ):
            assert value not in everything
    assert MY_NUMBER not in everything and "大間々1番地" not in everything


def test_the_issue_record_keeps_no_personal_data_nor_the_pdf(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    issued = _issue(midori, household, clerk)
    row = IssuedCertificate.objects.values().get(pk=issued.certificate.pk)
    assert set(row) == {
        "id",
        "municipality_id",
        "issue_number",
        "serial",
        "kind",
        "whole_household",
        "sha256",
        "issued_at",
        "actor_id",
        "purpose",
        "residents",
        "pages",
        "with_household_head",
        "with_domicile",
        "with_resident_code",
        "with_my_number",
        "requester",
        "identity_check",
        "copies",
        "fee",
        "signing_key_id",
    }
    assert row["residents"] == 3 and row["pages"] == 1 and row["whole_household"] is True
    assert row["requester"] == "self" and row["identity_check"] == "drivers_license"
    assert row["copies"] == 1 and row["fee"] == 300


def test_issue_numbers_run_on_per_municipality(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    first = _issue(midori, household, clerk).certificate
    second = _issue(midori, household[:1], clerk).certificate
    assert second.serial == first.serial + 1
    assert first.issue_number.endswith("-000001") and second.issue_number.endswith("-000002")


def test_a_character_no_font_has_is_refused_instead_of_printed_as_a_box(
    midori: Municipality, mayor: None, clerk: StaffUser
) -> None:
    residents = _register(
        midori,
        [_person("\ue000田　太郎", "タダ　タロウ", dt.date(1970, 1, 1), "1", "世帯主")],
        "群馬県みどり市大間々町1番地",
    )
    with pytest.raises(RuleViolation) as refused:
        _issue(midori, residents, clerk)
    assert refused.value.code == "certificate.glyph_missing"
    assert "\ue000" not in refused.value.detail
    assert not IssuedCertificate.objects.exists()


def test_a_certifier_without_a_name_is_refused(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    _mayor_name(midori, "")
    with pytest.raises(RuleViolation) as refused:
        _issue(midori, household, clerk)
    assert refused.value.code == "certificate.mayor_name_missing"


# --- signing keys ---------------------------------------------------------------------------


def test_the_signing_key_is_made_on_first_use_and_kept_encrypted(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    assert not MunicipalitySigningKey.objects.exists()
    issued = _issue(midori, household, clerk)
    key = MunicipalitySigningKey.objects.get(municipality=midori, is_active=True)
    assert issued.certificate.signing_key == key
    assert "PRIVATE KEY" not in key.key_cipher and key.key_cipher.startswith("v1.")
    certificate = x509.load_pem_x509_certificate(key.certificate_pem.encode())
    assert "群馬県みどり市長" in certificate.subject.rfc4514_string()


def test_init_signing_key_rotates_and_old_certificates_still_verify(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    old = _issue(midori, household, clerk)
    with pytest.raises(CommandError):
        call_command("init-signing-key", midori.lg_code)
    call_command("init-signing-key", midori.lg_code, "--rotate", stdout=io.StringIO())
    assert MunicipalitySigningKey.objects.filter(municipality=midori).count() == 2
    new = _issue(midori, household, clerk)
    assert new.certificate.signing_key != old.certificate.signing_key
    assert verify_certificate_pdf(old.pdf).valid
    assert verify_certificate_pdf(new.pdf).valid


def _ca_issued(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A CA and a signing certificate it issued, as files (what an LGPKI import looks like)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "テスト認証局")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "群馬県みどり市長")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = tmp_path / "key.pem", tmp_path / "cert.pem", tmp_path / "ca.pem"
    paths[0].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return paths


def test_a_ca_issued_key_can_be_imported_and_anchors_verification(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    key_file, cert_file, ca_file = _ca_issued(tmp_path)
    call_command(
        "init-signing-key",
        midori.lg_code,
        "--key-file",
        str(key_file),
        "--cert-file",
        str(cert_file),
        "--ca-file",
        str(ca_file),
        stdout=io.StringIO(),
    )
    key = MunicipalitySigningKey.objects.get(municipality=midori, is_active=True)
    assert key.origin == MunicipalitySigningKey.Origin.IMPORTED
    issued = _issue(midori, household, clerk)
    assert verify_certificate_pdf(issued.pdf).valid


def test_an_import_without_its_ca_is_refused(midori: Municipality, tmp_path: Path) -> None:
    key_file, cert_file, _ = _ca_issued(tmp_path)
    with pytest.raises(CommandError, match="認証局"):
        call_command(
            "init-signing-key",
            midori.lg_code,
            "--key-file",
            str(key_file),
            "--cert-file",
            str(cert_file),
        )
    assert not MunicipalitySigningKey.objects.exists()


# --- verification ---------------------------------------------------------------------------


def test_an_issued_certificate_verifies(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    issued = _issue(midori, household, clerk)
    result = verify_certificate_pdf(issued.pdf)
    assert result.valid and result.status == VerificationStatus.VALID
    assert result.issue_number == issued.certificate.issue_number
    assert result.municipality == midori
    assert result.issued_at == issued.certificate.issued_at
    assert verify_certificate_pdf(issued.pdf, municipality=midori).valid


@pytest.mark.parametrize("where", [0.25, 0.5, 0.75])
def test_one_flipped_byte_is_reported_as_altered(
    midori: Municipality, household: list[Resident], clerk: StaffUser, where: float
) -> None:
    pdf = bytearray(_issue(midori, household, clerk).pdf)
    pdf[int(len(pdf) * where)] ^= 0x01
    result = verify_certificate_pdf(bytes(pdf))
    assert not result.valid
    assert result.status == VerificationStatus.ALTERED, result.reason


def test_a_revision_added_after_signing_is_reported_as_altered(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    pdf = _issue(midori, household, clerk).pdf
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    info = writer.root  # the catalog: any object added in a new revision will do
    info[NameObject("/Lang")] = TextStringObject("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    result = verify_certificate_pdf(out.getvalue())
    assert not result.valid and result.status == VerificationStatus.ALTERED


def test_a_pdf_never_issued_is_unknown(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    from weasyprint import HTML

    unsigned = HTML(string="<p>住民票</p>").write_pdf()
    result = verify_certificate_pdf(unsigned)
    assert not result.valid and result.status == VerificationStatus.UNKNOWN
    # Signed with the municipality's own key, but there is no issue record (as if the issue
    # had rolled back after signing).
    issued = _issue(midori, household, clerk)
    IssuedCertificate.objects.filter(pk=issued.certificate.pk).delete()
    result = verify_certificate_pdf(issued.pdf)
    assert not result.valid and result.status == VerificationStatus.UNKNOWN
    assert "発行記録がありません" in result.reason
    assert verify_certificate_pdf(b"not a pdf").valid is False


def test_a_certificate_is_unknown_on_another_municipalitys_page(
    midori: Municipality, minakami: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    issued = _issue(midori, household, clerk)
    result = verify_certificate_pdf(issued.pdf, municipality=minakami)
    assert not result.valid and result.status == VerificationStatus.UNKNOWN


def test_verify_certificate_command_exits_0_when_valid_and_1_when_altered(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    issued = _issue(midori, household, clerk)
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(issued.pdf)
    tampered = bytearray(issued.pdf)
    tampered[len(tampered) // 3] ^= 0x01
    bad.write_bytes(bytes(tampered))
    out = io.StringIO()
    call_command("verify-certificate", str(good), stdout=out)
    assert "有効" in out.getvalue() and issued.certificate.issue_number in out.getvalue()
    with pytest.raises(CommandError, match="改ざん") as failed:
        call_command("verify-certificate", str(bad))
    assert failed.value.returncode == 1


# --- the public verification page -----------------------------------------------------------


def _upload(client: Client, lg_code: str, content: bytes, name: str = "c.pdf") -> str:
    response = client.post(
        f"/{lg_code}/certificates/verify/",
        {"file": SimpleUploadedFile(name, content, "application/pdf")},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_verification_page_is_public(client: Client, midori: Municipality) -> None:
    response = client.get(f"/{midori.lg_code}/certificates/verify/")
    assert response.status_code == 200
    assert "証明書の検証" in response.content.decode()


def test_the_verification_page_says_valid_or_altered(
    client: Client, midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    issued = _issue(midori, household, clerk)
    page = _upload(client, midori.lg_code, issued.pdf)
    assert "有効" in page and issued.certificate.issue_number in page
    assert "鈴木" not in page  # the page shows the record, never the content
    tampered = bytearray(issued.pdf)
    tampered[len(tampered) // 2] ^= 0x01
    assert "改ざんされているか、発行記録がありません" in _upload(
        client, midori.lg_code, bytes(tampered)
    )


def test_the_verification_page_refuses_non_pdfs_and_large_files(
    client: Client, midori: Municipality
) -> None:
    assert "PDFファイルを選んでください" in _upload(client, midori.lg_code, b"GIF89a...", "x.pdf")
    big = b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024)
    assert "10MB" in _upload(client, midori.lg_code, big)


@pytest.mark.browser
def test_the_verification_page_as_a_person_uses_it(
    page: Page, midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    issued = _issue(midori, household, clerk)
    good = tmp_path / "juminhyo.pdf"
    good.write_bytes(issued.pdf)
    page.goto(f"/{midori.lg_code}/certificates/verify/")
    expect(page.get_by_role("heading", level=1)).to_have_text("証明書の検証")
    assert_accessible(page, name="certificate-verify")
    page.get_by_label("証明書のPDFファイル").set_input_files(str(good))
    page.get_by_role("button", name="検証する").click()
    expect(page.get_by_text("有効", exact=True)).to_be_visible()
    expect(page.get_by_text(issued.certificate.issue_number)).to_be_visible()
    assert_accessible(page, name="certificate-verify-valid")
