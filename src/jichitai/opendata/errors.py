"""Errors of open data, each with a stable code and a Japanese message."""

from __future__ import annotations

from typing import ClassVar

from jichitai.common.exceptions import (
    Conflict,
    DomainError,
    FieldError,
    InvalidInput,
    NotFound,
    RuleViolation,
)
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


class PublicationRefused(RuleViolation):
    """The file has errors: nothing is published (the report says where)."""

    def __init__(self, *, error_count: int) -> None:
        super().__init__(
            code=OpenDataErrorCode.PUBLICATION_REFUSED,
            detail=f"エラーが{error_count}件あるため公開できません。直してからもう一度登録してください。",
        )


class LicenceInvalid(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            code=OpenDataErrorCode.LICENCE_INVALID,
            detail="ライセンスは PDL1.0 または CC BY 4.0 を選んでください。",
        )


class PublicationNotFound(NotFound):
    """Not published by this municipality (also: another municipality's dataset)."""

    def __init__(self) -> None:
        super().__init__(
            code=OpenDataErrorCode.PUBLICATION_NOT_FOUND,
            detail="このデータセットは公開されていません。",
        )


class FacilityInvalid(InvalidInput):
    """Values of the facility master that 公共施設一覧 refuses; `errors` point at the items by
    their Japanese names (`/名称_カナ`)."""

    def __init__(self, *, errors: list[FieldError]) -> None:
        super().__init__(
            code=OpenDataErrorCode.FACILITY_INVALID,
            detail=f"入力に誤りが{len(errors)}件あります。各項目の説明を見て直してください。",
            errors=errors,
        )


class FacilityIdTaken(Conflict):
    def __init__(self, identifier: str) -> None:
        code = OpenDataErrorCode.FACILITY_ID_TAKEN
        message = f"ID「{identifier[:40]}」はほかの施設に使われています。"
        super().__init__(code=code, detail=message, errors=[FieldError("/ID", str(code), message)])


class FacilityNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=OpenDataErrorCode.FACILITY_NOT_FOUND,
            detail="この施設は施設台帳にありません。",
        )


class FacilityMasterEmpty(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code=OpenDataErrorCode.FACILITY_MASTER_EMPTY,
            detail="施設台帳に施設がないため、公開するものがありません。",
        )


class PopulationDateInvalid(InvalidInput):
    def __init__(self) -> None:
        code = OpenDataErrorCode.POPULATION_DATE_INVALID
        message = "調査年月日は、今日までの日付を入力してください（例：2026-04-01）。"
        super().__init__(code=code, detail=message, errors=[FieldError("/on", str(code), message)])


class PopulationEmpty(RuleViolation):
    def __init__(self) -> None:
        super().__init__(
            code=OpenDataErrorCode.POPULATION_EMPTY,
            detail="その日に住民基本台帳に記録されていた人がいないため、公開するものがありません。",
        )
