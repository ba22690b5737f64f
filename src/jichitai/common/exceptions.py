"""The project's error hierarchy: every domain error has a stable code and a Japanese message.

The API turns these into RFC 9457 problem+json (config/api.py); HTML views show the message
next to the field or as a page message. Services raise them, never HttpError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from jichitai.common.error_codes import CommonErrorCode

# RFC 6901 §3: "" is the whole document (case data that is not an object at all), every
# other pointer starts with "/"; a bare name ("birth_date") is not a pointer.
_POINTER = re.compile(r"(/([^~/]|~[01])*)*", re.DOTALL)


def json_pointer(*tokens: str | int) -> str:
    """RFC 6901 JSON pointer of the reference tokens: `~` and `/` inside a token are escaped."""
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


@dataclass(frozen=True)
class FieldError:
    """One field's problem: where (an RFC 6901 JSON pointer such as `/effective_on` or
    `/people/0/name`), a stable code, a Japanese message. The pointer is checked here, so
    every `errors[].field` of the API is a pointer and forms can map it to their fields."""

    field: str
    code: str
    message: str

    def __post_init__(self) -> None:
        if not _POINTER.fullmatch(self.field):
            raise ValueError(f"{self.field!r} is not a JSON pointer (RFC 6901) such as '/name'")

    @property
    def tokens(self) -> tuple[str, ...]:
        """The pointer's reference tokens, unescaped: `/people/0/name` → ("people", "0", "name")."""
        return tuple(t.replace("~1", "/").replace("~0", "~") for t in self.field.split("/")[1:])

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

    @classmethod
    def for_field(cls, pointer: str, code: str, message: str) -> Self:
        """One rule broken by one field: the message is the detail and also goes next to the
        field (`pointer`, e.g. `/effective_on`) in forms."""
        return cls(code=code, detail=message, errors=[FieldError(pointer, code, message)])


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


class DatabaseUnavailable(DomainError):
    """データベースに接続できない (the primary failed over, restarts, or refuses for a moment).

    503 with Retry-After (RFC 9110 §15.6.4): a transaction cut by the lost connection is rolled
    back whole; one that committed just before the answer was lost is found again by its
    Idempotency-Key, so an API client sends the same request again and it lands once.
    """

    status = 503
    title = "一時的にご利用いただけません"
    retry_after: ClassVar[int] = 5

    def __init__(self) -> None:
        super().__init__(
            code=CommonErrorCode.DATABASE_UNAVAILABLE,
            detail="システムが一時的に応答できない状態です。数秒おいてから、同じ内容でもう一度"
            "お試しください（同じ Idempotency-Key で送り直した申請が二重に受け付けられることは"
            "ありません）。",
            extra={"retry_after": self.retry_after},
        )


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
        super().__init__(
            code=CommonErrorCode.RATE_LIMITED, detail=detail, extra={"retry_after": retry_after}
        )

    @property
    def retry_after(self) -> int:
        return int(self.extra["retry_after"])
