"""API schemas of the resident portal (the online channel without HTML).
Binary values (signatures, certificates) travel as standard base64.
No `from __future__ import annotations`: django-ninja reads the annotations at import time."""

import base64
import binascii
import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from jichitai.common.api_types import CleanData, Text

# A certificate or a CMS signature with its chain is a few kilobytes; 64 KiB of base64 is
# far above any real one and keeps a request from making the server decode megabytes.
MAX_BASE64_CHARS = 64 * 1024


def _base64(value: Any) -> bytes:
    if not isinstance(value, str):
        raise ValueError("base64 の文字列で指定してください。")
    if len(value) > MAX_BASE64_CHARS:
        raise ValueError(f"base64 で{MAX_BASE64_CHARS}文字までです。")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("base64 として読み取れません。") from None


Base64Bytes = Annotated[bytes, BeforeValidator(_base64)]
Nonce = Annotated[str, Text(128, min_length=1)]


class ChallengeIn(Schema):
    purpose: Literal["sign_in", "card_binding"] = Field(
        ..., description="sign_in（利用者証明用で応答）または card_binding（署名用で署名）"
    )


class ChallengeOut(Schema):
    nonce: str = Field(..., description="カードが署名する乱数（16進）")
    expires_at: dt.datetime


class SessionIn(Schema):
    """利用者証明用電子証明書による応答: the card's signature over the nonce's bytes."""

    nonce: Nonce
    signature: Base64Bytes = Field(..., description="nonce のバイト列への署名（base64）")
    certificate: Base64Bytes = Field(..., description="利用者証明用電子証明書（DER, base64）")


class CardBindingIn(SessionIn):
    """初回の本人確認: the sign-in answer plus the 署名用 signature over the binding statement."""

    bind_nonce: Nonce = Field(..., description="purpose=card_binding のチャレンジ")
    bind_signature: Base64Bytes = Field(
        ..., description="紐付けの文（binding statement）への CMS 署名（DER, base64）"
    )


class TokenOut(Schema):
    token: str = Field(..., description="Authorization: Bearer に使う住民のAPIトークン")
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme, not a secret
    expires_at: dt.datetime


class ResidentCaseIn(Schema):
    """電子申請: the data, signed with the 署名用電子証明書 (CMS over the signing payload).
    With `destination_lg_code` (転出届 only) the 転入予約 `move_in_data` goes in the same
    submission under the same signature (引越しワンストップ)."""

    procedure_id: Annotated[str, Text(64, min_length=1)]
    data: CleanData
    signature: Base64Bytes | None = Field(None, description="署名用電子証明書による CMS 署名")
    destination_lg_code: str | None = Field(None, pattern=r"^\d{6}$")
    move_in_data: CleanData | None = None


class ResidentCaseOut(Schema):
    id: int
    reference_number: str
    procedure_id: str
    state: str
    channel: str
    submitted_at: dt.datetime
    due_on: dt.date
    decided_at: dt.datetime | None
    onestop_id: uuid.UUID | None
    related_lg_code: str
    related_reference_number: str


class ResidentCaseEventOut(Schema):
    activity: str
    timestamp: dt.datetime
    state: str


class ResidentCaseReturnOut(Schema):
    reason: str
    returned_at: dt.datetime
    answered_at: dt.datetime | None


class ResidentCaseDetailOut(ResidentCaseOut):
    data: dict[str, Any]
    rejection_reason: str
    events: list[ResidentCaseEventOut]
    returns: list[ResidentCaseReturnOut]

    @staticmethod
    def resolve_events(obj: Any) -> list[Any]:
        return list(obj.events.all())

    @staticmethod
    def resolve_returns(obj: Any) -> list[Any]:
        return list(obj.returns.all())
