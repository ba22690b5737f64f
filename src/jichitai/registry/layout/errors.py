"""Errors of an import: LayoutInvalid (every row problem, up to ERROR_REPORT_LIMIT shown),
RegistryNotEmpty, and the report that collects the problems while the files stream."""

from __future__ import annotations

from collections.abc import Iterable

from jichitai.common.exceptions import Conflict, FieldError, InvalidInput, json_pointer
from jichitai.registry.error_codes import RegistryErrorCode

ERROR_REPORT_LIMIT = 1000


def layout_problem(name: str, line: int | None, message: str) -> FieldError:
    """The problem at `/<file name>/<line>` (or the file as a whole), its message naming both."""
    where = f"{name} {line}行目" if line is not None else name
    pointer = json_pointer(name, line) if line is not None else json_pointer(name)
    return FieldError(pointer, RegistryErrorCode.LAYOUT_INVALID, f"{where}: {message}")


class LayoutInvalid(InvalidInput):
    """The files have errors; nothing was imported. `errors` holds the first
    ERROR_REPORT_LIMIT lines, `extra["error_count"]` counts all of them."""

    @classmethod
    def of(cls, problems: list[FieldError], total: int | None = None) -> LayoutInvalid:
        total = len(problems) if total is None else total
        shown = "" if total <= len(problems) else f"（最初の{len(problems)}件を表示）"
        return cls(
            code=RegistryErrorCode.LAYOUT_INVALID,
            detail=f"{total}件の誤りがあるため、何も取り込んでいません{shown}。",
            errors=problems,
            extra={"error_count": total},
        )


class RegistryNotEmpty(Conflict):
    def __init__(self) -> None:
        super().__init__(
            code=RegistryErrorCode.LAYOUT_REGISTRY_NOT_EMPTY,
            detail="この団体には既に住民記録があります。取込みは住民記録が空の団体にだけ行えます。",
        )


class ErrorReport:
    def __init__(self) -> None:
        self.problems: list[FieldError] = []
        self.count = 0

    def add(self, name: str, line: int | None, message: str) -> None:
        self.count += 1
        if len(self.problems) < ERROR_REPORT_LIMIT:
            self.problems.append(layout_problem(name, line, message))

    def extend(self, problems: Iterable[FieldError]) -> None:
        for problem in problems:
            self.count += 1
            if len(self.problems) < ERROR_REPORT_LIMIT:
                self.problems.append(problem)
