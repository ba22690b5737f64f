"""転入通知 (住民基本台帳法 第9条第1項): recording the 転入 tells the former municipality, whose
転出予定 becomes the actual 転出, so a family is never registered in two places at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.common.exceptions import DomainError
from jichitai.identity.models import StaffUser
from jichitai.registry.models import Change, ChangeType, Household, MoveOutCertificate, Resident
from jichitai.registry.network import MoveInNotice
from jichitai.registry.services import (
    Address,
    change_cancel,
    move_in_notice_receive,
    move_out_certificate_send,
    residents_move_in_from_certificate,
    residents_move_within,
    residents_remove,
)
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 12, 6)
PLANNED = dt.date(2026, 12, 20)
MINAKAMI = Address(address="群馬県利根郡みなかみ町後閑318番地", postal_code="3790392")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _moved_out(midori: Municipality, *, planned: dt.date = PLANNED) -> tuple[list[Resident], int]:
    """山田花子's family filed a 転出届 on 12/6 for 12/20; the certificate went to みなかみ町."""
    family = list(yamada_family(midori).values())
    change = residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[r.pk for r in family],
        effective_on=planned,
        notified_on=TODAY,
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町",
    )
    move_out_certificate_send(
        municipality=midori, change_id=change.pk, destination_lg_code="104493", actor=None
    )
    return family, MoveOutCertificate.objects.get().pk


def _move_in(minakami: Municipality, certificate_id: int, on: dt.date) -> Change:
    return residents_move_in_from_certificate(
        municipality=minakami,
        certificate_id=certificate_id,
        address=MINAKAMI,
        effective_on=on,
        notified_on=TODAY,
        actor=None,
    )


def test_move_in_before_the_planned_day_ends_the_former_record_that_day(
    midori: Municipality, minakami: Municipality
) -> None:
    family, certificate_id = _moved_out(midori)

    _move_in(minakami, certificate_id, TODAY)

    for former in family:
        former.refresh_from_db()
        assert former.removed_on == TODAY  # not 12/20: no two weeks in both registers
        assert former.status == "closed" and former.is_closed  # 除票 that day, not on 12/20
        assert former.moving_to_address == "群馬県利根郡みなかみ町後閑318番地"
        assert former.history.order_by("-history_number")[0].change.change_type == (
            ChangeType.MOVE_OUT_CONFIRMATION
        )
    assert not Household.objects.get(pk=family[0].household_id).is_active
    arrived = Resident.objects.for_municipality(minakami)
    assert {r.became_resident_on for r in arrived} == {TODAY}
    # The planned values stay in the 転出's own history row (doc/j680.txt §4.1.3.1.1).
    move_out_row = family[0].history.get(change__change_type=ChangeType.MOVE_OUT)
    assert move_out_row.snapshot["removed_on"] == PLANNED.isoformat()
    # The 転入通知's 通知日 is kept with the change it made (doc/j200.txt §1.2.1).
    confirmation = family[0].history.get(change__change_type=ChangeType.MOVE_OUT_CONFIRMATION)
    assert confirmation.change.informed_on == timezone.localdate()
    actions = set(AuditRecord.objects.values_list("municipality_code", "action"))
    assert ("104493", "registry.move_in_notice_send") in actions
    assert ("102121", "registry.move_out_confirmation") in actions


def test_move_in_after_the_planned_day_keeps_the_planned_day(
    midori: Municipality, minakami: Municipality
) -> None:
    family, certificate_id = _moved_out(midori, planned=dt.date(2026, 12, 1))

    _move_in(minakami, certificate_id, dt.date(2026, 12, 3))

    family[0].refresh_from_db()
    # 消除 on the earlier of the 転出予定日 and the 転入日 (doc/j50.txt §1.1.5).
    assert family[0].removed_on == dt.date(2026, 12, 1)


