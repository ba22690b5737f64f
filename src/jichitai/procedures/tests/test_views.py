"""The department inboxes through the Django test client: the list, one case, the
担当する → 差戻し → 承認 flows, refusals shown in Japanese, other municipalities' 404s, the
signature shown, attachments downloaded, and the audit trail of every read."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.common.templatetags.jichitai_ui import wareki
from jichitai.conftest import signed_in
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.tests.factories import membership_add
from jichitai.procedures import views
from jichitai.procedures.models import Case, CaseState
from jichitai.procedures.selectors import case_signing_bytes
from jichitai.procedures.services import (
    case_claim,
    case_resubmit,
    case_submit,
)
from jichitai.procedures.signing import SignedApplication
from jichitai.procedures.tests.conftest import _staff
from jichitai.procedures.tests.factories import (
    PNG,
    actor_of,
    case_of,
    case_submitted_days_ago,
    fake_signature,
    move_out_data,
    onestop_submit,
    pregnancy_data,
    school_transfer_submit,
)
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import support_measure_start
from jichitai.tenants.models import Municipality

LG = "102121"
# 承認 asks the officer to confirm what it does (procedures.forms.ApprovalConfirmForm).
CONFIRMED = {"approve-confirmed": "on"}


def _url(path: str = "", lg_code: str = LG) -> str:
    return f"/{lg_code}/office/{path}"


def _case_url(case_id: int, action: str = "", lg_code: str = LG) -> str:
    return _url(f"cases/{case_id}/{action + '/' if action else ''}", lg_code)


def _text(response: Any) -> str:
    return str(response.content.decode())


def _state(case_id: int) -> str:
    return str(Case.objects.get(pk=case_id).state)


def _views_of(case_id: int) -> int:
    return AuditRecord.objects.filter(action="case.view", object_id=str(case_id)).count()


@pytest.fixture
def officer_client(officer: StaffUser) -> Client:
    return signed_in(officer)


@pytest.fixture
def reviewer_client(reviewer: StaffUser) -> Client:
    return signed_in(reviewer)


def _move_out(midori: Municipality, members: list[Resident]) -> Case:
    data = move_out_data(members)
    signature = fake_signature(
        case_signing_bytes(applications=[SignedApplication(midori.lg_code, "move_out", data)])
    )
    return case_submit(
        municipality=midori,
        procedure_id="move_out",
        data=data,
        actor=actor_of(members[0]),
        signature=signature,
    ).case


# ---------------------------------------------------------------------------- the list


def test_inbox_lists_overdue_cases_first_marked_in_words(
    midori: Municipality, family: dict[str, Resident], officer_client: Client
) -> None:
    recent = case_of(midori, family["花子"])
    late = case_submitted_days_ago(midori, family["花子"], days=30)
    response = officer_client.get(_url(), {"department": "maternal_health"})
    assert response.status_code == 200
    text = _text(response)
    assert text.index(late.reference_number) < text.index(recent.reference_number)
    assert text.count("期限超過") == 1  # a word, not a colour alone
    assert "妊娠の届出" in text and "オンライン" in text
    assert "審査待ち（2件）" in text and "審査中（0件）" in text


def test_inbox_names_each_applicant_and_records_the_page_as_a_read(
    midori: Municipality, family: dict[str, Resident], officer_client: Client
) -> None:
    case = case_of(midori, family["花子"])
    text = _text(officer_client.get(_url(), {"department": "maternal_health"}))
    assert re.search(
        rf'{case.reference_number}</a></td>\s*<td class="jt-nowrap">山田　花子</td>', text
    )
    assert "みどり市民病院" not in text  # the application's content stays on the case page
    [read] = AuditRecord.objects.filter(action="case.list")
    assert read.object_id == str(case.pk) and read.detail == {"cases": 1}
    assert read.purpose == "受付一覧（福祉課 母子保健担当）"
    # An empty tab names nobody: nothing to record.
    officer_client.get(_url(), {"department": "maternal_health", "state": "done"})
    assert AuditRecord.objects.filter(action="case.list").count() == 1


def test_inbox_names_a_reservation_s_applicant_as_the_resident_gave_it(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    jpki_with_certificate: list[bytes],
    outsider_client: Client,
) -> None:
    onestop_submit(midori, minakami, family)
    # みなかみ町 has no record of her yet: the name is the 届出人 the form names.
    text = _text(outsider_client.get(_url(lg_code=minakami.lg_code), {"department": "residents"}))
    assert "転入予約" in text and '<td class="jt-nowrap">山田　花子</td>' in text


def test_inbox_and_case_page_write_dates_and_times_in_one_style(
    midori: Municipality, family: dict[str, Resident], officer_client: Client
) -> None:
    case = case_of(midori, family["花子"])
    submitted = f"{wareki(case.submitted_at)}"
    assert re.fullmatch(r"令和\d+年\d+月\d+日 \d\d:\d\d", submitted)
    inbox = _text(officer_client.get(_url(), {"department": "maternal_health"}))
    assert submitted in inbox and wareki(case.due_on) in inbox
    page = _text(officer_client.get(_case_url(case.pk)))
    assert submitted in page
    # The event trail keeps the seconds: two steps within a minute stay in order.
    assert re.search(r"<time datetime=\"[^\"]+\">令和\d+年\d+月\d+日 \d\d:\d\d:\d\d</time>", page)
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", inbox + page)


def test_inbox_offers_only_the_departments_the_staff_member_acts_for(
    midori: Municipality, officer_client: Client, reviewer_client: Client
) -> None:
    officer_page = _text(officer_client.get(_url()))
    # 福祉課 takes care of five keys: each choice names the 課 and the work.
    assert "福祉課 子育て支援担当" in officer_page and "福祉課 介護保険担当" in officer_page
    assert "住民記録担当" not in officer_page
    reviewer_page = _text(reviewer_client.get(_url()))
    assert "受付一覧（住民記録担当）" in reviewer_page and "介護保険担当" not in reviewer_page
    refused = officer_client.get(_url(), {"department": "residents"})
    assert refused.status_code == 200
    assert "選べない担当です。" in _text(refused)


def test_inbox_tabs_filter_by_state_and_procedure(
    midori: Municipality, family: dict[str, Resident], officer: StaffUser, officer_client: Client
) -> None:
    waiting = case_of(midori, family["花子"])
    claimed = case_of(midori, family["花子"])
    case_claim(municipality=midori, case_id=claimed.pk, actor=officer)
    in_review = _text(
        officer_client.get(_url(), {"department": "maternal_health", "state": "in_review"})
    )
    assert claimed.reference_number in in_review and waiting.reference_number not in in_review
    assert "officer" in in_review  # the 担当職員 column
    other = _text(
        officer_client.get(
            _url(), {"department": "maternal_health", "procedure": "pregnancy_notification"}
        )
    )
    assert waiting.reference_number in other
    wrong = _text(officer_client.get(_url(), {"department": "child", "procedure": "move_out"}))
    assert "この担当の手続ではありません。" in wrong


def test_inbox_pages_through_long_lists(
    midori: Municipality,
    family: dict[str, Resident],
    officer_client: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    first, second = case_of(midori, family["花子"]), case_of(midori, family["花子"])
    page_one = _text(officer_client.get(_url(), {"department": "maternal_health"}))
    assert first.reference_number in page_one and second.reference_number not in page_one
    assert "次のページ" in page_one and "1 / 2 ページ" in page_one
    page_two = _text(officer_client.get(_url(), {"department": "maternal_health", "page": "2"}))
    assert second.reference_number in page_two and "前のページ" in page_two


def test_a_staff_member_without_an_inbox_role_is_refused(
    midori: Municipality, auditor_client: Client
) -> None:
    assert auditor_client.get(_url()).status_code == 403


# ---------------------------------------------------------------------------- one case


def test_case_page_shows_the_data_and_records_the_access(
    midori: Municipality, family: dict[str, Resident], officer_client: Client
) -> None:
    case = case_of(midori, family["花子"])
    response = officer_client.get(_case_url(case.pk))
    assert response.status_code == 200
    text = _text(response)
    assert "山田　花子" in text and "みどり市民病院" in text  # data_summary rows
    assert "出産予定日" in text or "妊娠週数" in text  # labels from the form's titles
    assert "担当する" in text
    assert "電子署名が求められていない" in text
    assert _views_of(case.pk) == 1


def test_counter_staff_read_a_case_but_get_no_buttons_for_a_departments_step(
    midori: Municipality, family: dict[str, Resident], health_clerk: StaffUser
) -> None:
    case = case_of(midori, family["花子"])
    text = _text(signed_in(health_clerk).get(_case_url(case.pk)))
    assert "「各課担当」の役割が必要です" in text
    assert 'action="/102121/office/cases/' not in text


def test_claim_return_resubmit_and_approve_through_the_pages(
    midori: Municipality, family: dict[str, Resident], officer_client: Client
) -> None:
    hanako = family["花子"]
    case = case_of(midori, hanako)

    claimed = officer_client.post(_case_url(case.pk, "claim"), follow=True)
    assert "の担当になりました" in _text(claimed)
    assert _state(case.pk) == CaseState.IN_REVIEW

    returned = officer_client.post(
        _case_url(case.pk, "return"), {"return-reason": "妊娠週数を確認してください。"}, follow=True
    )
    assert "差し戻しました" in _text(returned)
    assert _state(case.pk) == CaseState.RETURNED
    assert "妊娠週数を確認してください。" in _text(returned)
    assert "申請者の再提出を待っています。" in _text(returned)

    case_resubmit(
        municipality=midori,
        case_id=case.pk,
        actor=actor_of(hanako),
        data={**pregnancy_data(hanako), "pregnancy_weeks": 11},
    )
    officer_client.post(_case_url(case.pk, "claim"))
    page = _text(officer_client.get(_case_url(case.pk)))
    assert "承認する" in page and "差し戻す" in page and "却下する" in page
    assert "母子健康手帳の番号を" in page  # what approval does, from the action's effect

    approved = officer_client.post(_case_url(case.pk, "approve"), CONFIRMED, follow=True)
    assert "を承認しました" in _text(approved)
    assert _state(case.pk) == CaseState.APPROVED
    timeline = _text(approved)
    for activity in ("申請", "審査開始", "差戻し", "再提出", "承認"):
        assert activity in timeline
    assert wareki(case.submitted_at, "seconds") in timeline


def test_return_needs_a_reason_shown_next_to_the_field(
    midori: Municipality, family: dict[str, Resident], officer: StaffUser, officer_client: Client
) -> None:
    case = case_of(midori, family["花子"])
    case_claim(municipality=midori, case_id=case.pk, actor=officer)
    response = officer_client.post(_case_url(case.pk, "return"), {"return-reason": "  "})
    assert response.status_code == 200
    text = _text(response)
    assert "差戻しの理由を入力してください。" in text
    assert 'id="id_return-reason"' in text and "jt-error-summary" in text
    assert _state(case.pk) == CaseState.IN_REVIEW


def test_reject_needs_a_reason_and_shows_it(
    midori: Municipality, family: dict[str, Resident], officer: StaffUser, officer_client: Client
) -> None:
    case = case_of(midori, family["花子"])
    case_claim(municipality=midori, case_id=case.pk, actor=officer)
    blank = officer_client.post(_case_url(case.pk, "reject"), {"reject-reason": ""})
    assert "却下の理由を入力してください。" in _text(blank)
    rejected = officer_client.post(
        _case_url(case.pk, "reject"),
        {"reject-reason": "届出の要件を満たしていません。"},
        follow=True,
    )
    assert "を却下しました" in _text(rejected)
    assert "届出の要件を満たしていません。" in _text(rejected)
    assert _state(case.pk) == CaseState.REJECTED


def test_approving_twice_applies_once_and_says_so(
    midori: Municipality,
    family: dict[str, Resident],
    reviewer: StaffUser,
    reviewer_client: Client,
    fake_jpki: list[bytes],
) -> None:
    case = _move_out(midori, list(family.values()))
    case_claim(municipality=midori, case_id=case.pk, actor=reviewer)
    reviewer_client.post(_case_url(case.pk, "approve"), CONFIRMED)
    again = reviewer_client.post(_case_url(case.pk, "approve"), CONFIRMED, follow=True)
    assert "「承認」の申請に対して「承認」はできません。" in _text(again)
    moves = Resident.objects.filter(pk=family["花子"].pk, removal_reason=ChangeType.MOVE_OUT)
    assert moves.count() == 1


def test_a_staff_member_without_the_steps_role_is_refused_in_japanese(
    midori: Municipality, family: dict[str, Resident], health_clerk: StaffUser
) -> None:
    case = case_of(midori, family["花子"])
    response = signed_in(health_clerk).post(_case_url(case.pk, "claim"), follow=True)
    assert "この手続のこの段階の処理には「各課担当」の役割が必要です。" in _text(response)
    assert _state(case.pk) == CaseState.SUBMITTED


def test_only_the_assigned_staff_member_sees_and_uses_the_decisions(
    midori: Municipality, family: dict[str, Resident], officer: StaffUser
) -> None:
    colleague_user = _staff(midori, "colleague", Role.DEPARTMENT)
    membership_add(colleague_user, code="fukushi")
    colleague = signed_in(colleague_user)
    case = case_of(midori, family["花子"])
    case_claim(municipality=midori, case_id=case.pk, actor=officer)
    page = _text(colleague.get(_case_url(case.pk)))
    assert "officerが審査中です" in page and "承認する" not in page
    refused = colleague.post(_case_url(case.pk, "reject"), {"reject-reason": "理由"}, follow=True)
    assert "担当者だけが処理できます。" in _text(refused)
    assert _state(case.pk) == CaseState.IN_REVIEW


def test_reloading_an_action_url_goes_back_to_the_case(
    midori: Municipality, family: dict[str, Resident], officer_client: Client
) -> None:
    case = case_of(midori, family["花子"])
    response = officer_client.get(_case_url(case.pk, "approve"))
    assert response.status_code == 302 and response["Location"] == _case_url(case.pk)
    assert _state(case.pk) == CaseState.SUBMITTED


# ---------------------------------------------------------------------------- 転出届


def test_move_out_case_shows_the_signature_what_approval_does_and_the_registry_change(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    reviewer: StaffUser,
    reviewer_client: Client,
    jpki_with_certificate: list[bytes],
) -> None:
    case = onestop_submit(midori, minakami, family)
    reviewer_client.post(_case_url(case.pk, "claim"))
    page = _text(reviewer_client.get(_case_url(case.pk)))
    assert "署名は有効（検証日時" in page
    assert "CN=test-signer-0001,C=JP" in page and "1234ABCD" in page
    assert "住民記録に国内転出を記録します。" in page
    assert "転出証明書情報を転入先（群馬県みなかみ町）へ送ります。" in page
    assert f"群馬県みなかみ町の受付番号 {case.related_reference_number}" in page

    approved = _text(reviewer_client.post(_case_url(case.pk, "approve"), CONFIRMED, follow=True))
    assert "国内転出（異動日" in approved or "転出（異動日" in approved
    assert f"/102121/registry/residents/{family['花子'].pk}/" in approved


def test_a_changed_application_shows_a_broken_signature(
    midori: Municipality,
    family: dict[str, Resident],
    reviewer_client: Client,
    jpki_with_certificate: list[bytes],
) -> None:
    case = _move_out(midori, list(family.values()))
    # What an attacker with database access would do: the signature must give it away.
    Case.objects.filter(pk=case.pk).update(data={**case.data, "moving_to": {"address": "別の住所"}})
    page = _text(reviewer_client.get(_case_url(case.pk)))
    assert "署名を確認できません" in page and "署名は有効" not in page


# ---------------------------------------------------------------------------- attachments


def _school_transfer_with_attachment(midori: Municipality, family: dict[str, Resident]) -> Case:
    return school_transfer_submit(midori, family["花子"], family["翔太"])


def test_an_attachment_downloads_as_its_sniffed_type_and_is_audited(
    midori: Municipality, family: dict[str, Resident], officer_client: Client
) -> None:
    case = _school_transfer_with_attachment(midori, family)
    attachment = case.attachments.get()
    page = _text(officer_client.get(_case_url(case.pk)))
    assert "在学証明書" in page and f"/102121/office/attachments/{attachment.pk}/" in page
    response = officer_client.get(_url(f"attachments/{attachment.pk}/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert case.reference_number in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.streaming and response.getvalue() == PNG
    record = AuditRecord.objects.get(action="case.attachment_download")
    assert record.object_id == str(attachment.pk) and record.purpose == "転入学の届出"


# ---------------------------------------------------------------------------- other municipalities


def test_another_municipalitys_cases_are_not_found(
    midori: Municipality,
    family: dict[str, Resident],
    minakami: Municipality,
    outsider_client: Client,
) -> None:
    case = _school_transfer_with_attachment(midori, family)
    attachment = case.attachments.get()
    for lg_code in (LG, minakami.lg_code):
        assert outsider_client.get(_case_url(case.pk, lg_code=lg_code)).status_code == 404
        claim = outsider_client.post(_case_url(case.pk, "claim", lg_code=lg_code))
        assert claim.status_code == 404
        download = outsider_client.get(_url(f"attachments/{attachment.pk}/", lg_code))
        assert download.status_code == 404
    assert _state(case.pk) == CaseState.SUBMITTED
    assert _views_of(case.pk) == 0


def test_approval_waits_for_the_officer_to_confirm_what_it_does(
    midori: Municipality,
    family: dict[str, Resident],
    reviewer: StaffUser,
    reviewer_client: Client,
    fake_jpki: list[bytes],
) -> None:
    case = _move_out(midori, list(family.values()))
    case_claim(municipality=midori, case_id=case.pk, actor=reviewer)

    page = _text(reviewer_client.post(_case_url(case.pk, "approve")))

    assert "行われる処理を確認してチェックを入れてください" in page
    assert _state(case.pk) == CaseState.IN_REVIEW
    assert not Resident.objects.filter(pk=family["花子"].pk, removal_reason=ChangeType.MOVE_OUT)


def test_case_page_warns_when_the_applicant_is_protected(
    midori: Municipality, family: dict[str, Resident], reviewer: StaffUser, officer_client: Client
) -> None:
    """支援措置 (DESIGN.md): a department's staff reading the case learn that the applicant's
    address must not reach anyone else."""
    case = case_of(midori, family["花子"])
    assert "申請者は支援措置対象者です。" not in _text(officer_client.get(_case_url(case.pk)))
    support_measure_start(
        municipality=midori,
        applicant_id=family["花子"].pk,
        starts_on=timezone.localdate(),
        reason="配偶者からの暴力",
        actor=reviewer,
    )
    assert "申請者は支援措置対象者です。" in _text(officer_client.get(_case_url(case.pk)))
