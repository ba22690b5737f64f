"""The counter's services: story step 4 from the 転入待ち entry to the completed 転入, and each
refusal of the issue's「Bad input」changing nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from jichitai.counter import completion
from jichitai.counter.completion import session_complete
from jichitai.counter.errors import (
    CardNotMatching,
    ConfirmationRequired,
    EventNotApplicable,
    FilingsIncomplete,
    PairingCodeInvalid,
)
from jichitai.counter.models import CounterSession, FieldOrigin, OutboxMessage
from jichitai.counter.outbox import outbox_deliver
from jichitai.counter.selectors import field_origins_export, measurement_of, session_warnings
from jichitai.counter.services import (
    CardRead,
    filings_of,
    pairing_issue,
    pairing_use,
    session_card_record,
    session_confirm,
    session_event_choose,
    session_inputs_save,
    session_open,
)
from jichitai.counter.tests.conftest import Story, staff
from jichitai.departments.models import ChildAllowanceRecipient, NhiCoverage
from jichitai.identity.jpki.services import VirtualCard, virtual_card_read
from jichitai.identity.models import Role
from jichitai.procedures.department_actions import income_fiscal_year
from jichitai.procedures.errors import CaseRoleRequired
from jichitai.procedures.models import Case, CaseState
from jichitai.procedures.services import case_decide_at_counter
from jichitai.procedures.tests.department_cases import income_record
from jichitai.registry.models import MoveOutCertificate, Resident

HANAKO_INCOME = 2_400_000
BANK = {
    "/bank_account/bank_name": "みなかみ信用金庫",
    "/bank_account/branch_name": "後閑支店",
    "/bank_account/account_type": "普通",
    "/bank_account/account_number": "1234567",
}


def _read(story: Story) -> CardRead:
    info = virtual_card_read(card_id=story.card.card_id, pin="1234")
    return CardRead(
        name=info.name,
        birth_date=info.birth_date,
        sex=info.sex,
        address=info.address,
        card_id=story.card.card_id,
    )


def _ids(story: Story, session: CounterSession) -> dict[str, Any]:
    return {"municipality": story.minakami, "session_id": str(session.public_id)}


def _prepared(story: Story) -> CounterSession:
    """The staff's part: entry, card, 転入, the bank account typed; not yet confirmed."""
    session = session_open(
        municipality=story.minakami, actor=story.clerk, certificate_id=story.certificate.pk
    )
    ids = _ids(story, session)
    session_card_record(**ids, actor=story.clerk, card=_read(story))
    session_event_choose(
        **ids,
        actor=story.clerk,
        event_id="move_in",
        answers={"employee_insurance": False},
        event_on=timezone.localdate(),
    )
    return session_inputs_save(**ids, actor=story.clerk, inputs={"child_allowance_claim": BANK})


def _confirmed(story: Story) -> CounterSession:
    session = _prepared(story)
    _pairing, code = pairing_issue(**_ids(story, session), actor=story.clerk)
    _session, token = pairing_use(municipality=story.minakami, code=code)
    return session_confirm(municipality=story.minakami, token=token)


def test_story_move_in_proposes_every_procedure_filled(story: Story) -> None:
    session = session_open(
        municipality=story.minakami, actor=story.clerk, certificate_id=story.certificate.pk
    )
    session = session_card_record(**_ids(story, session), actor=story.clerk, card=_read(story))
    session = session_event_choose(
        **_ids(story, session),
        actor=story.clerk,
        event_id="move_in",
        answers={"employee_insurance": False},
        event_on=timezone.localdate(),
    )
    filings = {f.key: f for f in filings_of(session)}
    assert set(filings) == {
        "nhi_membership",
        "child_allowance_claim",
        "school_transfer.1",  # 翔太, 8; 美咲 (3) is not of school age
        "child_medical_subsidy",
    }
    claim = filings["child_allowance_claim"]
    assert claim.data["applicant"]["name"] == "山田　花子"
    assert claim.data["applicant"]["address"] == story.certificate.moving_to_address
    assert claim.data["bank_account"]["holder_kana"] == "ヤマダ　ハナコ"
    # What no system knows: the bank account, four fields, typed by staff.
    assert [m.pointer for m in claim.missing] == list(BANK)
    assert all(not f.missing for k, f in filings.items() if k != "child_allowance_claim")
    # The card still shows the みどり市 address: staff are told it will change.
    assert "券面の住所は転入前の住所です" in session_warnings(session)[0]


