"""Stable error codes: one StrEnum per app (saleor's `error_codes.py`), and the common ones.

A member is its code (a `str`: it serialises as the same string in JSON), with the HTTP status
it answers and a description for docs/problems.md, which is written from these enums
(`python -m jichitai.config.problems_doc`). Codes never change: clients branch on them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class ErrorCode(StrEnum):
    """Base of every app's code enum: `MEMBER = "dotted.code", status, "description"`; the
    status is None for a code that is shown or logged but never answered over HTTP."""

    status: int | None
    description: str

    def __new__(cls, value: str, status: int | None, description: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.status = status
        member.description = description
        return member

    @classmethod
    def lookup(cls, value: str) -> Self | None:
        """The member whose code is `value`, or None (`cls(value)` also finds it, but its
        signature is the three-part one of the members)."""
        member = cls._value2member_map_.get(value)
        return member if isinstance(member, cls) else None


class CommonErrorCode(ErrorCode):
    """Codes of the request itself and of the pure rules in `common` (check digits, 和暦, …)."""

    NOT_FOUND = "not_found", 404, "no such object — also the answer for another municipality's data"
    VALIDATION_FAILED = (
        "validation.failed",
        422,
        "the request did not match the schema; see `errors[]` (an id, `offset` or `limit` out "
        "of range, a text longer than its column, `null` where a value is required …); each "
        "entry's `code` is `validation.<pydantic error type>` (`validation.missing`, "
        "`validation.less_than_equal` …) or one of the project's own (`text.invalid_character`)",
    )
    TEXT_INVALID_CHARACTER = (
        "text.invalid_character",
        422,
        "a text holds a control character (NUL, ESC …), a bidirectional formatting character "
        "(U+202A to U+202E, U+2066 to U+2069, U+200E/F, U+061C) or a surrogate; line breaks only in "
        "multi-line fields. The same rule in the API (a field error of `validation.failed`) and "
        "the HTML forms (common/text.py)",
    )
    REQUEST_INVALID_JSON = "request.invalid_json", 400, "`Content-Type` says JSON, the body is not"
    REQUEST_TOO_LARGE = (
        "request.too_large",
        413,
        "the body is over `DATA_UPLOAD_MAX_MEMORY_SIZE` (10 MB); pages answer a 413 page",
    )
    REQUEST_UNSUPPORTED_MEDIA_TYPE = (
        "request.unsupported_media_type",
        415,
        "a JSON endpoint got a body without `Content-Type: application/json` "
        "(or `application/*+json`)",
    )
    HTTP_BAD_REQUEST = (
        "http.400",
        400,
        "a path or query parameter could not be read at all (django-ninja's own refusal)",
    )
    HTTP_FORBIDDEN = "http.403", 403, "refused by django-ninja itself before any handler ran"
    LG_CODE_FORMAT = "lg_code.format", 422, "全国地方公共団体コード malformed (6 digits)"
    LG_CODE_CHECK_DIGIT = "lg_code.check_digit", 422, "全国地方公共団体コード: wrong 検査数字"
    MY_NUMBER_FORMAT = "my_number.format", 422, "個人番号 malformed (12 digits)"
    MY_NUMBER_CHECK_DIGIT = "my_number.check_digit", 422, "個人番号: wrong 検査用数字"
    RESIDENT_CODE_FORMAT = "resident_code.format", 422, "住民票コード malformed (11 digits)"
    RESIDENT_CODE_CHECK_DIGIT = "resident_code.check_digit", 422, "住民票コード: wrong 検査数字"
    CORPORATE_NUMBER_FORMAT = "corporate_number.format", 422, "法人番号 malformed (13 digits)"
    CORPORATE_NUMBER_CHECK_DIGIT = (
        "corporate_number.check_digit",
        422,
        "法人番号: wrong 検査用数字",
    )
    DATE_FORMAT = "date.format", 422, "not a date we can read"
    DATE_INVALID = "date.invalid", 422, "a date that does not exist (2月30日)"
    WAREKI_ERA_UNKNOWN = "wareki.era_unknown", 422, "unknown 元号"
    WAREKI_YEAR_INVALID = "wareki.year_invalid", 422, "a year below 1 (令和0年)"
    WAREKI_OUT_OF_ERA = (
        "wareki.out_of_era",
        422,
        "a date after the era ended (平成32年, 平成31年5月1日)",
    )
    WAREKI_LUNAR_CALENDAR = (
        "wareki.lunar_calendar",
        422,
        "before 明治6年 (1873-01-01), when Japan used the lunisolar calendar",
    )
    WAREKI_ERA_MISMATCH = (
        "wareki.era_mismatch",
        422,
        "a JPKI birth date whose era digit does not match the date",
    )
    POSTAL_CODE_FORMAT = "postal_code.format", 422, "郵便番号 malformed"
    POSTAL_CODE_UNKNOWN = "postal_code.unknown", 404, "郵便番号 not in Japan Post's data"
    MONEY_FORMAT = "money.format", 422, "an amount that is not a whole number of yen"
    RATE_LIMITED = (
        "rate_limited",
        429,
        "too many attempts from this source (failed API tokens, sign-in challenges, refused "
        "card answers, certificate uploads) or too many unspent sign-in challenges in the "
        "municipality; the `Retry-After` header (also `retry_after`, seconds) says when to try "
        "again. Pages answer the 429 page with the same header",
    )
    SERVER_ERROR = (
        "server.error",
        500,
        "unexpected; the log has the request id, the answer has no detail",
    )
    DATABASE_UNAVAILABLE = (
        "server.database_unavailable",
        503,
        "the database could not be reached or gave the connection up (a failover of the "
        "primary, a restart): a transaction it cut is rolled back whole; send the request "
        "again after `Retry-After` seconds, a write with the same Idempotency-Key (one that "
        "committed just before the answer was lost is answered as a replay). Pages answer "
        "the 503 page with the same header; so does HAProxy when no app server is up",
    )
