"""証明書の検証 (verify a certificate PDF): is it one we issued, unchanged?

Two independent checks, both required:
1. the PAdES signature is intact, covers the whole file and chains, offline, to the trust
   anchor of the municipality's signing key (pyHanko's validator, no fetching);
2. the file's SHA-256 is on record as an issued certificate of that municipality.
A PDF that fails 1 was altered; one that passes 1 but not 2 was never issued (or not here).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext

from jichitai.common.ratelimit import limit_take
from jichitai.common.request_context import current_source
from jichitai.registry.certificates.signing import outside_event_loop, trust_roots
from jichitai.registry.models import (
    CertificateKind,
    IssuedCertificate,
    MunicipalitySigningKey,
)
from jichitai.tenants.models import Municipality

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
# Either usage is a signing certificate; a CA-issued one may carry only digitalSignature.
_KEY_USAGE = KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)


class VerificationStatus(StrEnum):
    VALID = "valid"
    ALTERED = "altered"
    UNKNOWN = "unknown"


@dataclass(frozen=True, kw_only=True)
class Verification:
    """The answer about one PDF. `reason` is Japanese and holds no personal data."""

    valid: bool
    status: VerificationStatus
    reason: str
    issue_number: str = ""
    municipality: Municipality | None = None
    issued_at: dt.datetime | None = None
    kind: str = ""

    @property
    def kind_label(self) -> str:
        return str(CertificateKind(self.kind).label) if self.kind else ""


def _altered(reason: str) -> Verification:
    return Verification(valid=False, status=VerificationStatus.ALTERED, reason=reason)


def _unknown(reason: str) -> Verification:
    return Verification(valid=False, status=VerificationStatus.UNKNOWN, reason=reason)


CERTIFICATE_VERIFICATIONS = "registry.certificate_verify"


def certificate_verify_upload(pdf_bytes: bytes, *, municipality: Municipality) -> Verification:
    """公開ページでの検証 (a PDF uploaded to the public verification page): each upload costs
    a PDF parse and signature check, so a source may check JICHITAI_RATE_CERTIFICATE_VERIFY
    files. Raises RateLimited."""
    limit_take(
        CERTIFICATE_VERIFICATIONS,
        key=current_source(),
        rate=settings.JICHITAI_RATE_CERTIFICATE_VERIFY,
    )
    return verify_certificate_pdf(pdf_bytes, municipality=municipality)


def verify_certificate_pdf(
    pdf_bytes: bytes, *, municipality: Municipality | None = None
) -> Verification:
    """証明書PDFの検証. With `municipality` (the public page of one municipality) only its
    keys and records count; without (the command line) the signer's certificate says which
    municipality to ask."""
    if not pdf_bytes.startswith(PDF_MAGIC):
        return _altered("PDFファイルではありません。")
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        signatures = reader.embedded_signatures
        signer_cert = signatures[0].signer_cert if len(signatures) == 1 else None
    except Exception as error:
        # Any unreadable file is simply not valid: hostile or damaged input fails in many
        # ways inside the PDF parser. The type is enough to diagnose; the message could
        # quote the file's content.
        logger.info("certificate PDF unreadable: %s", type(error).__name__)
        return _altered("PDFの構造が壊れています。発行後に変更された可能性があります。")
    if not signatures:
        return _unknown("電子署名がありません。")
    if signer_cert is None:
        return _altered("電子署名が複数あります。発行後に署名が追加されています。")
    fingerprint = hashlib.sha256(signer_cert.dump()).hexdigest()
    keys = MunicipalitySigningKey.objects.filter(fingerprint=fingerprint).select_related(
        "municipality"
    )
    if municipality is not None:
        keys = keys.filter(municipality=municipality)
    key = keys.order_by("pk").first()
    if key is None:
        return _unknown("この団体の電子公印による署名ではありません。")
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    record = (
        IssuedCertificate.objects.for_municipality(key.municipality_id)
        .filter(sha256=digest, signing_key=key)
        .first()
    )
    context = ValidationContext(
        trust_roots=trust_roots(key),
        allow_fetching=False,
        # The key's certificate may have expired since: judge it as of the issue.
        moment=record.issued_at if record else timezone.now(),
    )
    try:
        status = outside_event_loop(
            validate_pdf_signature,
            signatures[0],
            context,
            key_usage_settings=_KEY_USAGE,
            skip_diff=True,
        )
    except Exception as error:  # a malformed signature is an altered one
        logger.info("certificate signature unreadable: %s", type(error).__name__)
        return _altered("電子署名を検証できません。発行後に変更された可能性があります。")
    if not (status.intact and status.valid):
        return _altered("電子署名の後に内容が変更されています（改ざん）。")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return _altered("電子署名の後に内容が追加されています（改ざん）。")
    if not status.trusted:
        return _unknown("署名者の証明書を信頼点まで検証できません。")
    if record is None:
        return _unknown("署名は正しいものの、この内容の証明書の発行記録がありません。")
    return Verification(
        valid=True,
        status=VerificationStatus.VALID,
        reason="発行記録と一致し、電子署名の後に変更されていません。",
        issue_number=record.issue_number,
        municipality=key.municipality,
        issued_at=record.issued_at,
        kind=record.kind,
    )
