"""Errors of 公的個人認証 (JPKI): one stable code and one Japanese message per refusal.

The messages never contain personal data (no name, address, birth date, 個人番号): they may
reach logs and problem documents.
"""

from __future__ import annotations

from jichitai.common.exceptions import DomainError, InvalidInput, NotFound, RuleViolation
from jichitai.identity.jpki.error_codes import JpkiErrorCode


class JpkiError(DomainError):
    """Base of every JPKI refusal, so callers can audit and answer them in one place."""

    status = 422
    title = "電子証明書または署名を確認できませんでした"


class CertificateMalformed(JpkiError):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.CERTIFICATE_MALFORMED,
            detail="電子証明書の形式が正しくありません。",
        )


class SignatureMalformed(JpkiError):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.SIGNATURE_MALFORMED,
            detail="電子署名の形式が正しくありません。",
        )


class CertificateExpired(JpkiError):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.CERTIFICATE_EXPIRED,
            detail="電子証明書の有効期限が切れています。市区町村の窓口で更新してください。",
        )


class CertificateNotYetValid(JpkiError):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.CERTIFICATE_NOT_YET_VALID,
            detail="電子証明書の有効期間がまだ始まっていません。",
        )


class CertificateRevoked(JpkiError):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.CERTIFICATE_REVOKED,
            detail="電子証明書は失効しています。市区町村の窓口で再発行の手続をしてください。",
        )


class UnknownCertificateAuthority(JpkiError):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.UNKNOWN_CA,
            detail="電子証明書の発行元が信頼できる認証局（地方公共団体情報システム機構）として登録されていません。",
        )


class SigningCertificateRequired(JpkiError):
    """利用者証明用電子証明書 used where a signature needs the 署名用電子証明書."""

    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.SIGNING_CERTIFICATE_REQUIRED,
            detail="申請への電子署名には署名用電子証明書（英数字6〜16桁のパスワード）を使ってください。",
        )


class AuthenticationCertificateRequired(JpkiError):
    """署名用電子証明書 used to sign in, where the 利用者証明用電子証明書 is required."""

    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.AUTHENTICATION_CERTIFICATE_REQUIRED,
            detail="ログインには利用者証明用電子証明書（数字4桁の暗証番号）を使ってください。",
        )


class KeyUsageInvalid(JpkiError):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.KEY_USAGE_INVALID,
            detail="電子証明書の鍵の用途がこの操作に合っていません。",
        )


class AlgorithmUnsupported(JpkiError):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.ALGORITHM_UNSUPPORTED,
            detail="電子証明書または署名の暗号方式（RSA 2048ビット・SHA-256）に対応していません。",
        )


class SignatureInvalid(JpkiError):
    """The signature does not verify: the data was changed or signed with another key."""

    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.SIGNATURE_INVALID,
            detail="電子署名が検証できません。署名後にデータが変更されたか、別の鍵で署名されています。",
        )


class BasicFourInvalid(JpkiError):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.BASIC_FOUR_INVALID,
            detail="署名用電子証明書の基本4情報を読み取れません。",
        )


class BasicFourMismatch(JpkiError):
    """Raised by the portal when the certificate's 基本4情報 differ from the register."""

    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.BASIC_FOUR_MISMATCH,
            detail="電子証明書の基本4情報が住民記録と一致しません。お手数ですが市区町村の窓口にお問い合わせください。",
        )


class SignerNotApplicant(JpkiError):
    """The 署名用電子証明書 is another person's: its 氏名・生年月日・性別 are not the
    applicant's (a card of another resident, here or elsewhere)."""

    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.SIGNER_NOT_APPLICANT,
            detail="電子署名に使われたマイナンバーカードが申請者ご本人のものではありません。ログインしているご本人のカードで署名してください。",
        )


class SignerAddressOutdated(JpkiError):
    """The applicant's own card, still showing an address they have left (転居・転入の後)."""

    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.ADDRESS_OUTDATED,
            detail="マイナンバーカードの署名用電子証明書の住所が、住民票の現在の住所に更新されていません。お住まいの市区町村の窓口で、カードの住所の変更と署名用電子証明書の発行を受けてから、もう一度署名してください。",
        )


class ChallengeNotFound(JpkiError):
    """Unknown nonce — also another municipality's: answered as 404 like any other lookup."""

    status = 404
    title = "見つかりません"

    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.CHALLENGE_NOT_FOUND,
            detail="ログインの確認用データが見つかりません。最初からやり直してください。",
        )


