"""Errors of the linkage broker, each with a stable code and a Japanese message."""

from __future__ import annotations

from jichitai.common.exceptions import InvalidInput, PermissionDenied
from jichitai.linkage.error_codes import LinkageErrorCode


class LinkageError(PermissionDenied):
    """情報連携の拒否: the broker refused an exchange (and recorded the refusal).
    `public_id` names the exchange record of the refusal."""

    def __init__(self, *, code: LinkageErrorCode, detail: str, public_id: str) -> None:
        super().__init__(code=code, detail=detail, extra={"exchange": public_id})


class ExchangeRequestInvalid(InvalidInput):
    def __init__(self, detail: str) -> None:
        super().__init__(code=LinkageErrorCode.REQUEST_INVALID, detail=detail)
