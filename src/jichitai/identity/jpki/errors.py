"""Errors of 公的個人認証 (JPKI): one stable code and one Japanese message per refusal.

The messages never contain personal data (no name, address, birth date, 個人番号): they may
reach logs and problem documents.
"""

from __future__ import annotations

from jichitai.common.exceptions import DomainError, InvalidInput, NotFound, RuleViolation


class JpkiError(DomainError):
    """Base of every JPKI refusal, so callers can audit and answer them in one place."""

    status = 422
    title = "電子証明書または署名を確認できませんでした"


class _Refusal(JpkiError):
    code_value = ""
    message = ""

    def __init__(self) -> None:
        super().__init__(code=self.code_value, detail=self.message)


class CertificateMalformed(_Refusal):
    code_value = "jpki.certificate_malformed"
    message = "電子証明書の形式が正しくありません。"


class SignatureMalformed(_Refusal):
    code_value = "jpki.signature_malformed"
    message = "電子署名の形式が正しくありません。"


class CertificateExpired(_Refusal):
    code_value = "jpki.certificate_expired"
    message = "電子証明書の有効期限が切れています。市区町村の窓口で更新してください。"


class CertificateNotYetValid(_Refusal):
    code_value = "jpki.certificate_not_yet_valid"
    message = "電子証明書の有効期間がまだ始まっていません。"


class CertificateRevoked(_Refusal):
    code_value = "jpki.certificate_revoked"
    message = "電子証明書は失効しています。市区町村の窓口で再発行の手続をしてください。"


class UnknownCertificateAuthority(_Refusal):
    code_value = "jpki.unknown_ca"
    message = "電子証明書の発行元が信頼できる認証局（地方公共団体情報システム機構）として登録されていません。"


class SigningCertificateRequired(_Refusal):
    """利用者証明用電子証明書 used where a signature needs the 署名用電子証明書."""

    code_value = "jpki.signing_certificate_required"
    message = "申請への電子署名には署名用電子証明書（英数字6〜16桁のパスワード）を使ってください。"


class AuthenticationCertificateRequired(_Refusal):
    """署名用電子証明書 used to sign in, where the 利用者証明用電子証明書 is required."""

    code_value = "jpki.authentication_certificate_required"
    message = "ログインには利用者証明用電子証明書（数字4桁の暗証番号）を使ってください。"


class KeyUsageInvalid(_Refusal):
    code_value = "jpki.key_usage_invalid"
    message = "電子証明書の鍵の用途がこの操作に合っていません。"


class AlgorithmUnsupported(_Refusal):
    code_value = "jpki.algorithm_unsupported"
    message = "電子証明書または署名の暗号方式（RSA 2048ビット・SHA-256）に対応していません。"


class SignatureInvalid(_Refusal):
    """The signature does not verify: the data was changed or signed with another key."""

    code_value = "jpki.signature_invalid"
    message = "電子署名が検証できません。署名後にデータが変更されたか、別の鍵で署名されています。"


class BasicFourInvalid(_Refusal):
    code_value = "jpki.basic_four_invalid"
    message = "署名用電子証明書の基本4情報を読み取れません。"


class BasicFourMismatch(_Refusal):
    """Raised by the portal when the certificate's 基本4情報 differ from the register."""

    code_value = "jpki.basic_four_mismatch"
    message = "電子証明書の基本4情報が住民記録と一致しません。お手数ですが市区町村の窓口にお問い合わせください。"


class SignerNotApplicant(_Refusal):
    """The 署名用電子証明書 is another person's: its 氏名・生年月日・性別 are not the
    applicant's (a card of another resident, here or elsewhere)."""

    code_value = "jpki.signer_not_applicant"
    message = "電子署名に使われたマイナンバーカードが申請者ご本人のものではありません。ログインしているご本人のカードで署名してください。"


class SignerAddressOutdated(_Refusal):
    """The applicant's own card, still showing an address they have left (転居・転入の後)."""

    code_value = "jpki.address_outdated"
    message = "マイナンバーカードの署名用電子証明書の住所が、住民票の現在の住所に更新されていません。お住まいの市区町村の窓口で、カードの住所の変更と署名用電子証明書の発行を受けてから、もう一度署名してください。"


