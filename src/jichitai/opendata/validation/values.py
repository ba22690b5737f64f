"""Checks of one value by its column's type: 全国地方公共団体コード, 法人番号, numbers,
coordinates, times, dates, URLs, flags, kana; each returns the value normalised."""

from __future__ import annotations

import re
import unicodedata

import jaconv

from jichitai.common.checkdigits import is_valid_corporate_number, is_valid_lg_code
from jichitai.common.exceptions import InvalidInput
from jichitai.common.wareki import parse_date_input
from jichitai.opendata.datasets import Column
from jichitai.opendata.error_codes import FindingCode
from jichitai.opendata.reading import Record
from jichitai.opendata.validation.report import Finding, Problems, Sources, finding, quote

# Japan from 沖ノ鳥島 (20 deg 25 min N) to 択捉島 (45 deg 33 min N), 与那国島 (122 deg 56 min E)
# to 南鳥島 (153 deg 59 min E).
LATITUDE_RANGE = (20.0, 46.0)
LONGITUDE_RANGE = (122.0, 154.0)


def check_value(column: Column, raw: str) -> tuple[str, Problems]:
    """One cell: the value to publish and what is wrong with it (an error leaves the value as
    it was). Column types are those of datasets.COLUMN_TYPES."""
    problems: Problems = []
    value = raw
    if column.type in ("string", "kana", "id"):
        value = _kana_check(column, value, problems)
    else:
        value = value.strip()
    if not value:
        return "", problems
    checker = _CHECKERS.get(column.type)
    if checker is not None:
        value = checker(column, value, problems)
    if column.vocabulary and value not in column.vocabulary:
        choices = "、".join(column.vocabulary)
        if column.vocabulary_strict:
            problems.append(
                (
                    FindingCode.VOCABULARY,
                    f"「{quote(value)}」は{column.name}の値として使えません（{choices}）。",
                )
            )
        else:
            problems.append(
                (
                    FindingCode.VOCABULARY_UNLISTED,
                    f"「{quote(value)}」は旧様式の{column.name}の一覧（{choices}）にありません。",
                )
            )
    return value, problems


def _kana_check(column: Column, value: str, problems: Problems) -> str:
    # JIS X 0201 half-width katakana is published full-width (the common rule of the 定義書:
    # 全角); the letters and digits around it stay as they are.
    if not re.search("[\uff61-\uff9f]", value):
        return value
    converted = jaconv.h2z(value, kana=True, ascii=False, digit=False)
    problems.append(
        (
            FindingCode.HALFWIDTH_KANA,
            f"半角カナを全角にして公開します（「{quote(value)}」→「{quote(converted)}」）。",
        )
    )
    return converted


def _lg_code(column: Column, value: str, problems: Problems) -> str:
    if not is_valid_lg_code(value):
        problems.append(
            (
                FindingCode.LG_CODE_INVALID,
                f"「{quote(value)}」は全国地方公共団体コード（検査数字付きの6桁）として正しくありません。",
            )
        )
    return value


def _corporate_number(column: Column, value: str, problems: Problems) -> str:
    if not is_valid_corporate_number(value):
        problems.append(
            (
                FindingCode.CORPORATE_NUMBER_INVALID,
                f"「{quote(value)}」は法人番号（検査用数字付きの13桁）として正しくありません。",
            )
        )
    return value


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def _plain_number(value: str) -> str | None:
    """The number as plain ASCII ("50,700 " → "50700", "１２" → "12"), or None."""
    folded = unicodedata.normalize("NFKC", value).strip()
    if _THOUSANDS.fullmatch(folded):
        folded = folded.replace(",", "")
    return folded if _NUMBER.fullmatch(folded) else None


def _number(column: Column, value: str, problems: Problems) -> str:
    plain = _plain_number(value)
    if plain is None or (column.type in ("integer", "count") and not plain.lstrip("+-").isdigit()):
        kind = "数値" if column.type == "number" else "整数"
        problems.append((FindingCode.NUMBER_INVALID, f"「{quote(value)}」は{kind}ではありません。"))
        return value
    if plain != value:
        problems.append(
            (
                FindingCode.NUMBER_NORMALIZED,
                f"「{quote(value)}」を「{plain}」として公開します。",
            )
        )
    return plain


def _coordinate(column: Column, value: str, problems: Problems) -> str:
    plain = _plain_number(value)
    if plain is None or "," in value:
        problems.append(
            (
                FindingCode.COORDINATE_INVALID,
                f"「{quote(value)}」は{column.name}（度の10進数）ではありません。",
            )
        )
        return value
    if plain != value:
        problems.append(
            (FindingCode.NUMBER_NORMALIZED, f"「{quote(value)}」を「{plain}」として公開します。")
        )
    return plain


