"""Errors of the tenants context, with stable codes."""

from __future__ import annotations

from jichitai.common.exceptions import InvalidInput, NotFound


class MunicipalityNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code="municipality.not_found",
            detail="指定された団体コードの地方公共団体は見つかりません。",
        )


class MunicipalityListInvalid(InvalidInput):
    """The municipality list file has bad rows; nothing was loaded."""
