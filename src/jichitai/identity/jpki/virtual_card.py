"""仮想カード (virtual My Number card) and its test CA — for development, tests and demos only.

A virtual card is a JSON file under JPKI_VIRTUAL_CARD_DIR (`<card-id>.json`) holding what a
real card's chip holds: the 利用者証明用 and 署名用 key pairs (PEM, unencrypted — demo data,
never a real person's), their certificates issued by the test CA under JPKI_TEST_CA_DIR, the
券面事項入力補助AP data (個人番号 and 4情報), and salted hashes of the PINs with their tries
left. Its signatures go through `SimulatedCard`, the same APDUs a real card answers, so PIN
tries and blocking behave as on a real card. Production settings refuse the test CA
(JPKI_ALLOW_TEST_CA = False).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils import timezone

from jichitai.common.checkdigits import validate_my_number
from jichitai.identity.jpki import policies
from jichitai.identity.jpki.basic_four import (
    SEX_LABELS,
    BasicFour,
    basic_four_from_certificate,
    basic_four_other_names,
    no_substitutes,
)
from jichitai.identity.jpki.card import CardPin, MyNumberCardSession
from jichitai.identity.jpki.card_files import SEX_TO_ISO5218, CardInfo
from jichitai.identity.jpki.errors import (
    VirtualCaMissing,
    VirtualCardInvalid,
    VirtualCardNotFound,
    VirtualCaRefused,
)
from jichitai.identity.jpki.policies import CertificateKind
from jichitai.identity.jpki.signatures import canonical_application_bytes, sign_detached
from jichitai.identity.jpki.simulated_card import SimulatedCard

TEST_CA_NAME = "jichitai 仮想カード用テスト認証局（デモ専用）"
CA_VALIDITY = dt.timedelta(days=3650)
# J-LIS certificates run until the holder's 5th birthday after issuance; five years here.
CARD_VALIDITY = dt.timedelta(days=5 * 365)
CRL_VALIDITY = dt.timedelta(days=30)
MAX_TRIES = {CardPin.AUTHENTICATION: 3, CardPin.SIGNING: 5, CardPin.CARD_INFO: 3}
_CARD_ID = re.compile(r"vc-[0-9a-f]{8}")
_FOUR_DIGITS = re.compile(r"\d{4}")
# 署名用パスワード: 6-16 characters, upper-case letters and digits (J-LIS).
_SIGNING_PASSWORD = re.compile(r"[A-Z0-9]{6,16}")
_PIN_HASH_ITERATIONS = 10_000


def _require_test_ca_allowed() -> None:
    if not settings.JPKI_ALLOW_TEST_CA:
        raise VirtualCaRefused()


def _pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _key_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def _load_key(pem: str) -> rsa.RSAPrivateKey:
    # The card's own key, written by VirtualCard.save from a key generated here. OpenSSL's
    # RSA check costs ~50 ms a key, and the demo device loads every card for each sign-in
    # page: with a hundred cards (a long test run, a large demo) a page took over 10 s.
    key = serialization.load_pem_private_key(
        pem.encode("ascii"), password=None, unsafe_skip_rsa_key_validation=True
    )
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("virtual card keys are RSA")
    return key


def new_card_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=policies.RSA_KEY_BITS)


@dataclass
class VirtualCertificateAuthority:
    """テスト認証局: stands in for J-LIS's two CAs (one CA issues both kinds here)."""

    directory: Path
    certificate: x509.Certificate
    private_key: rsa.RSAPrivateKey

    @property
    def certificate_path(self) -> Path:
        return self.directory / "ca.pem"

    @property
    def crl_path(self) -> Path:
        return self.directory / "crl.pem"

    @classmethod
    def create(cls, directory: Path | None = None) -> VirtualCertificateAuthority:
        """Make a new CA (RSA 2048) and an empty CRL. Raises VirtualCaRefused in production."""
        _require_test_ca_allowed()
        folder = directory or Path(settings.JPKI_TEST_CA_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        key = new_card_key()
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, TEST_CA_NAME),
            ]
        )
        now = timezone.now()
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + CA_VALIDITY)
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
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .sign(key, hashes.SHA256())
        )
        authority = cls(directory=folder, certificate=certificate, private_key=key)
        authority.certificate_path.write_text(_pem(certificate), encoding="ascii")
        key_path = folder / "ca-key.pem"
        key_path.write_text(_key_pem(key), encoding="ascii")
        key_path.chmod(0o600)
        authority.publish_crl()
        return authority

    @classmethod
    def load(cls, directory: Path | None = None) -> VirtualCertificateAuthority:
        """The CA made by `create` (`jichitai card init-ca`). Raises VirtualCaRefused."""
        _require_test_ca_allowed()
        folder = directory or Path(settings.JPKI_TEST_CA_DIR)
        try:
            certificate = x509.load_pem_x509_certificate((folder / "ca.pem").read_bytes())
            key = _load_key((folder / "ca-key.pem").read_text(encoding="ascii"))
        except FileNotFoundError:
            raise VirtualCaMissing() from None
        return cls(directory=folder, certificate=certificate, private_key=key)

    def issue_certificate(
        self,
        *,
        kind: CertificateKind,
        public_key: rsa.RSAPublicKey,
        subject_id: str,
        basic_four: BasicFour | None,
        not_before: dt.datetime,
        not_after: dt.datetime,
    ) -> x509.Certificate:
        """A card certificate with the profile of its kind (policy, key usage, otherNames)."""
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                # Like J-LIS's, the subject names no person: only an identifier.
                x509.NameAttribute(NameOID.COMMON_NAME, subject_id),
            ]
        )
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.certificate.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(_key_usage(kind), critical=True)
            .add_extension(
                x509.CertificatePolicies([x509.PolicyInformation(kind.policy, None)]),
                critical=False,
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.certificate.public_key()),  # type: ignore[arg-type]  # an RSA key: the test CA's
                critical=False,
            )
        )
        if basic_four is not None:
            builder = builder.add_extension(
                x509.SubjectAlternativeName(basic_four_other_names(basic_four)), critical=False
            )
        return builder.sign(self.private_key, hashes.SHA256())

    def publish_crl(
        self, *, revoke: tuple[int, ...] = (), next_update: dt.datetime | None = None
    ) -> bytes:
        """Re-issue crl.pem: the serials already listed plus `revoke`, valid CRL_VALIDITY."""
        now = timezone.now()
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.certificate.subject)
            .last_update(now - dt.timedelta(minutes=1))
            .next_update(next_update or now + CRL_VALIDITY)
        )
        for serial, revoked_at in {**self._listed(), **dict.fromkeys(revoke, now)}.items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(serial)
                .revocation_date(revoked_at)
                .build()
            )
        pem = builder.sign(self.private_key, hashes.SHA256()).public_bytes(
            serialization.Encoding.PEM
        )
        self.crl_path.write_bytes(pem)
        return pem

    def _listed(self) -> dict[int, dt.datetime]:
        if not self.crl_path.exists():
            return {}
        crl = x509.load_pem_x509_crl(self.crl_path.read_bytes())
        return {entry.serial_number: entry.revocation_date_utc for entry in crl}


