"""Bounded types for the API's schemas (django-ninja / pydantic), one set for every app.

Nothing unbounded reaches a query: an id or an offset past what the database holds answered
500 (SQLite: "Python int too large to convert to SQLite INTEGER"; PostgreSQL: numeric value
out of range), and so did a string longer than its column on PostgreSQL. Each type here
refuses such values as 422 with a field pointer before any lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from annotated_types import GroupedMetadata, MaxLen, MinLen
from ninja import Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, Field, create_model
from pydantic_core import PydanticCustomError

from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.text import INVALID_CHARACTER_MESSAGE, data_is_clean, text_is_clean

# The largest integer a JSON client reads exactly (RFC 8259 §6: IEEE 754 doubles, 2^53 - 1);
# well inside the databases' bigint, so every id and count the API takes fits both.
MAX_SAFE_INTEGER = 2**53 - 1
MAX_PAGE_SIZE = 1000

PositiveId = Annotated[int, Field(ge=1, le=MAX_SAFE_INTEGER)]
PageOffset = Annotated[int, Field(ge=0, le=MAX_SAFE_INTEGER)]
PageLimit = Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)]
DEFAULT_PAGE_SIZE = 100


def _text_check(*, multiline: bool) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not text_is_clean(value, multiline=multiline):
            raise PydanticCustomError(
                CommonErrorCode.TEXT_INVALID_CHARACTER, INVALID_CHARACTER_MESSAGE
            )
        return value

    return check


def _data_check(value: Any) -> Any:
    if not data_is_clean(value):
        raise PydanticCustomError(CommonErrorCode.TEXT_INVALID_CHARACTER, INVALID_CHARACTER_MESSAGE)
    return value


@dataclass(frozen=True)
class Text(GroupedMetadata):
    """A string that keeps to common.text's rule and to `max_length` characters, e.g.
    `name: Annotated[str, Text(100, min_length=1)]`. Bound it by the model field it is stored
    in, so no request reaches the database with a value its column cannot hold.
    (annotated-types' grouped metadata: pydantic applies each part, mypy sees a `str`.)"""

    max_length: int
    min_length: int = 0
    multiline: bool = False

    def __iter__(self) -> Iterator[object]:
        yield MinLen(self.min_length)
        yield MaxLen(self.max_length)
        yield AfterValidator(_text_check(multiline=self.multiline))


# Free text of a query (search words, filters): one line, never longer than a search needs.
SearchText = Annotated[str, Text(100)]

# A JSON object whose strings keep to the rule (a form's answers, a correction's updates);
# line breaks allowed: free-text answers are multi-line.
CleanData = Annotated[dict[str, Any], AfterValidator(_data_check)]

# 全国地方公共団体コード in a path: six digits (the middleware checks the check digit and
# answers 404 for a municipality not served here).
LgCode = Annotated[str, Field(pattern=r"^[0-9]{6}$", description="全国地方公共団体コード（6桁）")]


class BoundedPagination(LimitOffsetPagination):
    """`limit`/`offset` paging answering `{"items": […], "count": N}` (docs/api.md), with
    both bounded: django-ninja's own leaves `offset` unbounded, and 2^63 answered 500."""

    class Input(Schema):
        limit: PageLimit = Field(DEFAULT_PAGE_SIZE, description=f"1〜{MAX_PAGE_SIZE}件")
        offset: PageOffset = 0

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)


def ListOf(item: type[Schema]) -> Any:
    """The list shape of docs/api.md, `{"items": […], "count": N}`, for a list answered whole
    (bounded by nature: a search's hits, one record's history); longer lists page with
    BoundedPagination, which answers the same shape."""
    name = item.__name__.removesuffix("Out")
    return create_model(
        f"{name}ListOut",
        __base__=Schema,
        items=(list[item], ...),  # type: ignore[valid-type]  # a model built at run time
        count=(int, ...),
    )


def listed(items: Iterable[Any]) -> dict[str, Any]:
    """A list answered whole in the shape ListOf declares."""
    found = list(items)
    return {"items": found, "count": len(found)}
