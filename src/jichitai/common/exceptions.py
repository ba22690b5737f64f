"""The project's error hierarchy: every domain error has a stable code and a Japanese message.

The API turns these into RFC 9457 problem+json (config/api.py); HTML views show the message
next to the field or as a page message. Services raise them, never HttpError.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class FieldError:
    """One field's problem: a JSON pointer-ish field name, a stable code, a Japanese message."""

    field: str
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "detail": self.message}


@dataclass
class DomainError(Exception):
    """A rule of the domain said no. `code` is stable and machine-readable (`lg_code.invalid`)."""

    code: str
    detail: str
    errors: list[FieldError] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    status: ClassVar[int] = 400
    title: ClassVar[str] = "リクエストを処理できませんでした"

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}"


class InvalidInput(DomainError):
    status = 422
    title = "入力内容に誤りがあります"


class RuleViolation(DomainError):
    status = 422
    title = "業務上の規則により処理できません"


class NotFound(DomainError):
    status = 404
    title = "見つかりません"


class PermissionDenied(DomainError):
    status = 403
    title = "この操作を行う権限がありません"


class NotAuthenticated(DomainError):
    status = 401
    title = "ログインが必要です"


class Conflict(DomainError):
    status = 409
    title = "他の処理と競合しました"


class RateLimited(DomainError):
    """回数制限 (too many attempts from one source, or too many stored challenges).

    `retry_after` (seconds) goes to the Retry-After header (RFC 9110 §10.2.3) of the 429
    problem (RFC 6585 §4) and of the page; it is also in `extra` for the problem document.
    """

    status = 429
    title = "リクエストが多すぎます"

    def __init__(
        self,
        *,
        retry_after: int,
        detail: str = "短い時間に操作が続いたため、一時的に受け付けを止めています。"
        "しばらく待ってから、もう一度お試しください。",
    ) -> None:
        super().__init__(code="rate_limited", detail=detail, extra={"retry_after": retry_after})

    @property
    def retry_after(self) -> int:
        return int(self.extra["retry_after"])