def _key_usage(kind: CertificateKind) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=kind.needs_non_repudiation,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass
class PinState:
    """A PIN as the virtual chip keeps it: salted hash and tries left."""

    salt: str
    digest: str
    tries_left: int

    @classmethod
    def new(cls, secret: str, *, tries: int) -> PinState:
        salt = secrets.token_hex(16)
        return cls(salt=salt, digest=_pin_digest(salt, secret), tries_left=tries)

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.digest, _pin_digest(self.salt, secret))


def _pin_digest(salt: str, secret: str) -> str:
    return hashlib.pbkdf2_hmac(
        "sha256", secret.encode("utf-8"), bytes.fromhex(salt), _PIN_HASH_ITERATIONS
    ).hex()


@dataclass
class VirtualCard:
    """仮想カード: one demo card, loaded from and saved to its JSON file."""

    card_id: str
    card_info: CardInfo
    basic_four: BasicFour
    authentication_key: rsa.RSAPrivateKey
    authentication_certificate: x509.Certificate
    signing_key: rsa.RSAPrivateKey
    signing_certificate: x509.Certificate
    ca_certificate: x509.Certificate
    pins: dict[CardPin, PinState]
    issued_at: dt.datetime
    path: Path = field(repr=False)

    @classmethod
    def load(cls, card_id: str) -> VirtualCard:
        """Raises VirtualCardNotFound (also for ids that are not card ids)."""
        if not _CARD_ID.fullmatch(card_id):
            raise VirtualCardNotFound()
        path = card_directory() / f"{card_id}.json"
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise VirtualCardNotFound() from None
        return cls._from_document(document, path)

    @classmethod
    def list_all(cls) -> list[VirtualCard]:
        return [cls.load(path.stem) for path in sorted(card_directory().glob("vc-*.json"))]

    @classmethod
    def _from_document(cls, document: dict[str, Any], path: Path) -> VirtualCard:
        signing_certificate = x509.load_pem_x509_certificate(
            document["signing"]["certificate"].encode("ascii")
        )
        return cls(
            card_id=document["card_id"],
            card_info=CardInfo(
                **{
                    **document["card_info"],
                    "birth_date": dt.date.fromisoformat(document["card_info"]["birth_date"]),
                }
            ),
            basic_four=basic_four_from_certificate(signing_certificate),
            authentication_key=_load_key(document["authentication"]["private_key"]),
            authentication_certificate=x509.load_pem_x509_certificate(
                document["authentication"]["certificate"].encode("ascii")
            ),
            signing_key=_load_key(document["signing"]["private_key"]),
            signing_certificate=signing_certificate,
            ca_certificate=x509.load_pem_x509_certificate(
                document["ca_certificate"].encode("ascii")
            ),
            pins={CardPin[name]: PinState(**state) for name, state in document["pins"].items()},
            issued_at=dt.datetime.fromisoformat(document["issued_at"]),
            path=path,
        )

    def save(self) -> None:
        document = {
            "card_id": self.card_id,
            "demo_only": True,
            "issued_at": self.issued_at.isoformat(),
            "authentication": {
                "certificate": _pem(self.authentication_certificate),
                "private_key": _key_pem(self.authentication_key),
            },
            "signing": {
                "certificate": _pem(self.signing_certificate),
                "private_key": _key_pem(self.signing_key),
            },
            "ca_certificate": _pem(self.ca_certificate),
            "card_info": {
                **vars(self.card_info),
                "birth_date": self.card_info.birth_date.isoformat(),
            },
            "pins": {pin.name: vars(state) for pin, state in self.pins.items()},
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        self.path.chmod(0o600)

    @property
    def my_number(self) -> str:
        return self.card_info.my_number

    def simulated(self) -> SimulatedCard:
        """This card in a simulated reader: answers the APDUs a real card does."""
        return SimulatedCard(self)

    def sign_challenge(self, nonce: bytes, pin: str) -> bytes:
        """利用者証明用 signature over a sign-in nonce. Raises CardPinWrong / CardPinBlocked."""
        session = MyNumberCardSession(self.simulated())
        return session.sign(CertificateKind.AUTHENTICATION, pin=pin, data=nonce)

    def sign_data(self, data: bytes, password: str) -> bytes:
        """CMS detached signature over `data` with the 署名用 key, after the password."""
        MyNumberCardSession(self.simulated()).read_certificate(
            CertificateKind.SIGNING, password=password
        )
        return sign_detached(
            data, certificate=self.signing_certificate, private_key=self.signing_key
        )

    def sign_application(self, payload: dict[str, Any], password: str) -> bytes:
        """申請データへの電子署名: CMS over the RFC 8785 form of `payload`."""
        return self.sign_data(canonical_application_bytes(payload), password)

    def check_pin(self, pin: CardPin, secret: str) -> bool:
        """The chip's VERIFY of an unblocked PIN: True and tries reset when right, one try
        fewer when wrong. Saved at once, as the chip's counter is."""
        state = self.pins[pin]
        if state.matches(secret):
            state.tries_left = MAX_TRIES[pin]
            self.save()
            return True
        state.tries_left -= 1
        self.save()
        return False


def card_directory() -> Path:
    return Path(settings.JPKI_VIRTUAL_CARD_DIR)


def virtual_card_issue(
    *,
    name: str,
    birth_date: dt.date,
    sex: str,
    address: str,
    my_number: str,
    pin: str = "1234",
    signing_password: str = "JICHITAI1",  # noqa: S107 - a demo card's documented default
    name_substitute: str | None = None,
    address_substitute: str | None = None,
    valid_from: dt.datetime | None = None,
    valid_until: dt.datetime | None = None,
) -> VirtualCard:
    """仮想カードの発行 (issue a virtual card) from the test CA: both key pairs and certificates,
    and the 券面事項入力補助AP data. `pin` serves 利用者証明用 and 券面事項入力補助 alike.

    Raises VirtualCaRefused (production), VirtualCardNotFound (no test CA yet), InvalidInput
    (`my_number.*`, `jpki.virtual_card_invalid`).
    """
    authority = VirtualCertificateAuthority.load()
    _check_card_secrets(pin=pin, signing_password=signing_password, sex=sex)
    basic_four = BasicFour(
        name=name,
        name_substitute=name_substitute if name_substitute is not None else no_substitutes(name),
        sex=sex,
        birth_date=birth_date,
        address=address,
        address_substitute=(
            address_substitute if address_substitute is not None else no_substitutes(address)
        ),
    )
    card_id = f"vc-{secrets.token_hex(4)}"
    now = timezone.now()
    not_before = valid_from or now - dt.timedelta(minutes=5)
    not_after = valid_until or now + CARD_VALIDITY
    keys = {kind: new_card_key() for kind in CertificateKind}
    certificates = {
        kind: authority.issue_certificate(
            kind=kind,
            public_key=keys[kind].public_key(),
            subject_id=f"{card_id}-{kind.value}",
            basic_four=basic_four if kind is CertificateKind.SIGNING else None,
            not_before=not_before,
            not_after=not_after,
        )
        for kind in CertificateKind
    }
    card = VirtualCard(
        card_id=card_id,
        card_info=CardInfo(
            my_number=validate_my_number(my_number),
            name=name,
            address=address,
            birth_date=birth_date,
            sex=SEX_TO_ISO5218[sex],
        ),
        basic_four=basic_four,
        authentication_key=keys[CertificateKind.AUTHENTICATION],
        authentication_certificate=certificates[CertificateKind.AUTHENTICATION],
        signing_key=keys[CertificateKind.SIGNING],
        signing_certificate=certificates[CertificateKind.SIGNING],
        ca_certificate=authority.certificate,
        pins={
            CardPin.AUTHENTICATION: PinState.new(pin, tries=MAX_TRIES[CardPin.AUTHENTICATION]),
            CardPin.SIGNING: PinState.new(signing_password, tries=MAX_TRIES[CardPin.SIGNING]),
            CardPin.CARD_INFO: PinState.new(pin, tries=MAX_TRIES[CardPin.CARD_INFO]),
        },
        issued_at=now,
        path=card_directory() / f"{card_id}.json",
    )
    card.save()
    return card


def _check_card_secrets(*, pin: str, signing_password: str, sex: str) -> None:
    if not _FOUR_DIGITS.fullmatch(pin):
        raise VirtualCardInvalid(detail="暗証番号は数字4桁にしてください。")
    if not _SIGNING_PASSWORD.fullmatch(signing_password):
        raise VirtualCardInvalid(
            detail="署名用パスワードは英大文字と数字の6〜16文字にしてください。"
        )
    if sex not in SEX_LABELS:
        raise VirtualCardInvalid(
            detail="性別は 1（男）、2（女）、3（不明）のいずれかにしてください。"
        )


def virtual_card_address_change(
    card: VirtualCard, *, address: str, address_substitute: str | None = None
) -> VirtualCard:
    """券面記載事項の変更 at the counter after a 転入 or 転居: the card's address changes, and
    as the 署名用電子証明書 carries the address it is revoked (公的個人認証法 第15条) and a new
    one issued with a new key (第3条); the 利用者証明用電子証明書 carries no 基本4情報 and
    stays. The old certificate is listed on the test CA's CRL (crl.pem; load it where
    revocation is checked)."""
    authority = VirtualCertificateAuthority.load()
    now = timezone.now()
    card.basic_four = replace(
        card.basic_four,
        address=address,
        address_substitute=(
            address_substitute if address_substitute is not None else no_substitutes(address)
        ),
    )
    card.card_info = replace(card.card_info, address=address)
    authority.publish_crl(revoke=(card.signing_certificate.serial_number,))
    card.signing_key = new_card_key()
    card.signing_certificate = authority.issue_certificate(
        kind=CertificateKind.SIGNING,
        public_key=card.signing_key.public_key(),
        subject_id=f"{card.card_id}-{CertificateKind.SIGNING.value}-{secrets.token_hex(2)}",
        basic_four=card.basic_four,
        not_before=now - dt.timedelta(minutes=5),
        not_after=card.signing_certificate.not_valid_after_utc,
    )
    card.save()
    return card
