"""The two JPKI certificate kinds and what the J-LIS profile says each must carry.

Sources: 公的個人認証サービス プロファイル仕様書 (J-LIS, 利用者クライアントソフトに係る技術仕様),
署名用認証局運用規程 §1.2 (policy OIDs 1.2.392.200149.8.5.1.1.X) and 利用者証明用認証局運用規程.
Observed on issued cards: keyUsage is critical; 署名用 = digitalSignature + nonRepudiation,
利用者証明用 = digitalSignature.
"""

from __future__ import annotations

import enum

from cryptography import x509
from cryptography.x509.oid import ObjectIdentifier

# 1.2.392.200149 is J-LIS's arc; 8.5 the 公的個人認証 PKI under it.
SIGNING_POLICY = ObjectIdentifier("1.2.392.200149.8.5.1.1")
AUTHENTICATION_POLICY = ObjectIdentifier("1.2.392.200149.8.5.1.3")

# subjectAltName otherName type-ids of the 署名用電子証明書 (基本4情報 and 代替文字の使用位置情報).
NAME = ObjectIdentifier("1.2.392.200149.8.5.5.1")
NAME_SUBSTITUTE = ObjectIdentifier("1.2.392.200149.8.5.5.2")
SEX = ObjectIdentifier("1.2.392.200149.8.5.5.3")
BIRTH_DATE = ObjectIdentifier("1.2.392.200149.8.5.5.4")
ADDRESS = ObjectIdentifier("1.2.392.200149.8.5.5.5")
ADDRESS_SUBSTITUTE = ObjectIdentifier("1.2.392.200149.8.5.5.6")

# The card's keys (RSA 2048) and its signatures (SHA-256), per the 技術仕様.
RSA_KEY_BITS = 2048


class CertificateKind(enum.StrEnum):
    """電子証明書の種類 (certificate kind) on the My Number card."""

    SIGNING = "signing"  # 署名用電子証明書: carries the 基本4情報, signs documents
    AUTHENTICATION = "authentication"  # 利用者証明用電子証明書: proves "it is me", no 4情報

    @property
    def label(self) -> str:
        return "署名用電子証明書" if self is CertificateKind.SIGNING else "利用者証明用電子証明書"

    @property
    def policy(self) -> ObjectIdentifier:
        return SIGNING_POLICY if self is CertificateKind.SIGNING else AUTHENTICATION_POLICY

    @property
    def needs_non_repudiation(self) -> bool:
        return self is CertificateKind.SIGNING


def matches_policy(oid: ObjectIdentifier, policy: ObjectIdentifier) -> bool:
    """The CPS names the policy 1.2.392.200149.8.5.1.1.X: the arc itself or any OID below it."""
    return oid == policy or oid.dotted_string.startswith(policy.dotted_string + ".")


def certificate_kind(certificate: x509.Certificate) -> CertificateKind | None:
    """Which JPKI kind the certificatePolicies extension names, or None when neither."""
    try:
        policies = certificate.extensions.get_extension_for_class(x509.CertificatePolicies).value
    except x509.ExtensionNotFound:
        return None
    for info in policies:
        for kind in CertificateKind:
            if matches_policy(info.policy_identifier, kind.policy):
                return kind
    return None
