"""施設台帳 (the facility master) kept in the office and published as 公共施設一覧: every value
is checked by the dataset's own validation (datasets/public_facility.yaml), so the master
holds nothing the published file would refuse, and publishing cannot fail on a value."""

from __future__ import annotations

from django.db import transaction

from jichitai.audit.services import audit_record
from jichitai.common.actors import Actor
from jichitai.common.exceptions import FieldError, json_pointer
from jichitai.opendata.datasets import Column, dataset_get
from jichitai.opendata.errors import FacilityIdTaken, FacilityInvalid, FacilityNotFound
from jichitai.opendata.models import Facility
from jichitai.opendata.publishing import csv_bytes
from jichitai.opendata.validation import FindingCode, file_validate
from jichitai.tenants.models import Municipality

FACILITY_DATASET = "public_facility"
# Items the municipality itself fills in: not kept per facility.
MUNICIPALITY_ITEMS = ("全国地方公共団体コード", "地方公共団体名")
# The master needs an ID to tell its facilities apart (推奨 in the dataset, required here).
IDENTIFIER = "ID"
# One value of the master; the longest item of the dataset (説明) fits.
MAX_VALUE_LENGTH = 1000


def facility_columns() -> list[Column]:
    """The items a facility of the master has, in the dataset's order."""
    return [c for c in dataset_get(FACILITY_DATASET).columns if c.name not in MUNICIPALITY_ITEMS]


def facility_list(*, municipality_code: str) -> list[Facility]:
    return list(Facility.objects.filter(municipality_id=municipality_code))


def facility_get(*, municipality_code: str, facility_id: int) -> Facility:
    """Raises FacilityNotFound (also for another municipality's facility)."""
    facility = Facility.objects.filter(municipality_id=municipality_code, pk=facility_id).first()
    if facility is None:
        raise FacilityNotFound()
    return facility


def facility_record(municipality: Municipality, values: dict[str, str]) -> dict[str, str]:
    """The 公共施設一覧 record of a facility: its values and the municipality's items."""
    return {
        "全国地方公共団体コード": municipality.lg_code,
        "地方公共団体名": municipality.full_name,
        **values,
    }


def _checked(municipality: Municipality, values: dict[str, str]) -> dict[str, str]:
    """The values as the dataset publishes them (half-width kana widened, times as hh:mm …).
    An error of validation, a blank 必須 item or a blank ID is refused, item by item."""
    columns = facility_columns()
    given = {c.name: str(values.get(c.name, ""))[:MAX_VALUE_LENGTH] for c in columns}
    dataset = dataset_get(FACILITY_DATASET)
    report = file_validate(
        csv_bytes(dataset, [facility_record(municipality, given)]),
        dataset_key=FACILITY_DATASET,
    )
    errors = [
        FieldError(json_pointer(finding.column or IDENTIFIER), finding.code, finding.message)
        for finding in report.findings
        if finding.severity == "error" or finding.code == FindingCode.REQUIRED_EMPTY
    ]
    if not given[IDENTIFIER].strip():
        message = "IDを入力してください（施設台帳の中で一意の番号など）。"
        errors.append(FieldError("/ID", FindingCode.REQUIRED_EMPTY, message))
    if errors or not report.records:
        raise FacilityInvalid(errors=errors)
    record = report.records[0]
    return {c.name: record.get(c.name, "") for c in columns}


@transaction.atomic
def facility_save(
    *, municipality_code: str, facility_id: int | None, values: dict[str, str], actor: Actor
) -> Facility:
    """施設の登録・更新: a new facility (facility_id None) or new values for one.

    Raises: FacilityInvalid (errors name each item), FacilityIdTaken, FacilityNotFound."""
    municipality = Municipality.objects.get(pk=municipality_code)
    checked = _checked(municipality, values)
    if facility_id is None:
        facility = Facility(municipality=municipality)
    else:
        facility = facility_get(municipality_code=municipality_code, facility_id=facility_id)
    taken = Facility.objects.filter(municipality=municipality, identifier=checked[IDENTIFIER])
    if taken.exclude(pk=facility.pk).exists():
        raise FacilityIdTaken(checked[IDENTIFIER])
    facility.identifier = checked[IDENTIFIER]
    facility.name = checked["名称"]
    facility.values = checked
    facility.save()
    audit_record(
        actor=actor,
        action="opendata.facility_save",
        municipality_code=municipality_code,
        object_type="opendata.facility",
        object_id=facility.pk,
    )
    return facility


@transaction.atomic
def facility_delete(*, municipality_code: str, facility_id: int, actor: Actor) -> None:
    """施設の削除 from the master; published versions keep it (they are never changed)."""
    facility = facility_get(municipality_code=municipality_code, facility_id=facility_id)
    audit_record(
        actor=actor,
        action="opendata.facility_delete",
        municipality_code=municipality_code,
        object_type="opendata.facility",
        object_id=facility.pk,
    )
    facility.delete()
