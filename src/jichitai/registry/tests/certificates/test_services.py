"""certificate_issue (registry/certificates/services.py): who may have what printed, which
records go on which certificate, tenancy, and what the issue and audit records keep."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.common.exceptions import PermissionDenied, RuleViolation
from jichitai.identity.models import StaffUser
from jichitai.registry.certificates.documents import CertificateOptions
from jichitai.registry.certificates.services import certificate_issue
from jichitai.registry.errors import ResidentNotFound
from jichitai.registry.models import CertificateKind, IssuedCertificate, Resident
from jichitai.registry.tests.certificates.helpers import COUNTER_REQUEST, MY_NUMBER, PURPOSE
from jichitai.registry.tests.certificates.helpers import issue as _issue
from jichitai.registry.tests.certificates.helpers import move_out as _move_out
from jichitai.registry.tests.certificates.helpers import register as _register
from jichitai.registry.tests.certificates.helpers import set_mayor_name as _mayor_name
from jichitai.registry.tests.factories import person as _person
from jichitai.tenants.models import Municipality


def test_my_number_asked_for_by_a_counter_clerk_is_refused_and_nothing_is_stored(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    with pytest.raises(PermissionDenied) as refused:
        _issue(midori, household, clerk, include_my_number=True)
    assert refused.value.code == "certificate.my_number_not_permitted"
    assert not IssuedCertificate.objects.exists()
    denied = AuditRecord.objects.get(action="registry.certificate_issue", result="denied")
    assert denied.detail == {
        "residents": 3,
        "my_number": True,
        "requester_self": True,
        "identity_drivers_license": True,
        "copies": 1,
        "official_use": False,
    }


def test_closed_record_of_a_living_resident_is_refused(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    with pytest.raises(RuleViolation) as refused:
        _issue(midori, household[:1], clerk, kind=CertificateKind.CLOSED_RECORD)
    assert refused.value.code == "certificate.record_not_closed"
    assert not IssuedCertificate.objects.exists()


def test_a_closed_record_is_not_put_on_a_juminhyo(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    _move_out(midori, [household[2]])
    with pytest.raises(RuleViolation) as refused:
        _issue(midori, household, clerk)
    assert refused.value.code == "certificate.record_closed"


def test_a_juminhyo_takes_one_household_only(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    other = _register(
        midori,
        [_person("田中　次郎", "タナカ　ジロウ", dt.date(1970, 7, 7), "1", "世帯主")],
        "群馬県みどり市大間々町桐原2番地",
    )
    with pytest.raises(RuleViolation) as refused:
        _issue(midori, [household[0], other[0]], clerk)
    assert refused.value.code == "certificate.households_mixed"


def test_another_municipalitys_residents_are_not_found(
    midori: Municipality, minakami: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    with pytest.raises(ResidentNotFound):
        certificate_issue(
            municipality=minakami,
            kind=CertificateKind.JUMINHYO,
            resident_ids=[household[0].pk],
            options=CertificateOptions(),
            actor=clerk,
            purpose=PURPOSE,
            request=COUNTER_REQUEST,
        )


def test_the_audit_record_holds_counts_and_flags_only(
    midori: Municipality, household: list[Resident], supervisor: StaffUser
) -> None:
    issued = _issue(midori, household, supervisor, include_my_number=True, include_domicile=True)
    record = AuditRecord.objects.get(action="registry.certificate_issue", result="success")
    assert record.purpose == PURPOSE
    assert record.object_id == str(issued.certificate.pk)
    assert record.detail["residents"] == 3 and record.detail["my_number"] is True
    assert record.detail["requester_self"] is True
    assert record.detail["identity_drivers_license"] is True
    assert record.detail["copies"] == 1 and record.detail["fee"] == 300
    everything = json.dumps(
        {f.name: str(getattr(record, f.attname)) for f in AuditRecord._meta.concrete_fields},
        ensure_ascii=False,
    )
    for resident in household:
        for value in (
            resident.name,
            resident.name_kana,
            resident.address,
            resident.resident_code,
            resident.birth_date.isoformat(),
        ):
            assert value not in everything
    assert MY_NUMBER not in everything and "大間々1番地" not in everything


def test_the_issue_record_keeps_no_personal_data_nor_the_pdf(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    issued = _issue(midori, household, clerk)
    row = IssuedCertificate.objects.values().get(pk=issued.certificate.pk)
    assert set(row) == {
        "id",
        "municipality_id",
        "issue_number",
        "serial",
        "kind",
        "whole_household",
        "sha256",
        "issued_at",
        "actor_id",
        "purpose",
        "residents",
        "pages",
        "with_household_head",
        "with_domicile",
        "with_resident_code",
        "with_my_number",
        "requester",
        "identity_check",
        "copies",
        "fee",
        "with_history",
        "without_foreign_items",  # 外国人住民の事項の省略 (a flag, test_foreign_items.py)
        "official_use",
        "place",
        "terminal",
        "acting_certifier_id",
        "reissue",  # 転出証明書の再交付 (a flag, test_move_out_certificate.py)
        "signing_key_id",
    }
    assert row["residents"] == 3 and row["pages"] == 1 and row["whole_household"] is True
    assert row["requester"] == "self" and row["identity_check"] == "drivers_license"
    assert row["copies"] == 1 and row["fee"] == 300


def test_issue_numbers_run_on_per_municipality(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    first = _issue(midori, household, clerk).certificate
    second = _issue(midori, household[:1], clerk).certificate
    assert second.serial == first.serial + 1
    today = timezone.localdate().strftime("%Y%m%d")
    assert first.issue_number == f"{today} みどり市 000001"
    assert second.issue_number == f"{today} みどり市 000002"


def test_a_certifier_without_a_name_is_refused(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    _mayor_name(midori, "")
    with pytest.raises(RuleViolation) as refused:
        _issue(midori, household, clerk)
    assert refused.value.code == "certificate.mayor_name_missing"
