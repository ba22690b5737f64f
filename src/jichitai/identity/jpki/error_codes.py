"""Stable codes of 公的個人認証 (JPKI); docs/identity.md says when each is raised."""

from __future__ import annotations

from jichitai.common.error_codes import ErrorCode


class JpkiErrorCode(ErrorCode):
    CERTIFICATE_MALFORMED = "jpki.certificate_malformed", 422, "not a certificate"
    SIGNATURE_MALFORMED = "jpki.signature_malformed", 422, "not a detached CMS signature"
    CERTIFICATE_EXPIRED = "jpki.certificate_expired", 422, "after the certificate's validity period"
    CERTIFICATE_NOT_YET_VALID = (
        "jpki.certificate_not_yet_valid",
        422,
        "before the certificate's validity period",
    )
    CERTIFICATE_REVOKED = "jpki.certificate_revoked", 422, "the certificate is revoked"
    UNKNOWN_CA = (
        "jpki.unknown_ca",
        422,
        "the certificate does not chain to a configured J-LIS trust anchor",
    )
    SIGNING_CERTIFICATE_REQUIRED = (
        "jpki.signing_certificate_required",
        422,
        "利用者証明用 used to sign",
    )
    AUTHENTICATION_CERTIFICATE_REQUIRED = (
        "jpki.authentication_certificate_required",
        422,
        "署名用 used to sign in",
    )
    KEY_USAGE_INVALID = "jpki.key_usage_invalid", 422, "wrong key usage"
    ALGORITHM_UNSUPPORTED = "jpki.algorithm_unsupported", 422, "not RSA 2048 with SHA-256"
    SIGNATURE_INVALID = (
        "jpki.signature_invalid",
        422,
        "the signature does not verify (data changed)",
    )
    BASIC_FOUR_INVALID = "jpki.basic_four_invalid", 422, "no readable 基本4情報"
    BASIC_FOUR_MISMATCH = (
        "jpki.basic_four_mismatch",
        422,
        "the 基本4情報 differ from the register",
    )
    SIGNER_NOT_APPLICANT = (
        "jpki.signer_not_applicant",
        422,
        "a valid signature, but the 署名用電子証明書 is not the applicant's: its 氏名 (代替文字 "
        "skipped), 生年月日 or 性別 differ from the signed-in resident's record, or its address "
        "was never theirs (another resident's card, here or in another municipality); on "
        "re-verification (`verify-case-signature`, the inbox) the signer matches no version of "
        "the applicant's record. Nothing is written; audited as a denied `jpki.signature_verify`",
    )
    ADDRESS_OUTDATED = (
        "jpki.address_outdated",
        422,
        "the applicant's own card, whose address is one they have left (an earlier address in "
        "the 住民履歴, or the 転入前住所): the message sends them to the 市区町村窓口 to have the "
        "card's address and 署名用電子証明書 updated. Nothing is written; audited as a denied "
        "`jpki.signature_verify`",
    )
    CHALLENGE_NOT_FOUND = (
        "jpki.challenge_not_found",
        404,
        "unknown sign-in nonce (also another municipality's)",
    )
    CHALLENGE_REPLAYED = "jpki.challenge_replayed", 422, "sign-in nonce already used"
    CHALLENGE_EXPIRED = "jpki.challenge_expired", 422, "sign-in nonce expired"
    REVOCATION_STALE = (
        "jpki.revocation_stale",
        422,
        "revocation cannot be checked: the CRL is past nextUpdate",
    )
    REVOCATION_UNAVAILABLE = (
        "jpki.revocation_unavailable",
        422,
        "revocation cannot be checked: no CRL of the issuer loaded",
    )
    OCSP_FAILED = "jpki.ocsp_failed", 422, "revocation cannot be checked: no OCSP answer"
    CRL_INVALID = "jpki.crl_invalid", 422, "CRL not loaded: not a valid CRL of a trust anchor"
    CRL_OUTDATED = "jpki.crl_outdated", 422, "CRL not loaded: older than the one loaded"
    PAYLOAD_INVALID = (
        "jpki.payload_invalid",
        422,
        "application data not representable as RFC 8785 JSON",
    )
    CARD_PIN_WRONG = "jpki.card_pin_wrong", 422, "card reading: wrong PIN (`tries_left`)"
    CARD_PIN_BLOCKED = "jpki.card_pin_blocked", 422, "card reading: the PIN is blocked"
    CARD_ERROR = "jpki.card_error", 422, "card reading: another status word (`status_word`)"
    READER_UNAVAILABLE = "jpki.reader_unavailable", 422, "card reading: no reader or no card"
    TEST_CA_REFUSED = (
        "jpki.test_ca_refused",
        422,
        "the demo-only virtual card's test CA, where `JPKI_ALLOW_TEST_CA` is off",
    )
    TEST_CA_MISSING = "jpki.test_ca_missing", 404, "the virtual cards' test CA was not created"
    VIRTUAL_CARD_NOT_FOUND = "jpki.virtual_card_not_found", 404, "no such virtual card"
    VIRTUAL_CARD_INVALID = "jpki.virtual_card_invalid", 422, "the virtual card cannot be made"
    BRIDGE_ORIGIN_REFUSED = (
        "bridge.origin_refused",
        403,
        "the counter PC's reader bridge (not the API): a page of another origin",
    )
    BRIDGE_PIN_FORMAT = (
        "bridge.pin_format",
        422,
        "the counter PC's reader bridge (not the API): the PIN is not 4 digits",
    )
