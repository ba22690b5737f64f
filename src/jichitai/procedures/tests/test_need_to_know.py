"""Need to know (issue 9, finding 8): a 各課担当 reads and acts on the cases of their 課 only.

Each test is the attack: a 各課担当 of こども課 (`child`) opens a 転出届 (住民記録) — its page,
its attachment, the API's detail, list and transitions. Another department's case answers
404 like a missing one (it must not reveal that the case exists) and leaves a denied audit
record; nothing changes.
"""

from __future__ import annotations

import pytest

from jichitai.audit.models import AuditRecord
from jichitai.conftest import signed_in
from jichitai.identity.models import Role, StaffUser
from jichitai.procedures.models import Case, CaseAttachment, CaseState
from jichitai.procedures.services import case_submit
from jichitai.procedures.tests.conftest import _staff
from jichitai.procedures.tests.factories import (
    case_of,
    move_out_data,
    school_transfer_submit,
)
from jichitai.registry.models import Resident
from jichitai.tenants.models import Municipality

API = "/api/v1/102121"
OFFICE = "/102121/office"


@pytest.fixture
def move_out_case(midori: Municipality, family: dict[str, Resident], clerk: StaffUser) -> Case:
    """A 転出届 of the 山田 family, filed at the counter: 住民記録 (`residents`)."""
    members = [family["花子"], family["翔太"]]
    return case_submit(
        municipality=midori,
        procedure_id="move_out",
        data=move_out_data(members),
        actor=clerk,
        applicant_id=members[0].pk,
    ).case


@pytest.fixture
def school_attachment(midori: Municipality, family: dict[str, Resident]) -> CaseAttachment:
    """The 在学証明書 of a 転入学の届出 (学校教育, `education`)."""
    case = school_transfer_submit(midori, family["花子"], family["翔太"])
    return case.attachments.get()


def _denied(action: str, object_id: int) -> int:
    return AuditRecord.objects.filter(
        chain="102121",
        action=action,
        object_id=str(object_id),
        result="denied",
        detail__department_missing=True,
    ).count()


def _viewed(case: Case) -> int:
    return AuditRecord.objects.filter(action="case.view", object_id=str(case.pk)).count()


# ---------------------------------------------------------------------------- the pages


def test_child_officer_opening_a_move_out_case_page_gets_404_audited(
    move_out_case: Case, child_officer: StaffUser
) -> None:
    response = signed_in(child_officer).get(f"{OFFICE}/cases/{move_out_case.pk}/")
    assert response.status_code == 404
    assert "山田" not in response.content.decode()
    assert _denied("procedures.case_view", move_out_case.pk) == 1
    assert _viewed(move_out_case) == 0


def test_child_officer_claiming_a_move_out_case_gets_404_and_nothing_changes(
    move_out_case: Case, child_officer: StaffUser
) -> None:
    response = signed_in(child_officer).post(f"{OFFICE}/cases/{move_out_case.pk}/claim/")
    assert response.status_code == 404
    assert Case.objects.get(pk=move_out_case.pk).state == CaseState.SUBMITTED
    assert _denied("procedures.case_process", move_out_case.pk) == 1


def test_child_officer_downloading_a_school_attachment_gets_404_audited(
    school_attachment: CaseAttachment, child_officer: StaffUser
) -> None:
    response = signed_in(child_officer).get(f"{OFFICE}/attachments/{school_attachment.pk}/")
    assert response.status_code == 404
    assert _denied("procedures.attachment_download", school_attachment.case_id) == 1
    assert not AuditRecord.objects.filter(action="case.attachment_download").exists()


def test_child_officer_inbox_offers_only_the_child_department(
    move_out_case: Case, child_officer: StaffUser, midori: Municipality
) -> None:
    client = signed_in(child_officer)
    page = client.get(f"{OFFICE}/").content.decode()
    # The 担当 is named by the municipality's own 課 that takes care of `child`.
    assert "こども課" in page and "住民記録担当" not in page
    asked = client.get(f"{OFFICE}/", {"department": "residents"}).content.decode()
    assert "選べない担当です。" in asked
    assert move_out_case.reference_number not in asked


def test_department_staff_in_no_department_read_nothing(
    midori: Municipality, family: dict[str, Resident]
) -> None:
    """The safe default for a 各課担当 created before 課 existed: nothing until placed."""
    case = case_of(midori, family["花子"])
    client = signed_in(_staff(midori, "unplaced", Role.DEPARTMENT))
    inbox = client.get(f"{OFFICE}/")
    assert inbox.status_code == 200 and "所属する課が設定されていない" in inbox.content.decode()
    assert client.get(f"{OFFICE}/cases/{case.pk}/").status_code == 404
    assert client.get(f"{API}/cases").json() == {"items": [], "count": 0}


def test_the_officer_of_the_cases_department_still_reads_it(
    midori: Municipality, family: dict[str, Resident], officer: StaffUser
) -> None:
    case = case_of(midori, family["花子"])
    assert signed_in(officer).get(f"{OFFICE}/cases/{case.pk}/").status_code == 200
    assert _viewed(case) == 1


def test_counter_reads_move_out_but_not_a_pregnancy_notification(
    move_out_case: Case, clerk: StaffUser, midori: Municipality, family: dict[str, Resident]
) -> None:
    """窓口 reads `residents` (the catalog's workflow steps of its role), not 母子保健."""
    pregnancy = case_of(midori, family["花子"])
    client = signed_in(clerk)
    assert client.get(f"{OFFICE}/cases/{move_out_case.pk}/").status_code == 200
    assert client.get(f"{OFFICE}/cases/{pregnancy.pk}/").status_code == 404
    assert _denied("procedures.case_view", pregnancy.pk) == 1


# ---------------------------------------------------------------------------- the API


def test_child_officer_api_detail_of_a_move_out_case_is_404_audited(
    move_out_case: Case, child_officer: StaffUser
) -> None:
    response = signed_in(child_officer).get(f"{API}/cases/{move_out_case.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "case.not_found"
    assert _denied("procedures.case_view", move_out_case.pk) == 1
    assert _viewed(move_out_case) == 0


def test_child_officer_api_list_leaves_the_move_out_case_out(
    move_out_case: Case, child_officer: StaffUser, midori: Municipality, family: dict[str, Resident]
) -> None:
    client = signed_in(child_officer)
    assert client.get(f"{API}/cases", {"department": "residents"}).json()["count"] == 0
    listed = client.get(f"{API}/cases").json()["items"]
    assert move_out_case.reference_number not in {c["reference_number"] for c in listed}


def test_child_officer_api_transition_of_a_move_out_case_is_404_and_changes_nothing(
    move_out_case: Case, child_officer: StaffUser
) -> None:
    response = signed_in(child_officer).post(
        f"{API}/cases/{move_out_case.pk}/transitions",
        {"action": "claim"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert Case.objects.get(pk=move_out_case.pk).state == CaseState.SUBMITTED
    assert _denied("procedures.api.case_claim", move_out_case.pk) == 1


def test_a_service_caller_cannot_act_outside_its_departments(
    move_out_case: Case, child_officer: StaffUser, midori: Municipality
) -> None:
    """The service trusts no caller: a 各課担当 with the right role for no step of 住民記録
    but called directly still gets CaseNotFound."""
    from jichitai.procedures.errors import CaseNotFound
    from jichitai.procedures.services import case_claim

    with pytest.raises(CaseNotFound):
        case_claim(municipality=midori, case_id=move_out_case.pk, actor=child_officer)
    assert Case.objects.get(pk=move_out_case.pk).state == CaseState.SUBMITTED
