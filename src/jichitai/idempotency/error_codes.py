"""Stable codes of idempotent writes (`Idempotency-Key`)."""

from __future__ import annotations

from jichitai.common.error_codes import ErrorCode


class IdempotencyErrorCode(ErrorCode):
    KEY_INVALID = (
        "idempotency.key_invalid",
        422,
        "`Idempotency-Key` is not 1 to 200 printable ASCII characters",
    )
    KEY_REUSED = "idempotency.key_reused", 422, "the key was used before for a different request"
