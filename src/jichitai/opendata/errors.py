"""Errors of open data, each with a stable code and a Japanese message."""

from __future__ import annotations

from typing import ClassVar

from jichitai.common.exceptions import DomainError, InvalidInput, NotFound
from jichitai.opendata.error_codes import OpenDataErrorCode


class DatasetNotFound(NotFound):
    def __init__(self, key: str) -> None:
        super().__init__(
            code=OpenDataErrorCode.DATASET_NOT_FOUND,
            detail=f"データセット「{key[:40]}」は定義されていません。",
        )


class DatasetUndetected(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            code=OpenDataErrorCode.DATASET_UNDETECTED,
            detail="ファイル名と見出し行からデータセットを判別できません。データセットを指定してください。",
        )


class FileUnreadable(InvalidInput):
    """The file cannot be read at all (`opendata.file_encoding`, `opendata.file_format`):
    there is no report, only this message."""

    def __init__(self, *, code: OpenDataErrorCode, detail: str) -> None:
        super().__init__(code=code, detail=detail)


class FileTooLarge(DomainError):
    """Over the size of one upload (`opendata.file_too_large`) or its record, column or cell
    limits (`opendata.file_limits`)."""

    status: ClassVar[int] = 413
    title: ClassVar[str] = "ファイルが大きすぎます"

    def __init__(self, *, code: OpenDataErrorCode, detail: str) -> None:
        super().__init__(code=code, detail=detail)
