"""Errors of certificate issue and verification, each with a stable code and a Japanese
message. None of them carries a resident's data."""

from __future__ import annotations

from jichitai.common.exceptions import Conflict, NotFound, PermissionDenied, RuleViolation
from jichitai.registry.error_codes import CertificateErrorCode


class MyNumberNotPermitted(PermissionDenied):
    """個人番号の記載は住民記録審査の役割を持つ職員だけが指示できる (住基法 第12条第5項)."""

    def __init__(self) -> None:
        super().__init__(
            code=CertificateErrorCode.MY_NUMBER_NOT_PERMITTED,
            detail="個人番号を記載した証明書は、住民記録審査の役割を持つ職員だけが交付できます。",
        )


def residents_required() -> RuleViolation:
    return RuleViolation.for_field(
        "/resident_ids",
        CertificateErrorCode.RESIDENTS_REQUIRED,
        "証明書に記載する住民を1人以上指定してください。",
    )


def record_closed() -> RuleViolation:
    return RuleViolation.for_field(
        "/resident_ids",
        CertificateErrorCode.RECORD_CLOSED,
        "除票になっている住民は、住民票の写し・記載事項証明書に記載できません（除票の写しを交付してください）。",
    )


def record_not_closed() -> RuleViolation:
    return RuleViolation.for_field(
        "/resident_ids",
        CertificateErrorCode.RECORD_NOT_CLOSED,
        "除票の写しは、除票になった住民についてだけ交付できます。",
    )


def households_mixed() -> RuleViolation:
    return RuleViolation.for_field(
        "/resident_ids",
        CertificateErrorCode.HOUSEHOLDS_MIXED,
        "住民票の写しに記載できるのは同じ世帯の住民だけです。世帯ごとに交付してください。",
    )


def mayor_name_missing() -> RuleViolation:
    # doc/j1050.txt §5.6: 認証者の氏名を空欄にすることは実装しない機能 (MUST NOT).
    return RuleViolation.for_field(
        "/municipality",
        CertificateErrorCode.MAYOR_NAME_MISSING,
        "団体別設定に首長の氏名が登録されていないため、証明書を発行できません。",
    )


def acting_certifier_name_missing(pointer: str) -> RuleViolation:
    # doc/j310.txt §1.3.9: 認証者を「○○長 公印」のように氏名空欄とすることは実装しない機能.
    return RuleViolation.for_field(
        pointer,
        CertificateErrorCode.ACTING_CERTIFIER_NAME_MISSING,
        "職務代理者の職名と氏名を入力してください。",
    )


def seal_text_too_long() -> RuleViolation:
    return RuleViolation.for_field(
        "/seal_text",
        CertificateErrorCode.SEAL_TEXT_TOO_LONG,
        "公印の印文は20文字以内で入力してください。",
    )


def acting_certifier_period_invalid() -> RuleViolation:
    return RuleViolation.for_field(
        "/ends_on",
        CertificateErrorCode.ACTING_CERTIFIER_PERIOD_INVALID,
        "終了日は開始日と同じ日か、それより後の日にしてください。",
    )


def acting_certifier_overlap() -> Conflict:
    return Conflict.for_field(
        "/starts_on",
        CertificateErrorCode.ACTING_CERTIFIER_OVERLAP,
        "ほかの職務代理者の期間と重なっています。期間を見直してください。",
    )


def acting_certifier_in_use() -> Conflict:
    return Conflict(
        code=CertificateErrorCode.ACTING_CERTIFIER_IN_USE,
        detail="この職務代理者が認証した証明書があるため、登録を削除できません。",
    )


def acting_certifier_not_found() -> NotFound:
    return NotFound(
        code=CertificateErrorCode.ACTING_CERTIFIER_NOT_FOUND,
        detail="指定された職務代理者の登録が見つかりません。",
    )


def requester_unknown() -> RuleViolation:
    return RuleViolation.for_field(
        "/requester",
        CertificateErrorCode.REQUESTER_UNKNOWN,
        "請求者の区分を「本人」「同一世帯の人」「代理人」「第三者」から選んでください。",
    )


def identity_check_unknown() -> RuleViolation:
    return RuleViolation.for_field(
        "/identity_check",
        CertificateErrorCode.IDENTITY_CHECK_UNKNOWN,
        "本人確認の方法を「マイナンバーカード」「運転免許証」「その他の書類」から選んでください。",
    )


def copies_out_of_range(most: int) -> RuleViolation:
    return RuleViolation.for_field(
        "/copies",
        CertificateErrorCode.COPIES_OUT_OF_RANGE,
        f"通数は1から{most}までの数で指定してください。",
    )


def place_too_long(most: int) -> RuleViolation:
    return RuleViolation.for_field(
        "/place",
        CertificateErrorCode.PLACE_TOO_LONG,
        f"交付場所は{most}文字以内で入力してください。",
    )


def terminal_invalid(most: int) -> RuleViolation:
    return RuleViolation.for_field(
        "/terminal",
        CertificateErrorCode.TERMINAL_INVALID,
        f"発行端末名番号は空白を含まない{most}文字以内で入力してください（例：本庁1）。",
    )


def third_party_items_not_permitted() -> RuleViolation:
    # 住民基本台帳法 第12条の3 (第三者の申出): the copy is made without the 住民票コード and the
    # 個人番号, which only 本人等 may ask for (第12条).
    return RuleViolation.for_field(
        "/requester",
        CertificateErrorCode.THIRD_PARTY_ITEMS_NOT_PERMITTED,
        "第三者からの請求（申出）では、住民票コードと個人番号を記載できません。",
    )


def glyph_missing(count: int) -> RuleViolation:
    # doc/j1070.txt §5.8: 未登録の外字は印字せず、アラートにする. The characters themselves
    # are personal data and are not named here.
    return RuleViolation.for_field(
        "/resident_ids",
        CertificateErrorCode.GLYPH_MISSING,
        f"フォントにない文字（外字）が{count}字あるため、証明書を作成できません。外字の登録が必要です。",
    )


class JapaneseFontMissing(RuntimeError):
    """No Japanese font on this machine: an installation problem, not a request problem.
    Raised instead of producing a PDF of empty boxes (豆腐)."""

    def __init__(self) -> None:
        super().__init__(
            "日本語フォントが見つからないため、証明書のPDFを作成できません。"
            "Noto Serif CJK JP または Noto Sans CJK JP をインストールしてください"
            "（Debian/Ubuntu: sudo apt-get install fonts-noto-cjk）。"
        )


class SigningKeyError(ValueError):
    """A key or certificate given to `init-signing-key` cannot be used (Japanese message)."""
