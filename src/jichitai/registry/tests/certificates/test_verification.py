"""verify_certificate_pdf (registry/certificates/verification.py) and `verify-certificate`:
valid, altered or unknown, offline."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pyhanko.pdf_utils.generic import NameObject, TextStringObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from jichitai.identity.models import StaffUser
from jichitai.registry.certificates.verification import VerificationStatus, verify_certificate_pdf
from jichitai.registry.models import IssuedCertificate, IssuedCertificateSubject, Resident
from jichitai.registry.tests.certificates.helpers import issue as _issue
from jichitai.tenants.models import Municipality


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
    IssuedCertificateSubject.objects.filter(certificate=issued.certificate).delete()
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
