"""Writes of the tenants context: the national code list and onboarding of municipalities."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from jichitai.audit.services import audit_record
from jichitai.common.checkdigits import is_valid_lg_code
from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import FieldError, json_pointer
from jichitai.tenants.error_codes import TenantErrorCode
from jichitai.tenants.errors import MunicipalityListInvalid, MunicipalityNotFound
from jichitai.tenants.models import Municipality, MunicipalitySettings

MUNICIPALITY_CSV_COLUMNS = ("lg_code", "kind", "prefecture", "name", "name_kana", "parent_lg_code")
_KINDS = set(Municipality.Kind.values)


@dataclass(frozen=True)
class MunicipalityLoadReport:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _row_problems(line: int, row: dict[str, str], codes_in_file: set[str]) -> list[FieldError]:
    problems = []
    code = row["lg_code"]
    if not is_valid_lg_code(code):
        problems.append(
            FieldError(
                json_pointer(line, "lg_code"),
                CommonErrorCode.LG_CODE_CHECK_DIGIT,
                f"{line}行目: 全国地方公共団体コード「{code}」の形式または検査数字が正しくありません。",
            )
        )
    if row["kind"] not in _KINDS:
        problems.append(
            FieldError(
                json_pointer(line, "kind"),
                TenantErrorCode.KIND_INVALID,
                f"{line}行目: 種別「{row['kind']}」は prefecture / municipality / ward のいずれかです。",
            )
        )
    if not row["prefecture"] or not row["name_kana"]:
        problems.append(
            FieldError(
                json_pointer(line),
                TenantErrorCode.REQUIRED,
                f"{line}行目: 都道府県名と読みは必須です。",
            )
        )
    if row["kind"] != Municipality.Kind.PREFECTURE and not row["name"]:
        problems.append(
            FieldError(
                json_pointer(line, "name"),
                TenantErrorCode.REQUIRED,
                f"{line}行目: 市区町村の団体名が空です。",
            )
        )
    parent = row["parent_lg_code"]
    if parent and parent not in codes_in_file:
        problems.append(
            FieldError(
                json_pointer(line, "parent_lg_code"),
                TenantErrorCode.PARENT_UNKNOWN,
                f"{line}行目: 上位団体「{parent}」がファイルにありません。",
            )
        )
    return problems


def _read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != MUNICIPALITY_CSV_COLUMNS:
        raise MunicipalityListInvalid(
            code=TenantErrorCode.CSV_HEADER,
            detail="1行目の列名が lg_code,kind,prefecture,name,name_kana,parent_lg_code ではありません。",
        )
    rows = []
    for row in reader:
        if None in row or any(value is None for value in row.values()):
            raise MunicipalityListInvalid(
                code=TenantErrorCode.CSV_COLUMNS,
                detail=f"{reader.line_num}行目: 列の数が見出しと一致しません。",
            )
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    return rows


def _validate(rows: list[tuple[int, dict[str, str]]]) -> None:
    codes_in_file: set[str] = set()
    problems: list[FieldError] = []
    for line, row in rows:
        if row["lg_code"] in codes_in_file:
            problems.append(
                FieldError(
                    json_pointer(line, "lg_code"),
                    TenantErrorCode.DUPLICATE,
                    f"{line}行目: 団体コード「{row['lg_code']}」が重複しています。",
                )
            )
        codes_in_file.add(row["lg_code"])
    for line, row in rows:
        problems.extend(_row_problems(line, row, codes_in_file))
    if problems:
        raise MunicipalityListInvalid(
            code=TenantErrorCode.CSV_INVALID,
            detail=f"{len(problems)}件の誤りがあるため、何も登録していません。",
            errors=problems,
        )


def _ordered_for_parents(rows: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    # Parents first, so a new ward's parent row exists when the ward is saved.
    rank: dict[str, int] = {Municipality.Kind.PREFECTURE: 0, Municipality.Kind.MUNICIPALITY: 1}
    return sorted(rows, key=lambda row: rank.get(row["kind"], 2))


@transaction.atomic
def municipality_list_load(
    *, source: Path | str, actor: AbstractBaseUser | None = None
) -> MunicipalityLoadReport:
    """全国地方公共団体コード一覧の取込 (load the national code list), idempotently.

    Every row is validated first; one bad row means nothing is written.
    Raises MunicipalityListInvalid with one FieldError per problem, each naming its line.
    """
    text = Path(source).read_text(encoding="utf-8-sig")
    rows = _read_rows(text)
    _validate(rows)
    existing = {m.lg_code: m for m in Municipality.objects.all()}
    created = updated = unchanged = 0
    for row in _ordered_for_parents(row for _, row in rows):
        values = {
            "kind": row["kind"],
            "prefecture": row["prefecture"],
            "name": row["name"],
            "name_kana": row["name_kana"],
            "parent_id": row["parent_lg_code"] or None,
        }
        current = existing.get(row["lg_code"])
        if current is None:
            Municipality.objects.create(lg_code=row["lg_code"], **values)
            created += 1
        elif any(getattr(current, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(current, field, value)
            current.save(update_fields=[f.removesuffix("_id") for f in values])
            updated += 1
        else:
            unchanged += 1
    report = MunicipalityLoadReport(created=created, updated=updated, unchanged=unchanged)
    audit_record(
        actor=actor,
        action="municipality.list_load",
        municipality_code=None,
        object_type="tenants.Municipality",
        detail={"created": created, "updated": updated, "unchanged": unchanged},
    )
    return report


@transaction.atomic
def municipality_onboard(
    *,
    lg_code: str,
    actor: AbstractBaseUser | None,
    mayor_title: str = "",
    mayor_name: str = "",
    phone: str = "",
    email: str = "",
    office_postal_code: str = "",
    office_address: str = "",
) -> Municipality:
    """利用開始 (start serving a municipality): mark it served and create its settings.

    Raises MunicipalityNotFound when the code is not in the national list.
    """
    try:
        municipality = Municipality.objects.select_for_update().get(lg_code=lg_code)
    except Municipality.DoesNotExist:
        raise MunicipalityNotFound from None
    municipality.is_served = True
    municipality.save(update_fields=["is_served"])
    settings, _ = MunicipalitySettings.objects.get_or_create(municipality=municipality)
    for field, value in {
        "mayor_title": mayor_title,
        "mayor_name": mayor_name,
        "phone": phone,
        "email": email,
        "office_postal_code": office_postal_code,
        "office_address": office_address,
    }.items():
        if value:
            setattr(settings, field, value)
    settings.full_clean()
    settings.save()
    audit_record(
        actor=actor,
        action="municipality.onboard",
        municipality_code=lg_code,
        object_type="tenants.Municipality",
        object_id=lg_code,
    )
    return municipality


@transaction.atomic
def municipality_head_set(
    *,
    municipality: Municipality,
    mayor_title: str,
    mayor_name: str,
    actor: AbstractBaseUser | None,
) -> MunicipalitySettings:
    """首長の職名・氏名 (the 認証者 of certificates, doc/j310.txt §1.3.9) in the settings.
    The caller checks the values (registry refuses a certifier without a name)."""
    settings, _ = MunicipalitySettings.objects.select_for_update().get_or_create(
        municipality=municipality
    )
    settings.mayor_title = mayor_title
    settings.mayor_name = mayor_name
    settings.full_clean()
    settings.save(update_fields=["mayor_title", "mayor_name"])
    municipality.settings = settings
    audit_record(
        actor=actor,
        action="municipality.head_set",
        municipality_code=municipality.lg_code,
        object_type="tenants.MunicipalitySettings",
        object_id=municipality.lg_code,
    )
    return settings


@transaction.atomic
def resident_code_stock_alert_set(
    *, municipality: Municipality, threshold: int | None, actor: AbstractBaseUser | None
) -> MunicipalitySettings:
    """住民票コード空きコードのアラート件数 (doc/j870.txt §4.3.1 「市区町村が任意に設定した数」);
    None returns to the deployment's default. Raises ValidationError (out of range)."""
    settings, _ = MunicipalitySettings.objects.select_for_update().get_or_create(
        municipality=municipality
    )
    settings.resident_code_stock_alert = threshold
    settings.full_clean()
    settings.save(update_fields=["resident_code_stock_alert"])
    municipality.settings = settings
    audit_record(
        actor=actor,
        action="municipality.resident_code_stock_alert_set",
        municipality_code=municipality.lg_code,
        object_type="tenants.MunicipalitySettings",
        object_id=municipality.lg_code,
        detail={"threshold": threshold},
    )
    return settings