def test_story_move_in_completes_in_one_step(
    story: Story, django_capture_on_commit_callbacks: Any
) -> None:
    # みどり市 assessed her 住民税: the 児童手当 approval finds her income through the broker.
    income_record(
        story.midori,
        story.family["花子"],
        fiscal_year=income_fiscal_year(timezone.localdate()),
        total_income=HANAKO_INCOME,
    )
    session = _confirmed(story)
    old_serial = story.card.signing_certificate.serial_number
    with django_capture_on_commit_callbacks(execute=True):
        session = session_complete(**_ids(story, session), actor=story.clerk)

    assert session.status == CounterSession.Status.COMPLETED
    certificate = MoveOutCertificate.objects.get(pk=story.certificate.pk)
    assert certificate.status == MoveOutCertificate.Status.COMPLETED
    moved = Resident.objects.for_municipality(story.minakami)
    assert moved.count() == 3
    cases = Case.objects.for_municipality(story.minakami)
    procedures = set(cases.values_list("procedure_id", flat=True))
    assert procedures == {
        "move_in_reservation",
        "nhi_membership",
        "child_allowance_claim",
        "school_transfer",
        "child_medical_subsidy",
    }
    # The 転入予約 completed with the 転入, and the counter decided every new case: the
    # departments' records show the result, nothing waits in an inbox.
    assert set(cases.values_list("state", flat=True)) == {CaseState.APPROVED}
    assert all(case["decided"] for case in session.result["cases"])
    coverage = NhiCoverage.objects.for_municipality(story.minakami)
    assert coverage.filter(acquired_on=timezone.localdate()).count() == 3
    recipient = ChildAllowanceRecipient.objects.for_municipality(story.minakami).get()
    assert recipient.children.count() == 2
    assert recipient.income_determinations.get().total_income == HANAKO_INCOME
    assert cases.get(procedure_id="school_transfer").assigned_to == story.clerk
    nhi = cases.get(procedure_id="nhi_membership")
    assert {m["resident_id"] for m in nhi.data["members"]} == set(
        moved.values_list("pk", flat=True)
    )
    # 書かない: the resident typed nothing, staff five (four bank fields and one answer).
    counts = session.result["counts"]
    assert counts["resident"] == 0
    assert counts["staff"] == 5
    assert counts["paper"] >= counts["prefilled"] + counts["staff"]
    assert counts["prefilled"] > 30
    assert measurement_of(session, []).staff == 5
    # The card: 券面 address changed and a new 署名用電子証明書 (after commit, from the outbox).
    card = VirtualCard.load(story.card.card_id)
    assert card.basic_four.address == story.certificate.moving_to_address
    assert card.signing_certificate.serial_number != old_serial
    assert OutboxMessage.objects.get(session=session).delivered_at is not None


def test_a_decision_the_facts_do_not_carry_waits_for_the_department(story: Story) -> None:
    # Nobody assessed her income: the 児童手当 claim cannot be decided at the counter.
    session = session_complete(**_ids(story, _confirmed(story)), actor=story.clerk)

    cases = Case.objects.for_municipality(story.minakami)
    claim = cases.get(procedure_id="child_allowance_claim")
    assert claim.state == CaseState.SUBMITTED
    assert claim.assigned_to is None
    assert not ChildAllowanceRecipient.objects.for_municipality(story.minakami).exists()
    filed = {case["procedure_id"]: case for case in session.result["cases"]}
    assert not filed["child_allowance_claim"]["decided"]
    assert "所得" in filed["child_allowance_claim"]["waiting"]
    # The others were decided all the same.
    assert cases.get(procedure_id="nhi_membership").state == CaseState.APPROVED
    assert NhiCoverage.objects.for_municipality(story.minakami).count() == 3
    # Only the counter decides at the counter; the department decides in its inbox.
    officer = staff(story.minakami, "kodomo", Role.DEPARTMENT)
    with pytest.raises(CaseRoleRequired):
        case_decide_at_counter(municipality=story.minakami, case_id=claim.pk, actor=officer)


def test_completing_twice_applies_once(
    story: Story, django_capture_on_commit_callbacks: Any
) -> None:
    session = _confirmed(story)
    with django_capture_on_commit_callbacks(execute=True) as delivered:
        session_complete(**_ids(story, session), actor=story.clerk)
        again = session_complete(**_ids(story, session), actor=story.clerk)
    # One card update queued: the second completion wrote nothing.
    assert sum("session_complete" in c.__qualname__ for c in delivered) == 1
    assert again.status == CounterSession.Status.COMPLETED
    assert Case.objects.for_municipality(story.minakami).count() == 5
    assert Resident.objects.for_municipality(story.minakami).count() == 3
    message = OutboxMessage.objects.get(session=session)
    assert outbox_deliver(message_id=message.pk)  # delivered once, a retry changes nothing


