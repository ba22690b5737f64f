"""Submitting cases: the form's schema with Japanese errors per field, signatures,
attachments, idempotent retries, the 引越しワンストップ pair."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import pytest
from django.core.files.storage import default_storage

from jichitai.audit.models import AuditRecord
from jichitai.common.exceptions import DomainError
from jichitai.identity.models import StaffUser
from jichitai.procedures.attachments import MAX_BYTES, Upload
from jichitai.procedures.models import Case, CaseEvent, CaseState, Channel
from jichitai.procedures.selectors import case_signing_bytes, procedure_get
from jichitai.procedures.services import case_submit, case_submit_moving
from jichitai.procedures.signing import SignedApplication
from jichitai.procedures.tests.factories import (
    PNG,
    actor_of,
    fake_signature,
    move_in_data,
    move_out_data,
    neighbour,
    pregnancy_data,
)
from jichitai.procedures.validation import data_errors
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality

PDF = b"%PDF-1.7\n" + b"0" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64


def _submit(municipality: Municipality, resident: Resident, **kwargs: Any) -> Case:
    values: dict[str, Any] = {
        "municipality": municipality,
        "procedure_id": "pregnancy_notification",
        "data": pregnancy_data(resident),
        "actor": actor_of(resident),
    }
    values.update(kwargs)
    return case_submit(**values).case


def _error(call: Any) -> DomainError:
    with pytest.raises(DomainError) as failure:
        call()
    return failure.value


def test_an_online_submission_creates_a_case_with_its_first_event(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    case = _submit(midori, family["花子"])
    assert case.state == CaseState.SUBMITTED
    assert case.channel == Channel.ONLINE
    assert case.applicant == family["花子"]
    assert case.reference_number == f"{dt.date.today().year}-000001"
    assert case.procedure_sha256 and case.procedure_version == 1
    event = CaseEvent.objects.get(case=case)
    assert (event.activity, event.actor_type, event.procedure_id) == (
        "submit",
        "resident",
        "pregnancy_notification",
    )
    assert event.municipality_id == midori.lg_code and event.channel == "online"


def test_the_audit_record_holds_no_personal_data(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    case = _submit(midori, family["花子"])
    record = AuditRecord.objects.get(action="case.submit", object_id=str(case.pk))
    text = str(record.detail) + record.actor_label + record.purpose
    assert "山田" not in text and "1990" not in text
    assert record.actor_type == "resident"


def test_reference_numbers_count_up(midori: Municipality, family: dict[str, Resident]) -> None:
    first = _submit(midori, family["花子"])
    second = _submit(midori, family["花子"])
    assert int(second.reference_number[-6:]) == int(first.reference_number[-6:]) + 1


def test_schema_errors_come_per_field_in_japanese(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    data = pregnancy_data(family["花子"])
    del data["diagnosed_at"]
    data["pregnancy_weeks"] = 99
    data["expected_delivery_on"] = "2026-02-30"
    data["applicant"]["name_kana"] = "yamada"
    error = _error(lambda: _submit(midori, family["花子"], data=data))
    assert error.code == "case.data_invalid" and error.status == 422
    by_field = {e.field: (e.code, e.message) for e in error.errors}
    assert by_field["/diagnosed_at"] == (
        "form.required",
        "「診断を受けた医療機関」を入力してください。",
    )
    assert by_field["/pregnancy_weeks"] == (
        "form.maximum",
        "「届出時の妊娠週数」は45以下にしてください。",
    )
    assert by_field["/expected_delivery_on"][0] == "form.format"
    assert "日付" in by_field["/expected_delivery_on"][1]
    assert by_field["/applicant/name_kana"] == (
        "form.pattern",
        "「氏名の振り仮名」の形式が正しくありません。",
    )
    assert Case.objects.count() == 0


def test_an_error_message_never_repeats_the_value(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    data = pregnancy_data(family["花子"])
    data["applicant"]["phone"] = "山田の電話"
    error = _error(lambda: _submit(midori, family["花子"], data=data))
    assert all("山田" not in e.message for e in error.errors)


def test_a_procedure_only_at_the_counter_is_refused_online(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    error = _error(lambda: _submit(midori, family["花子"], procedure_id="move_within", data={}))
    assert error.code == "procedure.channel_unavailable"


def test_an_unknown_procedure_is_not_found(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    assert _error(lambda: _submit(midori, family["花子"], procedure_id="nope")).code == (
        "procedure.not_found"
    )


def test_the_counter_submits_for_a_resident(
    midori: Municipality, family: dict[str, Resident], clerk: StaffUser
) -> None:
    case = _submit(midori, family["花子"], actor=clerk, applicant_id=family["花子"].pk)
    assert case.channel == Channel.COUNTER and case.applicant == family["花子"]
    assert CaseEvent.objects.get(case=case).actor_id == str(clerk.pk)


def test_another_municipalitys_staff_cannot_submit(
    midori: Municipality, family: dict[str, Resident], outsider: StaffUser
) -> None:
    error = _error(lambda: _submit(midori, family["花子"], actor=outsider))
    assert error.code == "case.not_found"


# ---------------------------------------------------------------------------- idempotency


def test_a_retried_submission_creates_one_case(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    submit = functools.partial(
        case_submit,
        municipality=midori,
        procedure_id="pregnancy_notification",
        data=pregnancy_data(family["花子"]),
        actor=actor_of(family["花子"]),
        idempotency_key="portal-retry-1",
    )
    first = submit()
    again = submit()
    assert not first.replayed and again.replayed
    assert again.case.pk == first.case.pk
    assert Case.objects.count() == 1 and CaseEvent.objects.count() == 1


def test_the_same_key_for_other_data_is_refused(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    _submit(midori, family["花子"], idempotency_key="k1")
    other = pregnancy_data(family["花子"]) | {"pregnancy_weeks": 12}
    error = _error(lambda: _submit(midori, family["花子"], data=other, idempotency_key="k1"))
    assert error.code == "idempotency.key_reused"


# ---------------------------------------------------------------------------- attachments


def _claim(resident: Resident) -> dict[str, Any]:
    return {
        "applicant": {
            "name": resident.name,
            "name_kana": resident.name_kana,
            "birth_date": resident.birth_date.isoformat(),
            "address": resident.address,
        },
        "children": [
            {
                "resident_id": Resident.objects.get(
                    municipality=resident.municipality, name="山田　翔太"
                ).pk,
                "name": "山田　翔太",
                "birth_date": "2018-05-20",
                "relationship": "子",
                "lives_with_applicant": True,
            }
        ],
        "pension": "厚生年金",
        "bank_account": {
            "bank_name": "みどり銀行",
            "branch_name": "本店",
            "account_type": "普通",
            "account_number": "1234567",
            "holder_kana": "ヤマダ　ハナコ",
        },
    }


def _claim_with(
    midori: Municipality, resident: Resident, files: list[Upload], fake_jpki: list[bytes]
) -> Case:
    data = _claim(resident)
    signature = fake_signature(
        case_signing_bytes(
            applications=[SignedApplication(midori.lg_code, "child_allowance_claim", data)]
        )
    )
    return _submit(
        midori,
        resident,
        procedure_id="child_allowance_claim",
        data=data,
        attachments=files,
        signature=signature,
    )


@pytest.mark.parametrize(
    ("content", "stored_as"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")],
)
def test_pdf_jpeg_and_png_are_accepted_by_content(
    midori: Municipality,
    family: dict[str, Resident],
    fake_jpki: list[bytes],
    content: bytes,
    stored_as: str,
) -> None:
    case = _claim_with(midori, family["花子"], [Upload("bank_book", content)], fake_jpki)
    attachment = case.attachments.get()
    assert attachment.content_type == stored_as and attachment.size == len(content)
    name = attachment.file.name
    assert name is not None
    assert default_storage.open(name).read() == content
    # A random name, nothing of the sender's: the storage path cannot be guessed.
    assert name.startswith(f"procedures/{midori.lg_code}/attachments/")
    assert len(name.rsplit("/", 1)[1]) > 40


def test_a_png_named_pdf_is_stored_as_the_png_it_is(
    midori: Municipality, family: dict[str, Resident], fake_jpki: list[bytes]
) -> None:
    # Upload carries no name at all: what the sender called it proves nothing.
    case = _claim_with(midori, family["花子"], [Upload("bank_book", PNG)], fake_jpki)
    name = case.attachments.get().file.name
    assert name is not None and name.endswith(".png")


def test_an_executable_renamed_pdf_is_refused(
    midori: Municipality, family: dict[str, Resident], fake_jpki: list[bytes]
) -> None:
    error = _error(
        lambda: _claim_with(midori, family["花子"], [Upload("bank_book", EXE)], fake_jpki)
    )
    assert error.code == "case.attachment_type"
    assert error.errors[0].field == "/attachments/0"
    assert Case.objects.count() == 0


def test_ten_megabytes_are_accepted_and_one_byte_more_refused(
    midori: Municipality, family: dict[str, Resident], fake_jpki: list[bytes]
) -> None:
    exactly = PDF + b"0" * (MAX_BYTES - len(PDF))
    assert _claim_with(midori, family["花子"], [Upload("bank_book", exactly)], fake_jpki).pk
    error = _error(
        lambda: _claim_with(
            midori, family["花子"], [Upload("bank_book", exactly + b"0")], fake_jpki
        )
    )
    assert error.code == "case.attachment_too_large"


def test_an_attachment_kind_the_procedure_does_not_know_is_refused(
    midori: Municipality, family: dict[str, Resident], fake_jpki: list[bytes]
) -> None:
    error = _error(lambda: _claim_with(midori, family["花子"], [Upload("selfie", PNG)], fake_jpki))
    assert error.code == "case.attachment_kind_unknown"


# ---------------------------------------------------------------------------- signatures


def test_a_signed_procedure_needs_a_signature_online(
    midori: Municipality, family: dict[str, Resident], fake_jpki: list[bytes]
) -> None:
    error = _error(
        lambda: _submit(
            midori,
            family["花子"],
            procedure_id="child_allowance_claim",
            data=_claim(family["花子"]),
        )
    )
    assert error.code == "case.signature_required"


def test_a_signature_over_other_data_is_refused(
    midori: Municipality, family: dict[str, Resident], fake_jpki: list[bytes]
) -> None:
    data = _claim(family["花子"])
    signed_for = case_signing_bytes(
        applications=[SignedApplication(midori.lg_code, "child_allowance_claim", data)]
    )
    data["bank_account"]["account_number"] = "7654321"
    error = _error(
        lambda: _submit(
            midori,
            family["花子"],
            procedure_id="child_allowance_claim",
            data=data,
            signature=fake_signature(signed_for),
        )
    )
    assert error.code == "jpki.signature_invalid"
    assert Case.objects.count() == 0


def test_a_signature_for_another_procedure_is_refused(
    midori: Municipality, family: dict[str, Resident], fake_jpki: list[bytes]
) -> None:
    data = _claim(family["花子"])
    other = case_signing_bytes(
        applications=[SignedApplication(midori.lg_code, "child_allowance_revision", data)]
    )
    error = _error(
        lambda: _submit(
            midori,
            family["花子"],
            procedure_id="child_allowance_claim",
            data=data,
            signature=fake_signature(other),
        )
    )
    assert error.code == "jpki.signature_invalid"


def test_a_verified_signature_is_kept_with_the_case(
    midori: Municipality, family: dict[str, Resident], fake_jpki: list[bytes]
) -> None:
    case = _claim_with(midori, family["花子"], [], fake_jpki)
    assert case.signature_cms is not None and case.signer_certificate_der is not None
    assert bytes(case.signature_cms).startswith(b"fake-cms:")
    assert bytes(case.signer_certificate_der) == b"DER"
    assert case.signature_verified_at is not None
    assert case.signed_payload["applications"][0]["procedure"] == "child_allowance_claim"


def test_the_counter_needs_no_signature(
    midori: Municipality, family: dict[str, Resident], clerk: StaffUser
) -> None:
    case = _submit(
        midori,
        family["花子"],
        procedure_id="child_allowance_claim",
        data=_claim(family["花子"]),
        actor=clerk,
        applicant_id=family["花子"].pk,
    )
    assert case.signature_cms is None


# ---------------------------------------------------------------------------- moving


def _moving(
    midori: Municipality, minakami: Municipality, members: list[Resident], **kwargs: Any
) -> Case:
    out, into = move_out_data(members), move_in_data(members)
    signature = fake_signature(
        case_signing_bytes(
            applications=[
                SignedApplication(midori.lg_code, "move_out", out),
                SignedApplication(minakami.lg_code, "move_in_reservation", into),
            ]
        )
    )
    values: dict[str, Any] = {
        "municipality": midori,
        "move_out_data": out,
        "destination_lg_code": minakami.lg_code,
        "move_in_data": into,
        "actor": actor_of(members[0]),
        "signature": signature,
    }
    values.update(kwargs)
    return case_submit_moving(**values).case


def test_one_signed_submission_files_move_out_and_move_in_reservation(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    fake_jpki: list[bytes],
) -> None:
    origin = _moving(midori, minakami, list(family.values()))
    destination = Case.objects.for_municipality(minakami).get()
    assert origin.procedure_id == "move_out" and destination.procedure_id == "move_in_reservation"
    assert origin.onestop_id == destination.onestop_id is not None
    assert (origin.related_lg_code, origin.related_reference_number) == (
        minakami.lg_code,
        destination.reference_number,
    )
    assert destination.applicant is None and destination.applicant_key == origin.applicant_key
    assert len(fake_jpki) == 1  # one signature over both


def test_moving_to_the_same_municipality_is_a_move_within(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    fake_jpki: list[bytes],
) -> None:
    error = _error(
        lambda: _moving(midori, minakami, list(family.values()), destination_lg_code=midori.lg_code)
    )
    assert error.code == "moving.same_municipality"


def test_moving_to_a_municipality_not_served_is_refused(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    fake_jpki: list[bytes],
) -> None:
    error = _error(
        lambda: _moving(midori, minakami, list(family.values()), destination_lg_code="131016")
    )
    assert error.code == "moving.municipality_not_served"


def test_only_members_of_ones_own_household_can_be_moved_out(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    fake_jpki: list[bytes],
) -> None:
    stranger = neighbour(midori)
    members = [family["花子"], stranger]
    error = _error(lambda: _moving(midori, minakami, members))
    assert error.code == "case.not_household_member"
    assert error.errors[0].field == "/movers/1/resident_id"
    assert Case.objects.count() == 0


def test_a_broken_move_in_reservation_creates_neither_case(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    fake_jpki: list[bytes],
) -> None:
    into = move_in_data(list(family.values()))
    del into["new_address"]
    error = _error(lambda: _moving(midori, minakami, list(family.values()), move_in_data=into))
    assert error.code == "case.data_invalid"
    assert Case.objects.count() == 0


def test_each_missing_field_is_reported_once() -> None:
    errors = data_errors(procedure=procedure_get(procedure_id="move_out"), data={"movers": []})
    fields = [e.field for e in errors if e.code == "form.required"]
    assert fields == ["/applicant", "/planned_move_on", "/moving_to"]