def test_a_move_in_dated_before_the_last_change_at_the_former_town_is_refused(
    midori: Municipality, minakami: Municipality
) -> None:
    family = yamada_family(midori)
    residents_move_within(
        municipality=midori,
        resident_ids=[r.pk for r in family.values()],
        address=Address(address="群馬県みどり市笠懸町阿左美1番地"),
        effective_on=dt.date(2026, 11, 20),
        notified_on=dt.date(2026, 11, 20),
        actor=None,
    )
    change = residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[r.pk for r in family.values()],
        effective_on=PLANNED,
        notified_on=TODAY,
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町",
    )
    move_out_certificate_send(
        municipality=midori, change_id=change.pk, destination_lg_code="104493", actor=None
    )
    certificate = MoveOutCertificate.objects.get()

    with pytest.raises(DomainError) as refused:
        _move_in(minakami, certificate.pk, dt.date(2026, 11, 10))

    assert refused.value.code == "registry.move_in_overlaps"
    assert refused.value.errors[0].field == "/effective_on"
    assert not Resident.objects.for_municipality(minakami).exists()
    certificate.refresh_from_db()
    assert certificate.status == MoveOutCertificate.Status.PENDING
    assert not Change.objects.filter(change_type=ChangeType.MOVE_OUT_CONFIRMATION).exists()


def test_a_move_in_after_the_former_town_cancelled_the_move_out_is_refused(
    midori: Municipality, minakami: Municipality
) -> None:
    family, certificate_id = _moved_out(midori)
    move_out = Change.objects.get(change_type=ChangeType.MOVE_OUT)
    change_cancel(municipality=midori, change_id=move_out.pk, reason="転出の取りやめ", actor=None)

    with pytest.raises(DomainError) as refused:
        _move_in(minakami, certificate_id, TODAY)

    assert refused.value.code == "registry.move_out_not_recorded"
    assert not Resident.objects.for_municipality(minakami).exists()
    family[0].refresh_from_db()
    assert not family[0].is_closed


def test_the_move_in_form_proposes_the_planned_day_and_warns_when_notified_late(
    midori: Municipality, minakami: Municipality, outsider: StaffUser
) -> None:
    _family, certificate_id = _moved_out(midori, planned=dt.date(2026, 11, 2))
    client = Client()
    client.force_login(outsider)
    url = f"/104493/registry/move-ins/{certificate_id}/"

    page = client.get(url)
    assert 'value="令和8年11月2日"' in page.content.decode()

    done = client.post(
        url,
        {
            "effective_on": "2026-11-02",
            "notified_on": "2026-12-06",
            "address": MINAKAMI.address,
            "postal_code": MINAKAMI.postal_code,
            "confirmed": "on",
        },
        follow=True,
    )
    text = done.content.decode()
    assert "14日を過ぎて届け出られました" in text
    assert Resident.objects.for_municipality(minakami).count() == 3


def test_the_new_record_gets_its_postal_code_from_the_address(
    midori: Municipality, minakami: Municipality
) -> None:
    _family, certificate_id = _moved_out(midori)

    residents_move_in_from_certificate(
        municipality=minakami,
        certificate_id=certificate_id,
        address=Address(address="群馬県利根郡みなかみ町後閑318番地"),
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )

    assert {r.postal_code for r in Resident.objects.for_municipality(minakami)} == {"3791305"}


def test_the_move_in_is_recorded_only_once_the_clerk_has_confirmed(
    midori: Municipality, minakami: Municipality, outsider: StaffUser
) -> None:
    family, certificate_id = _moved_out(midori)
    client = Client()
    client.force_login(outsider)

    page = client.post(
        f"/104493/registry/move-ins/{certificate_id}/",
        {"effective_on": "2026-12-06", "address": MINAKAMI.address},
    )

    assert "内容を本人と確認してチェックを入れてください" in page.content.decode()
    assert not Resident.objects.for_municipality(minakami).exists()
    family[0].refresh_from_db()
    assert family[0].removed_on == PLANNED


def test_a_notice_naming_other_people_changes_nothing(
    midori: Municipality, minakami: Municipality
) -> None:
    family, _certificate_id = _moved_out(midori)
    move_out = Change.objects.get(change_type=ChangeType.MOVE_OUT)

    with pytest.raises(DomainError) as refused:
        move_in_notice_receive(
            notice=MoveInNotice(
                former_lg_code="102121",
                source_reference=str(move_out.pk),
                destination_lg_code="104493",
                destination_name="群馬県みなかみ町",
                moved_in_on=TODAY,
                address=MINAKAMI.address,
                resident_codes=("12345678901",),
            )
        )

    assert refused.value.code == "registry.move_out_not_recorded"
    family[0].refresh_from_db()
    assert family[0].removed_on == PLANNED
