"""Errors of the registry, each with a stable code and a Japanese message."""

from __future__ import annotations

from jichitai.common.exceptions import Conflict, DomainError, NotFound, RuleViolation
from jichitai.registry.error_codes import RegistryErrorCode


class ResidentNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=RegistryErrorCode.RESIDENT_NOT_FOUND, detail="指定された住民は見つかりません。"
        )


class HouseholdNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=RegistryErrorCode.HOUSEHOLD_NOT_FOUND, detail="指定された世帯は見つかりません。"
        )


class ChangeNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=RegistryErrorCode.CHANGE_NOT_FOUND, detail="指定された異動は見つかりません。"
        )


class SearchHistoryNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=RegistryErrorCode.SEARCH_HISTORY_NOT_FOUND,
            detail="指定された検索履歴は見つかりません。古い履歴は自動的に削除されます。",
        )


class ChangeConflict(Conflict):
    """A later change stands on the one to be cancelled, or it was cancelled already."""


class DestinationNotConnected(RuleViolation):
    """The municipality moved to is not served by this deployment (registry.network)."""

    def __init__(self) -> None:
        super().__init__(
            code=RegistryErrorCode.DESTINATION_NOT_CONNECTED,
            detail=(
                "転出先の団体はこの共同利用環境を利用していないため、転出証明書情報を送付できません。"
                "住基ネットを通じて送付してください。"
            ),
        )


class MoveOutCertificateNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=RegistryErrorCode.MOVE_OUT_CERTIFICATE_NOT_FOUND,
            detail="指定された転出証明書情報は見つかりません。",
        )


class MoveOutCertificateCompleted(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=RegistryErrorCode.MOVE_OUT_CERTIFICATE_COMPLETED,
            detail="この転出証明書情報による転入は、すでに記録されています。",
        )


class MoveOutNoLongerRecorded(Conflict):
    """The former municipality's 転出 was cancelled: the people live there again."""

    def __init__(self) -> None:
        super().__init__(
            code=RegistryErrorCode.MOVE_OUT_NOT_RECORDED,
            detail=(
                "転出元で転出が取り消されているため、転入を記録できません。"
                "二つの市区町村に同時に住民登録することはできません。転出元に確認してください。"
            ),
        )


def move_in_overlaps() -> RuleViolation:
    """A 転入日 before the last 異動 the former register recorded for these people."""
    return RuleViolation.for_field(
        "/effective_on",
        RegistryErrorCode.MOVE_IN_OVERLAPS,
        "転入日が、転出元の住民票に記録された最後の異動日より前です。"
        "二つの市区町村に同時に住民登録されることになるため、記録できません。",
    )


class SupportMeasureNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=RegistryErrorCode.SUPPORT_MEASURE_NOT_FOUND,
            detail="指定された支援措置は見つかりません。",
        )


class NetworkMessageNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=RegistryErrorCode.NETWORK_MESSAGE_NOT_FOUND,
            detail="指定された送信電文は見つかりません。",
        )


class NetworkMessageNotFailed(Conflict):
    """再送 is for a message the sender gave up on; one already sent is never sent again by
    hand (doc/j670.txt §4.1.3.0.4 【実装しない機能】)."""

    def __init__(self) -> None:
        super().__init__(
            code=RegistryErrorCode.NETWORK_MESSAGE_NOT_FAILED,
            detail="送信エラーになった電文だけを再送できます。送信済み・送信待ちの電文は再送しません。",
        )


class ResidentCodeUnavailable(DomainError):
    """住基ネット gave no 住民票コード空きコード and the stock is empty (doc/j870.txt §4.3.1)."""

    status = 503
    title = "住基ネットに接続できません"

    def __init__(self) -> None:
        super().__init__(
            code=RegistryErrorCode.RESIDENT_CODE_UNAVAILABLE,
            detail=(
                "住民票コードの空きコードを住基ネットから取得できませんでした。"
                "しばらくしてから、もう一度記録してください。"
            ),
        )


class NetworkUnavailable(DomainError):
    """住基ネット refused or did not answer a request made at the counter (a 個人番号の生成要求,
    a 符号 or a serial number); `code` is the network's short code, never personal data."""

    status = 503
    title = "住基ネットに接続できません"

    def __init__(self, code: str) -> None:
        super().__init__(
            code=RegistryErrorCode.NETWORK_UNAVAILABLE,
            detail=(
                f"住基ネットから応答がありませんでした（エラーコード {code[:40]}）。"
                "しばらくしてから、もう一度行ってください。"
            ),
        )


class MemoNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=RegistryErrorCode.MEMO_NOT_FOUND, detail="指定されたメモは見つかりません。"
        )


class RemarkNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=RegistryErrorCode.REMARK_NOT_FOUND, detail="指定された備考は見つかりません。"
        )
