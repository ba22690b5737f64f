"""要介護認定の結果 from the case page: a 要介護・要支援認定の申請 filed for 山田ウメ is approved
(the application is recorded in 介護保険), the 介護保険担当 records the 介護認定審査会's result
on the case page, and the resident reads it on theirs. Bad input is refused with a Japanese
message and a 4xx, nothing written; another municipality or a staff member outside the 介護
担当 finds nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.conftest import PASSWORD, signed_in
from jichitai.departments.models import Business, CareCertification, CareLevel
from jichitai.departments.services import care_insured_enrol
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.services import staff_create
from jichitai.identity.tests.factories import department_with_members
from jichitai.procedures.models import Case, CaseState
from jichitai.procedures.tests.department_cases import (
    approve,
    care_need_data,
    code_of,
    counter_submit,
    welfare_officer,
)
from jichitai.registry.models import Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality

# The day before the application (the insured was insured then: only the order is wrong).
BEFORE = "before"


@pytest.fixture
def hanako(midori: Municipality) -> Resident:
    """山田花子, insured (第2号被保険者 is enough for the form) for a year."""
    resident = yamada_family(midori)["花子"]
    care_insured_enrol(
        municipality=midori,
        code=code_of(midori, Business.CARE, resident),
        insured_number="0000012345",
        acquired_on=dt.date.today() - dt.timedelta(days=400),
        actor=None,
    )
    return resident


@pytest.fixture
def staff(midori: Municipality) -> StaffUser:
    return welfare_officer(midori)


@pytest.fixture
def client(staff: StaffUser) -> Client:
    return signed_in(staff)


def _approved(midori: Municipality, staff: StaffUser, hanako: Resident) -> Case:
    case = counter_submit(midori, staff, hanako, "care_need_certification", care_need_data(hanako))
    return approve(midori, case, staff)


def _url(case: Case, action: str = "") -> str:
    return f"/{case.municipality_id}/office/cases/{case.pk}/{action + '/' if action else ''}"


def _text(response: Any) -> str:
    return str(response.content.decode())


def _certification_id(case: Case) -> int:
    assert case.care_certification_id is not None
    return case.care_certification_id


def _applied_on(case: Case) -> dt.date:
    certification = CareCertification.objects.get(pk=_certification_id(case))
    return certification.applied_on


def _result(case: Case, level: str = "care_2", **changes: str) -> dict[str, str]:
    applied = _applied_on(case)
    form = {
        "care-level": level,
        "care-decided_on": applied.isoformat(),
        "care-valid_from": applied.isoformat(),
        "care-valid_to": (applied + dt.timedelta(days=365)).isoformat(),
    }
    return form | {f"care-{key}": value for key, value in changes.items()}


def _unchanged(case: Case) -> bool:
    certification = CareCertification.objects.get(pk=_certification_id(case))
    return certification.status == CareCertification.Status.APPLIED and certification.level == ""


def test_the_result_is_recorded_from_the_case_page_and_shown(
    midori: Municipality, staff: StaffUser, hanako: Resident, client: Client
) -> None:
    before = counter_submit(
        midori, staff, hanako, "care_need_certification", care_need_data(hanako)
    )
    page = _text(client.get(_url(before)))
    assert "承認すると、介護保険の記録に申請が登録されます。" in page
    assert "認定結果を記録する" not in page
    # Before approval there is no application to record a result on.
    today = timezone.localdate().isoformat()
    early = client.post(
        _url(before, "care-result"),
        {
            "care-level": "care_2",
            "care-decided_on": today,
            "care-valid_from": today,
            "care-valid_to": (timezone.localdate() + dt.timedelta(days=365)).isoformat(),
        },
    )
    assert early.status_code == 409
    assert "申請を承認して介護保険の記録に申請を登録してから" in _text(early)

    case = approve(midori, before, staff)
    assert case.state == CaseState.APPROVED
    page = _text(client.get(_url(case)))
    assert "未記録：介護認定審査会の判定を待っています。" in page
    assert "残りは介護認定審査会の判定の記録です" in page
    assert "この申請の処理は終わっています。" not in page
    for value, label in CareLevel.choices:
        assert f'value="{value}"' in page
        assert str(label) in page

    recorded = client.post(_url(case, "care-result"), _result(case), follow=True)
    text = _text(recorded)
    assert "認定結果「要介護2」を記録しました。" in text
    assert "<strong>要介護2</strong>" in text
    assert "認定結果を記録する" not in text
    assert "この申請の処理は終わっています。" in text
    certification = CareCertification.objects.get(pk=_certification_id(case))
    assert certification.status == CareCertification.Status.DECIDED
    assert certification.level == CareLevel.CARE_2
    assert certification.valid_to == _applied_on(case) + dt.timedelta(days=365)
    assert AuditRecord.objects.filter(
        action="care.certification_decide", object_id=str(certification.pk)
    ).exists()

    # A replay (or a colleague's second click) changes nothing.
    replay = client.post(_url(case, "care-result"), _result(case, "care_5"))
    assert replay.status_code == 409
    assert "この申請の認定結果はすでに記録されています。" in _text(replay)
    certification.refresh_from_db()
    assert certification.level == CareLevel.CARE_2
    assert AuditRecord.objects.filter(action="care.certification_decide").count() == 1


def test_not_applicable_is_recorded_without_a_period(
    midori: Municipality, staff: StaffUser, hanako: Resident, client: Client
) -> None:
    case = _approved(midori, staff, hanako)
    form = _result(case, "not_applicable", valid_from="", valid_to="")
    response = client.post(_url(case, "care-result"), form, follow=True)
    assert "認定結果「非該当」を記録しました。" in _text(response)
    assert "なし（非該当）" in _text(response)
    certification = CareCertification.objects.get(pk=_certification_id(case))
    assert certification.level == CareLevel.NOT_APPLICABLE
    assert certification.valid_from is None and certification.valid_to is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"decided_on": "2026-02-30"}, "日付を正しく入力してください"),
        ({"valid_to": "2027-13-01"}, "日付を正しく入力してください"),
        ({"level": "care_6"}, "認定結果は要支援1〜2、要介護1〜5、非該当から選んでください。"),
        ({"level": ""}, "認定結果を選んでください。"),
        ({"decided_on": ""}, "認定日を入力してください。"),
        ({"decided_on": BEFORE}, "認定日は申請日より前にできません。"),
        ({"decided_on": "2999-01-01"}, "認定日は今日より後にできません。"),
        ({"valid_from": BEFORE}, "有効期間は申請日より前から始められません。"),
        ({"valid_to": "2000-01-01"}, "有効期間の終了は開始より後にしてください。"),
        ({"valid_from": "", "valid_to": ""}, "認定の有効期間を指定してください。"),
        ({"level": "not_applicable"}, "非該当には有効期間がありません。"),
    ],
)
def test_a_bad_result_is_refused_and_nothing_is_written(
    midori: Municipality,
    staff: StaffUser,
    hanako: Resident,
    client: Client,
    changes: dict[str, str],
    message: str,
) -> None:
    case = _approved(midori, staff, hanako)
    day_before = (_applied_on(case) - dt.timedelta(days=1)).isoformat()
    form = _result(case) | {
        f"care-{key}": day_before if value == BEFORE else value for key, value in changes.items()
    }
    response = client.post(_url(case, "care-result"), form)
    assert response.status_code == 400
    assert message in _text(response)
    assert _unchanged(case)
    assert not AuditRecord.objects.filter(action="care.certification_decide").exists()


def test_another_municipality_finds_nothing(
    midori: Municipality, minakami: Municipality, staff: StaffUser, hanako: Resident
) -> None:
    case = _approved(midori, staff, hanako)
    outsider = signed_in(welfare_officer(minakami, username="outsider"))
    response = outsider.post(
        f"/{minakami.lg_code}/office/cases/{case.pk}/care-result/", _result(case)
    )
    assert response.status_code == 404
    assert _unchanged(case)


def test_staff_outside_the_care_department_find_nothing(
    midori: Municipality, staff: StaffUser, hanako: Resident
) -> None:
    case = _approved(midori, staff, hanako)
    user = staff_create(
        municipality=midori,
        username="kodomo",
        password=PASSWORD,
        display_name="kodomo",
        roles=[Role.DEPARTMENT],
        actor=None,
        check_password=False,
    )
    department_with_members(midori, code="kodomo", name="こども課", keys=["child"], members=[user])
    response = signed_in(user).post(_url(case, "care-result"), _result(case))
    assert response.status_code == 404
    assert _unchanged(case)


def test_the_form_is_only_for_care_certification_cases(
    midori: Municipality, staff: StaffUser, hanako: Resident, client: Client
) -> None:
    case = _approved(midori, staff, hanako)
    Case.objects.filter(pk=case.pk).update(procedure_id="care_insurance_card_reissue")
    response = client.post(_url(case, "care-result"), _result(case))
    assert response.status_code == 404
    assert _unchanged(case)


def test_a_relocation_case_shows_the_certification_taken_over(
    midori: Municipality, staff: StaffUser, client: Client
) -> None:
    resident = yamada_family(midori)["花子"]
    care_insured_enrol(
        municipality=midori,
        code=code_of(midori, Business.CARE, resident),
        insured_number="0000012345",
        acquired_on=dt.date.today() - dt.timedelta(days=5),
        actor=None,
    )
    data = {
        "insured": {**care_need_data(resident)["insured"], "name_kana": resident.name_kana},
        "former_municipality": "東京都千代田区",
        "level": "要介護3",
        "valid_to": (dt.date.today() + dt.timedelta(days=120)).isoformat(),
    }
    case = approve(
        midori,
        counter_submit(midori, staff, resident, "care_relocation_certification", data),
        staff,
    )
    assert case.care_certification_id is not None
    page = _text(client.get(_url(case)))
    assert "<strong>要介護3</strong>" in page
    assert "認定結果を記録する" not in page
    assert client.post(_url(case, "care-result"), _result(case)).status_code == 404
