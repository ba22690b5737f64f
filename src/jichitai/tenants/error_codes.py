"""Stable codes of the tenants context: municipalities and their list."""

from __future__ import annotations

from jichitai.common.error_codes import ErrorCode


class TenantErrorCode(ErrorCode):
    MUNICIPALITY_NOT_FOUND = (
        "municipality.not_found",
        404,
        "the 団体コード is not in the list or not served here",
    )
    CSV_INVALID = (
        "municipality.csv_invalid",
        422,
        "the municipality list has bad rows; nothing was loaded; `errors[]` points at each "
        "line and column (`/12/lg_code`)",
    )
    CSV_HEADER = "municipality.csv_header", 422, "the list's first line is not the expected columns"
    CSV_COLUMNS = (
        "municipality.csv_columns",
        422,
        "a line of the list has too many or too few columns",
    )
    DUPLICATE = "municipality.duplicate", 422, "in `municipality.csv_invalid`: a 団体コード twice"
    KIND_INVALID = (
        "municipality.kind_invalid",
        422,
        "in `municipality.csv_invalid`: a 種別 other than prefecture, municipality, ward",
    )
    REQUIRED = (
        "municipality.required",
        422,
        "in `municipality.csv_invalid`: 都道府県名, 読み or 団体名 missing",
    )
    PARENT_UNKNOWN = (
        "municipality.parent_unknown",
        422,
        "in `municipality.csv_invalid`: the 上位団体 is not in the file",
    )