class ChallengeNotFound(_Refusal):
    """Unknown nonce — also another municipality's: answered as 404 like any other lookup."""

    status = 404
    title = "見つかりません"
    code_value = "jpki.challenge_not_found"
    message = "ログインの確認用データが見つかりません。最初からやり直してください。"


class ChallengeReplayed(_Refusal):
    code_value = "jpki.challenge_replayed"
    message = "このログインの確認用データは既に使われています。最初からやり直してください。"


class ChallengeExpired(_Refusal):
    code_value = "jpki.challenge_expired"
    message = "時間切れのため、ログインできませんでした（確認用データの有効期限が過ぎました）。もう一度カードでログインしてください。"


class RevocationStale(_Refusal):
    """The newest CRL is past its nextUpdate: we cannot know about recent revocations."""

    code_value = "jpki.revocation_stale"
    message = "失効情報（CRL）の有効期限が切れているため、電子証明書を確認できません。管理者に失効情報の更新を依頼してください。"


class RevocationUnavailable(_Refusal):
    code_value = "jpki.revocation_unavailable"
    message = "この認証局の失効情報が取り込まれていないため、電子証明書を確認できません。管理者に連絡してください。"


class OcspFailed(_Refusal):
    code_value = "jpki.ocsp_failed"
    message = "失効確認（OCSP）の応答を得られなかったため、電子証明書を確認できません。時間をおいてやり直してください。"


class CrlInvalid(InvalidInput):
    def __init__(self, *, reason: str) -> None:
        super().__init__(
            code="jpki.crl_invalid", detail=f"失効リスト（CRL）を取り込めません: {reason}"
        )


class CrlOutdated(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code="jpki.crl_outdated",
            detail="取り込み済みの失効リストより古い失効リストは取り込めません。",
        )


class VirtualCaRefused(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code="jpki.test_ca_refused",
            detail="本番環境では仮想カード用のテスト認証局を使えません（JPKI_ALLOW_TEST_CA）。",
        )


class VirtualCardNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code="jpki.virtual_card_not_found", detail="指定された仮想カードはありません。"
        )


class CardPinWrong(JpkiError):
    """VERIFY answered 63Cx: the PIN was wrong, x tries are left. `secret` names it as the
    resident knows it (`pin_name`): the 4-digit 暗証番号, or the 署名用電子証明書のパスワード."""

    def __init__(self, *, tries_left: int, pin_name: str = "暗証番号") -> None:
        super().__init__(
            code="jpki.card_pin_wrong",
            detail=f"{pin_name}が違います。あと{tries_left}回間違えるとロックされます。",
            extra={"tries_left": tries_left},
        )
        self.tries_left = tries_left


class CardPinBlocked(JpkiError):
    """VERIFY answered 6983: the PIN is blocked until the municipality resets it."""

    def __init__(self, *, pin_name: str = "暗証番号") -> None:
        super().__init__(
            code="jpki.card_pin_blocked",
            detail=f"{pin_name}がロックされています。市区町村の窓口で初期化をしてください。",
        )


class CardCommandFailed(JpkiError):
    """Any other status word from the card (file not found, wrong length, …)."""

    def __init__(self, *, status_word: int) -> None:
        super().__init__(
            code="jpki.card_error",
            detail=f"カードが処理できませんでした（応答 {status_word:04X}）。カードを置き直してください。",
            extra={"status_word": f"{status_word:04X}"},
        )
        self.status_word = status_word


class ReaderUnavailable(JpkiError):
    """No PC/SC: pyscard not installed, pcscd not running, no reader or no card."""

    def __init__(self, *, detail: str) -> None:
        super().__init__(code="jpki.reader_unavailable", detail=detail)


class PayloadNotCanonicalizable(InvalidInput):
    """Application data RFC 8785 cannot represent: a non-JSON type or an integer past 2^53."""

    def __init__(self) -> None:
        super().__init__(
            code="jpki.payload_invalid",
            detail="申請データを署名用の正規形（JSON）にできません。数値・文字列・真偽値・配列・オブジェクトだけを使ってください。",
        )


class VirtualCardInvalid(InvalidInput):
    def __init__(self, *, detail: str) -> None:
        super().__init__(code="jpki.virtual_card_invalid", detail=detail)


class VirtualCaMissing(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code="jpki.test_ca_missing",
            detail="仮想カード用のテスト認証局がありません。jichitai card init-ca を実行してください。",
        )
