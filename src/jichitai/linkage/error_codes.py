"""Stable codes of the linkage broker (情報連携): refusals of an exchange and bad requests."""

from __future__ import annotations

from jichitai.common.error_codes import ErrorCode


class LinkageErrorCode(ErrorCode):
    EXCHANGE_NOT_ALLOWED = (
        "linkage.exchange_not_allowed",
        403,
        "the requesting business, 事務 and item are not a row of the table of allowed exchanges "
        "(linkage/exchanges.yaml); the refusal is recorded",
    )
    FUGO_UNKNOWN = (
        "linkage.fugo_unknown",
        403,
        "the requester's 符号 is unknown, or belongs to another business or municipality; the "
        "refusal is recorded",
    )
    REQUEST_INVALID = (
        "linkage.request_invalid",
        422,
        "a municipality code, 事務, purpose or parameter of an exchange is malformed or too long",
    )
