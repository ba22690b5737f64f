"""One place to act on a move-in (issue 10, item 4): the story of a 引越しワンストップ.

山田花子 files the 転出届 at みどり市 and the 転入予約 at みなかみ町 together. When みどり市
approves the 転出届, the 転出証明書情報 reaches みなかみ町 and the 転入予約 learns which
certificate it is; when みなかみ町's counter records the 転入 from it, the 転入予約 is completed
by that clerk, in the same transaction. Each page links to the other.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.common.exceptions import DomainError
from jichitai.conftest import signed_in
from jichitai.identity.models import Role, StaffUser
from jichitai.procedures.models import Activity, ActorType, Case, CaseEvent, CaseState, Channel
from jichitai.procedures.services import (
    case_approve,
    case_claim,
    case_withdraw,
)
from jichitai.procedures.tests.conftest import _staff
from jichitai.procedures.tests.factories import (
    actor_of,
    onestop_submit,
)
from jichitai.registry.models import Change, MoveOutCertificate, Resident
from jichitai.registry.services import Address, change_cancel, residents_move_in_from_certificate
from jichitai.tenants.models import Municipality

MINAKAMI = Address(address="群馬県利根郡みなかみ町後閑318番地", postal_code="3790292")


def _approved_move_out(
    midori: Municipality, minakami: Municipality, family: dict[str, Resident], reviewer: StaffUser
) -> tuple[Case, Case]:
    """みどり市 approved the 転出届; returns it and the 転入予約 at みなかみ町."""
    origin = onestop_submit(midori, minakami, family)
    case_claim(municipality=midori, case_id=origin.pk, actor=reviewer)
    origin = case_approve(municipality=midori, case_id=origin.pk, actor=reviewer)
    return origin, Case.objects.for_municipality(minakami).get()


def _record_move_in(minakami: Municipality, clerk: StaffUser) -> Change:
    return residents_move_in_from_certificate(
        municipality=minakami,
        certificate_id=MoveOutCertificate.objects.for_municipality(minakami).get().pk,
        address=MINAKAMI,
        effective_on=timezone.localdate(),
        notified_on=timezone.localdate(),
        actor=clerk,
    )


def _activities(case: Case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).values_list("activity", flat=True))


def test_approving_the_move_out_links_the_reservation_to_the_certificate(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    reviewer: StaffUser,
    fake_jpki: list[bytes],
) -> None:
    origin, reservation = _approved_move_out(midori, minakami, family, reviewer)

    certificate = MoveOutCertificate.objects.for_municipality(minakami).get()
    assert certificate.reservation_reference == reservation.reference_number
    assert reservation.move_out_certificate_id == certificate.public_id
    assert reservation.state == CaseState.SUBMITTED  # it waits for the counter
    link = CaseEvent.objects.get(case=reservation, activity=Activity.CERTIFICATE)
    assert (link.actor_type, link.state) == (ActorType.SYSTEM, CaseState.SUBMITTED)
    assert link.municipality_id == minakami.lg_code
    assert AuditRecord.objects.filter(
        action="case.certificate", municipality_code=minakami.lg_code, object_id=str(reservation.pk)
    ).exists()
    # みどり市's own 転出届 is not touched by the link.
    assert not CaseEvent.objects.filter(case=origin, activity=Activity.CERTIFICATE).exists()


def test_recording_the_move_in_completes_the_reservation_by_the_clerk(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    reviewer: StaffUser,
    outsider: StaffUser,
    fake_jpki: list[bytes],
) -> None:
    _origin, reservation = _approved_move_out(midori, minakami, family, reviewer)

    change = _record_move_in(minakami, outsider)

    reservation.refresh_from_db()
    assert reservation.state == CaseState.APPROVED
    assert reservation.registry_change_id == change.pk
    assert reservation.decided_at is not None
    done = CaseEvent.objects.get(case=reservation, activity=Activity.MOVE_IN)
    assert (done.actor_type, done.actor_id) == (ActorType.STAFF, str(outsider.pk))
    assert (done.channel, done.state) == (Channel.ONLINE, CaseState.APPROVED)
    assert done.timestamp == reservation.decided_at
    assert _activities(reservation) == ["submit", "certificate", "move_in"]
    audit = AuditRecord.objects.get(action="case.move_in", object_id=str(reservation.pk))
    assert audit.municipality_code == minakami.lg_code
    assert audit.actor_id == str(outsider.pk)


def test_a_move_in_refused_by_the_former_town_leaves_the_reservation_open(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    reviewer: StaffUser,
    outsider: StaffUser,
    fake_jpki: list[bytes],
) -> None:
    origin, reservation = _approved_move_out(midori, minakami, family, reviewer)
    # みどり市 cancelled the 転出 (the family stayed): the 転入通知 is refused.
    assert origin.registry_change_id is not None
    change_cancel(
        municipality=midori,
        change_id=origin.registry_change_id,
        reason="転出の取りやめ",
        actor=None,
    )

    with pytest.raises(DomainError) as refused:
        _record_move_in(minakami, outsider)

    assert refused.value.code == "registry.move_out_not_recorded"
    reservation.refresh_from_db()
    assert reservation.state == CaseState.SUBMITTED
    assert reservation.registry_change_id is None
    assert _activities(reservation) == ["submit", "certificate"]
    assert not AuditRecord.objects.filter(action="case.move_in").exists()


def test_a_withdrawn_reservation_stays_withdrawn_when_the_move_in_is_recorded(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    reviewer: StaffUser,
    outsider: StaffUser,
    fake_jpki: list[bytes],
) -> None:
    _origin, reservation = _approved_move_out(midori, minakami, family, reviewer)
    case_withdraw(municipality=minakami, case_id=reservation.pk, actor=actor_of(family["花子"]))

    _record_move_in(minakami, outsider)  # the 転入 itself never depends on the reservation

    reservation.refresh_from_db()
    assert reservation.state == CaseState.WITHDRAWN
    assert Resident.objects.for_municipality(minakami).count() == len(family)


def test_the_reservation_page_links_to_the_pending_move_in_then_to_the_household(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    reviewer: StaffUser,
    outsider: StaffUser,
    fake_jpki: list[bytes],
) -> None:
    _origin, reservation = _approved_move_out(midori, minakami, family, reviewer)
    certificate = MoveOutCertificate.objects.for_municipality(minakami).get()
    client = signed_in(outsider)
    page_url = reverse("office:case", kwargs={"lg_code": "104493", "case_id": reservation.pk})
    move_in_url = reverse(
        "registry:move_in_from_certificate",
        kwargs={"lg_code": "104493", "move_out_certificate_id": certificate.pk},
    )

    pending = client.get(page_url).content.decode()
    assert f'href="{move_in_url}"' in pending
    assert "転出証明書情報の受信" in pending  # the event in the history

    change = _record_move_in(minakami, outsider)
    household_id = change.history_rows.values_list("resident__household_id", flat=True)[0]
    done = client.get(page_url).content.decode()
    assert move_in_url not in done
    assert "この転入予約は完了しました" in done
    assert (
        reverse("registry:household", kwargs={"lg_code": "104493", "household_id": household_id})
        in done
    )


def test_the_pending_move_ins_link_to_the_reservation_case(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    reviewer: StaffUser,
    outsider: StaffUser,
    fake_jpki: list[bytes],
) -> None:
    _origin, reservation = _approved_move_out(midori, minakami, family, reviewer)
    certificate = MoveOutCertificate.objects.for_municipality(minakami).get()
    client = signed_in(outsider)
    by_reference = reverse(
        "office:case_by_reference",
        kwargs={"lg_code": "104493", "reference_number": reservation.reference_number},
    )

    listed = client.get(reverse("registry:pending_move_ins", kwargs={"lg_code": "104493"}))
    form = client.get(
        reverse(
            "registry:move_in_from_certificate",
            kwargs={"lg_code": "104493", "move_out_certificate_id": certificate.pk},
        )
    )

    for page in (listed, form):
        text = page.content.decode()
        assert f'href="{by_reference}"' in text
        assert f"受付番号 {reservation.reference_number}" in text
    followed = client.get(by_reference)
    assert followed.status_code == 302
    assert followed["Location"] == reverse(
        "office:case", kwargs={"lg_code": "104493", "case_id": reservation.pk}
    )


def test_the_case_by_reference_keeps_need_to_know(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    reviewer: StaffUser,
    fake_jpki: list[bytes],
) -> None:
    _origin, reservation = _approved_move_out(midori, minakami, family, reviewer)
    # A 各課担当 of みなかみ町 in no 課 may read no residents' case, by id or by 受付番号.
    other = _staff(minakami, "kosodate", Role.DEPARTMENT)
    client: Client = signed_in(other)

    def by_reference(number: str) -> int:
        url = reverse(
            "office:case_by_reference", kwargs={"lg_code": "104493", "reference_number": number}
        )
        return client.get(url).status_code

    assert by_reference(reservation.reference_number) == 404
    assert by_reference("2026-999999") == 404
    assert AuditRecord.objects.filter(
        action="procedures.case_view", object_id=str(reservation.pk), result="denied"
    ).exists()


def test_a_reservation_received_before_the_link_is_completed_by_its_reference(
    midori: Municipality,
    minakami: Municipality,
    family: dict[str, Resident],
    reviewer: StaffUser,
    outsider: StaffUser,
    fake_jpki: list[bytes],
) -> None:
    _origin, reservation = _approved_move_out(midori, minakami, family, reviewer)
    # A certificate received before this release: the case never stored its id.
    Case.objects.filter(pk=reservation.pk).update(move_out_certificate_id=None)

    _record_move_in(minakami, outsider)

    reservation.refresh_from_db()
    assert reservation.state == CaseState.APPROVED
    certificate = MoveOutCertificate.objects.for_municipality(minakami).get()
    assert reservation.move_out_certificate_id == certificate.public_id


def test_the_case_by_reference_refuses_what_is_no_reference_number(
    midori: Municipality, reviewer: StaffUser
) -> None:
    client = signed_in(reviewer)
    for garbage in ("abc%00def", "2026-00000%00", "x" * 5000):
        response = client.get(f"/102121/office/cases/reference/{garbage}/")
        assert response.status_code == 404, garbage