def test_a_failing_last_step_leaves_nothing_half_written(
    story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _confirmed(story)

    def fail(session: CounterSession) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(completion, "_card_update_queue", fail)
    with pytest.raises(RuntimeError):
        session_complete(**_ids(story, session), actor=story.clerk)
    assert Resident.objects.for_municipality(story.minakami).count() == 0
    assert list(
        Case.objects.for_municipality(story.minakami).values_list("procedure_id", flat=True)
    ) == ["move_in_reservation"]
    assert MoveOutCertificate.objects.get(pk=story.certificate.pk).status == "pending"
    assert not FieldOrigin.objects.exists()
    assert CounterSession.objects.get(pk=session.pk).status == CounterSession.Status.OPEN


def test_completion_waits_for_the_residents_confirmation(story: Story) -> None:
    session = _prepared(story)
    with pytest.raises(ConfirmationRequired):
        session_complete(**_ids(story, session), actor=story.clerk)
    assert Resident.objects.for_municipality(story.minakami).count() == 0


def test_the_resident_cannot_confirm_an_incomplete_filing(story: Story) -> None:
    session = _prepared(story)
    session_inputs_save(**_ids(story, session), actor=story.clerk, inputs={})
    _pairing, code = pairing_issue(**_ids(story, session), actor=story.clerk)
    _session, token = pairing_use(municipality=story.minakami, code=code)
    with pytest.raises(FilingsIncomplete) as refused:
        session_confirm(municipality=story.minakami, token=token)
    assert refused.value.errors[0].field == "/filings/child_allowance_claim/bank_account/bank_name"


def test_another_persons_card_is_refused(story: Story) -> None:
    session = session_open(
        municipality=story.minakami, actor=story.clerk, certificate_id=story.certificate.pk
    )
    stranger = CardRead(name="鈴木　一郎", birth_date=dt.date(1980, 1, 1), sex="1", address="x")
    with pytest.raises(CardNotMatching):
        session_card_record(**_ids(story, session), actor=story.clerk, card=stranger)
    assert CounterSession.objects.get(pk=session.pk).card == {}


def test_a_pairing_code_works_once_and_not_after_it_expires(story: Story) -> None:
    session = _prepared(story)
    _pairing, code = pairing_issue(**_ids(story, session), actor=story.clerk)
    pairing_use(municipality=story.minakami, code=code)
    with pytest.raises(PairingCodeInvalid):
        pairing_use(municipality=story.minakami, code=code)
    pairing, late = pairing_issue(**_ids(story, session), actor=story.clerk)
    pairing.expires_at = timezone.now() - dt.timedelta(seconds=1)
    pairing.save()
    with pytest.raises(PairingCodeInvalid):
        pairing_use(municipality=story.minakami, code=late)
    with pytest.raises(PairingCodeInvalid):
        pairing_use(municipality=story.midori, code=late)  # another municipality's code


def test_a_move_in_for_someone_living_here_is_refused(story: Story) -> None:
    midori_clerk = story.clerk.__class__.objects.get(pk=story.clerk.pk)
    session = session_open(
        municipality=story.midori, actor=midori_clerk, resident_id=story.family["翔太"].pk
    )
    with pytest.raises(EventNotApplicable):
        session_event_choose(
            municipality=story.midori,
            session_id=str(session.public_id),
            actor=midori_clerk,
            event_id="move_in",
            answers={"employee_insurance": True},
            event_on=timezone.localdate(),
        )
    assert CounterSession.objects.get(pk=session.pk).event_id == ""


def test_the_measurement_export_has_no_personal_values(story: Story) -> None:
    session = _confirmed(story)
    session_complete(**_ids(story, session), actor=story.clerk)
    rows = field_origins_export(
        municipality=story.minakami,
        since=timezone.now() - dt.timedelta(hours=1),
        until=timezone.now() + dt.timedelta(hours=1),
    )
    assert {r["origin"] for r in rows} == {"prefilled", "staff"}
    assert set(rows[0]) == {"session", "event", "procedure", "field", "origin", "recorded_at"}
    assert not any("山田" in str(value) for row in rows for value in row.values())