class ChallengeReplayed(JpkiError):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.CHALLENGE_REPLAYED,
            detail="このログインの確認用データは既に使われています。最初からやり直してください。",
        )


class ChallengeExpired(JpkiError):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.CHALLENGE_EXPIRED,
            detail="時間切れのため、ログインできませんでした（確認用データの有効期限が過ぎました）。もう一度カードでログインしてください。",
        )


class RevocationStale(JpkiError):
    """The newest CRL is past its nextUpdate: we cannot know about recent revocations."""

    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.REVOCATION_STALE,
            detail="失効情報（CRL）の有効期限が切れているため、電子証明書を確認できません。管理者に失効情報の更新を依頼してください。",
        )


class RevocationUnavailable(JpkiError):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.REVOCATION_UNAVAILABLE,
            detail="この認証局の失効情報が取り込まれていないため、電子証明書を確認できません。管理者に連絡してください。",
        )


class OcspFailed(JpkiError):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.OCSP_FAILED,
            detail="失効確認（OCSP）の応答を得られなかったため、電子証明書を確認できません。時間をおいてやり直してください。",
        )


class CrlInvalid(InvalidInput):
    def __init__(self, *, reason: str) -> None:
        super().__init__(
            code=JpkiErrorCode.CRL_INVALID, detail=f"失効リスト（CRL）を取り込めません: {reason}"
        )


class CrlOutdated(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.CRL_OUTDATED,
            detail="取り込み済みの失効リストより古い失効リストは取り込めません。",
        )


class VirtualCaRefused(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.TEST_CA_REFUSED,
            detail="本番環境では仮想カード用のテスト認証局を使えません（JPKI_ALLOW_TEST_CA）。",
        )


class VirtualCardNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.VIRTUAL_CARD_NOT_FOUND, detail="指定された仮想カードはありません。"
        )


class CardPinWrong(JpkiError):
    """VERIFY answered 63Cx: the PIN was wrong, x tries are left. `secret` names it as the
    resident knows it (`pin_name`): the 4-digit 暗証番号, or the 署名用電子証明書のパスワード."""

    def __init__(self, *, tries_left: int, pin_name: str = "暗証番号") -> None:
        super().__init__(
            code=JpkiErrorCode.CARD_PIN_WRONG,
            detail=f"{pin_name}が違います。あと{tries_left}回間違えるとロックされます。",
            extra={"tries_left": tries_left},
        )
        self.tries_left = tries_left


class CardPinBlocked(JpkiError):
    """VERIFY answered 6983: the PIN is blocked until the municipality resets it."""

    def __init__(self, *, pin_name: str = "暗証番号") -> None:
        super().__init__(
            code=JpkiErrorCode.CARD_PIN_BLOCKED,
            detail=f"{pin_name}がロックされています。市区町村の窓口で初期化をしてください。",
        )


class CardCommandFailed(JpkiError):
    """Any other status word from the card (file not found, wrong length, …)."""

    def __init__(self, *, status_word: int) -> None:
        super().__init__(
            code=JpkiErrorCode.CARD_ERROR,
            detail=f"カードが処理できませんでした（応答 {status_word:04X}）。カードを置き直してください。",
            extra={"status_word": f"{status_word:04X}"},
        )
        self.status_word = status_word


class ReaderUnavailable(JpkiError):
    """No PC/SC: pyscard not installed, pcscd not running, no reader or no card."""

    def __init__(self, *, detail: str) -> None:
        super().__init__(code=JpkiErrorCode.READER_UNAVAILABLE, detail=detail)


class PayloadNotCanonicalizable(InvalidInput):
    """Application data RFC 8785 cannot represent: a non-JSON type or an integer past 2^53."""

    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.PAYLOAD_INVALID,
            detail="申請データを署名用の正規形（JSON）にできません。数値・文字列・真偽値・配列・オブジェクトだけを使ってください。",
        )


class VirtualCardInvalid(InvalidInput):
    def __init__(self, *, detail: str) -> None:
        super().__init__(code=JpkiErrorCode.VIRTUAL_CARD_INVALID, detail=detail)


class VirtualCaMissing(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=JpkiErrorCode.TEST_CA_MISSING,
            detail="仮想カード用のテスト認証局がありません。jichitai card init-ca を実行してください。",
        )
