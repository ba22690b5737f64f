"""Stable codes of open data: the errors a request or command meets, and the findings of a
validation report (one code per kind of finding; its severity is fixed and documented in
docs/opendata.md)."""

from __future__ import annotations

from jichitai.common.error_codes import ErrorCode


class OpenDataErrorCode(ErrorCode):
    DATASET_NOT_FOUND = (
        "opendata.dataset_not_found",
        404,
        "no dataset definition with this key (`jichitai opendata datasets` lists them)",
    )
    DATASET_UNDETECTED = (
        "opendata.dataset_undetected",
        422,
        "neither the file name nor the header says which dataset the file holds; name it",
    )
    PUBLICATION_NOT_FOUND = (
        "opendata.publication_not_found",
        404,
        "the municipality has not published this dataset",
    )
    PUBLICATION_REFUSED = (
        "opendata.publication_refused",
        422,
        "the file has errors (see the validation report): nothing is published until it is clean",
    )
    LICENCE_INVALID = "opendata.licence_invalid", 422, "the licence is not PDL1.0 or CC BY 4.0"
    FACILITY_INVALID = (
        "opendata.facility_invalid",
        422,
        "a facility of the master has a value 公共施設一覧 refuses (errors[] name the items)",
    )
    FACILITY_ID_TAKEN = (
        "opendata.facility_id_taken",
        409,
        "another facility of the master has this ID",
    )
    FACILITY_NOT_FOUND = (
        "opendata.facility_not_found",
        404,
        "no such facility in the municipality's master",
    )
    FACILITY_MASTER_EMPTY = (
        "opendata.facility_master_empty",
        422,
        "the facility master is empty: there is nothing to publish",
    )
    POPULATION_DATE_INVALID = (
        "opendata.population_date_invalid",
        422,
        "the 調査年月日 is not a date up to today",
    )
    POPULATION_EMPTY = (
        "opendata.population_empty",
        422,
        "nobody was recorded in the register on that date: there is nothing to publish",
    )
    FILE_TOO_LARGE = "opendata.file_too_large", 413, "the file is over 20 MB"
    FILE_ENCODING = (
        "opendata.file_encoding",
        422,
        "the file is neither UTF-8 (with or without BOM) nor CP932 (Shift_JIS with the "
        "Windows extensions)",
    )
    FILE_FORMAT = (
        "opendata.file_format",
        422,
        "the file is not a CSV or .xlsx file that can be read (no header row, a broken .xlsx, "
        "a NUL byte in a CSV …); the message says where",
    )
    FILE_LIMITS = (
        "opendata.file_limits",
        413,
        "more records, columns or characters in a cell than one upload may hold (100,000 "
        "records, 300 columns, 100,000 characters)",
    )


class FindingCode(ErrorCode):
    """`code` of a finding in a validation report: error (公開不可) or warning (注記して公開)."""

    # Errors: nothing is published until none is left.
    COLUMN_REQUIRED_MISSING = (
        "column.required_missing",
        None,
        "error — a 必須 column of the dataset is not in the header",
    )
    COLUMN_DUPLICATE = (
        "column.duplicate",
        None,
        "error — two columns of the header name the same item; which one holds the value is unclear",
    )
    RECORD_TOO_MANY_FIELDS = (
        "record.too_many_fields",
        None,
        "error — a record has more fields than the header (often an unquoted comma in a value)",
    )
    LG_CODE_INVALID = (
        "value.lg_code",
        None,
        "error — a 全国地方公共団体コード is not 6 digits or its 検査数字 is wrong",
    )
    CORPORATE_NUMBER_INVALID = (
        "value.corporate_number",
        None,
        "error — a 法人番号 is not 13 digits or its 検査用数字 is wrong",
    )
    COORDINATE_INVALID = (
        "value.coordinate",
        None,
        "error — 緯度 or 経度 is not a decimal number of degrees",
    )
    COORDINATE_OUT_OF_RANGE = (
        "value.coordinate_out_of_range",
        None,
        "error — 緯度 outside 20 to 46 or 経度 outside 122 to 154 (Japan, 沖ノ鳥島 to 択捉島, "
        "与那国島 to 南鳥島)",
    )
    COORDINATES_SWAPPED = (
        "value.coordinates_swapped",
        None,
        "error — 緯度 and 経度 are in each other's column",
    )
    TIME_INVALID = "value.time", None, "error — a time that cannot be read as hh:mm"
    DATE_INVALID = "value.date", None, "error — a date that cannot be read as a date"
    NUMBER_INVALID = "value.number", None, "error — a number column holds something else"
    VOCABULARY = (
        "value.vocabulary",
        None,
        "error — a value outside the item's controlled vocabulary (統制語彙)",
    )
    URI_INVALID = "value.uri", None, "error — a URL that does not start with http:// or https://"
    ID_DUPLICATE = "id.duplicate", None, "error — the same ID on two records"

    # Warnings: published, with the note in the report.
    LAYOUT_SUISYOU = (
        "layout.suisyou",
        None,
        "warning — the file is in the older 推奨データセット layout; it is read and published "
        "in the new one",
    )
    COLUMN_UNKNOWN = (
        "column.unknown",
        None,
        "warning — a column the dataset does not define; it is not published",
    )
    COLUMN_BLANK_HEADER = (
        "column.blank_header",
        None,
        "warning — a column without a name in the header; it is not published",
    )
    COLUMN_RENAMED = (
        "column.renamed",
        None,
        "warning — a column spelled differently from the definition (名称_英字 for 名称_英語, "
        "full-width brackets …); published under the definition's name",
    )
    RECORD_TOO_FEW_FIELDS = (
        "record.too_few_fields",
        None,
        "warning — a record has fewer fields than the header; the missing ones are blank",
    )
    RECORD_BLANK = "record.blank", None, "warning — a record with no value at all; not published"
    REQUIRED_EMPTY = (
        "value.required_empty",
        None,
        "warning — a 必須 item is blank on this record",
    )
    TIME_NORMALIZED = (
        "value.time_normalized",
        None,
        "warning — a time written otherwise (7:00, full-width digits, 7時) is published as hh:mm",
    )
    DATE_NORMALIZED = (
        "value.date_normalized",
        None,
        "warning — a date written otherwise (2015/4/1, 令和元年5月1日) is published as YYYY-MM-DD",
    )
    NUMBER_NORMALIZED = (
        "value.number_normalized",
        None,
        "warning — a number with separators, spaces or full-width digits is published plain",
    )
    HALFWIDTH_KANA = (
        "value.halfwidth_kana",
        None,
        "warning — half-width katakana is published full-width",
    )
    VOCABULARY_UNLISTED = (
        "value.vocabulary_unlisted",
        None,
        "warning — a value outside a list known only from the older layout (not enforced)",
    )
    COORDINATE_PARTIAL = (
        "value.coordinate_partial",
        None,
        "warning — only one of 緯度 and 経度 is given; the record has no point on the map",
    )
