"""Errors of the tenants context, with stable codes."""

from __future__ import annotations

from jichitai.common.exceptions import InvalidInput, NotFound
from jichitai.tenants.error_codes import TenantErrorCode


class MunicipalityNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            code=TenantErrorCode.MUNICIPALITY_NOT_FOUND,
            detail="指定された団体コードの地方公共団体は見つかりません。",
        )


class MunicipalityListInvalid(InvalidInput):
    """The municipality list file has bad rows; nothing was loaded."""