_TIME = re.compile(r"(?P<hour>\d{1,2})(?::|時)(?P<minute>\d{1,2})?分?(?::(?P<second>\d{2}))?")


def _time(column: Column, value: str, problems: Problems) -> str:
    folded = "".join(unicodedata.normalize("NFKC", value).split())
    match = _TIME.fullmatch(folded)
    hour = int(match["hour"]) if match else -1
    minute = int(match["minute"] or 0) if match else -1
    second = int(match["second"] or 0) if match else 0
    # 24:00 is an end of day (閉館 24:00); seconds would be lost by hh:mm, so refused.
    if not match or second or minute > 59 or hour > 24 or (hour == 24 and minute):
        problems.append(
            (
                FindingCode.TIME_INVALID,
                f"「{quote(value)}」は時刻（hh:mm、例 09:00）として読めません。",
            )
        )
        return value
    normalized = f"{hour:02d}:{minute:02d}"
    if normalized != value:
        problems.append(
            (
                FindingCode.TIME_NORMALIZED,
                f"時刻「{quote(value)}」を「{normalized}」として公開します。",
            )
        )
    return normalized


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(column: Column, value: str, problems: Problems) -> str:
    try:
        parsed = parse_date_input(value)
    except InvalidInput:
        problems.append(
            (
                FindingCode.DATE_INVALID,
                f"「{quote(value)}」は日付（YYYY-MM-DD、例 2026-04-01）として読めません。",
            )
        )
        return value
    normalized = parsed.isoformat()
    if normalized != value:
        problems.append(
            (
                FindingCode.DATE_NORMALIZED,
                f"日付「{quote(value)}」を「{normalized}」として公開します。",
            )
        )
    return normalized


def _uri(column: Column, value: str, problems: Problems) -> str:
    if not re.match(r"https?://\S+$", value):
        problems.append(
            (
                FindingCode.URI_INVALID,
                f"「{quote(value)}」はURL（http:// または https:// で始まる）ではありません。",
            )
        )
    return value


def _flag(column: Column, value: str, problems: Problems) -> str:
    if unicodedata.normalize("NFKC", value) != "1":
        problems.append(
            (
                FindingCode.VOCABULARY,
                f"「{quote(value)}」は{column.name}の値として使えません（該当は「1」、非該当は空欄）。",
            )
        )
        return value
    return "1"


def _count(column: Column, value: str, problems: Problems) -> str:
    # 秘匿 (e-Stat's sign X): a small count kept secret, in either width or case.
    if unicodedata.normalize("NFKC", value).upper() == "X":
        return "X"
    return _number(column, value, problems)


_CHECKERS = {
    "lg_code": _lg_code,
    "corporate_number": _corporate_number,
    "integer": _number,
    "count": _count,
    "number": _number,
    "latitude": _coordinate,
    "longitude": _coordinate,
    "time": _time,
    "date": _date,
    "uri": _uri,
    "flag": _flag,
}


def coordinates_check(
    record: Record, row: dict[str, str], sources: Sources, findings: list[Finding]
) -> None:
    """緯度 and 経度 together: both or neither, inside Japan, not in each other's column."""
    if "緯度" not in row or "経度" not in row:
        return
    labels = {name: sources.get(name, [(0, name)])[0][1] for name in ("緯度", "経度")}
    latitude, longitude = as_float(row["緯度"]), as_float(row["経度"])
    if not row["緯度"] and not row["経度"]:
        return
    if not row["緯度"] or not row["経度"]:
        missing = "緯度" if not row["緯度"] else "経度"
        findings.append(
            finding(
                record,
                labels[missing],
                FindingCode.COORDINATE_PARTIAL,
                f"{missing}がありません。この記録は地図に表示されません。",
            )
        )
        return
    if latitude is None or longitude is None:
        return  # already reported as value.coordinate
    if inside(longitude, LATITUDE_RANGE) and inside(latitude, LONGITUDE_RANGE):
        findings.append(
            finding(
                record,
                labels["緯度"],
                FindingCode.COORDINATES_SWAPPED,
                f"緯度「{row['緯度']}」と経度「{row['経度']}」が入れ替わっています。",
            )
        )
        return
    for name, number, bounds in (
        ("緯度", latitude, LATITUDE_RANGE),
        ("経度", longitude, LONGITUDE_RANGE),
    ):
        if not inside(number, bounds):
            findings.append(
                finding(
                    record,
                    labels[name],
                    FindingCode.COORDINATE_OUT_OF_RANGE,
                    f"{name}「{row[name]}」は日本の範囲（{bounds[0]:g}〜{bounds[1]:g}）の外です。",
                )
            )


def as_float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def inside(number: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= number <= bounds[1]
