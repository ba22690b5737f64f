"""Residents who gave an address get a mail on every status change of their cases: the
受付番号, the procedure and the state, never the case's data. The task queue delivers them
(run here in the test's process)."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from jichitai.audit.models import AuditRecord
from jichitai.identity.models import StaffUser
from jichitai.messaging.models import Message, MessageStatus
from jichitai.portal.access import resident_actor
from jichitai.portal.models import NotificationAddress
from jichitai.portal.services import notification_address_set
from jichitai.portal.tests.helpers import maternal_health_officer
from jichitai.procedures.models import Case
from jichitai.procedures.services import case_claim, case_submit
from jichitai.procedures.tests.factories import pregnancy_data
from jichitai.registry.models import Resident
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.testing.tasks import run_queued_tasks


@pytest.fixture
def officer(midori: Municipality) -> StaffUser:
    return maternal_health_officer(midori)


@pytest.fixture
def hanako(midori: Municipality) -> Resident:
    return yamada_family(midori)["花子"]


def _submit(midori: Municipality, hanako: Resident) -> int:
    submitted = case_submit(
        municipality=midori,
        procedure_id="pregnancy_notification",
        data=pregnancy_data(hanako),
        actor=resident_actor(hanako),
    )
    return submitted.case.pk


def test_every_status_change_is_mailed_without_the_cases_data(
    midori: Municipality,
    hanako: Resident,
    officer: StaffUser,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    notification_address_set(resident=hanako, email="hanako@example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        case_id = _submit(midori, hanako)
    assert mail.outbox == []  # queued, not sent inside the request
    run_queued_tasks()
    [received] = mail.outbox
    assert received.to == ["hanako@example.jp"]
    assert received.subject.startswith("【みどり市】申請の状況：受付済み（受付番号 ")
    assert "妊娠の届出" in received.body
    assert f"/102121/portal/cases/{case_id}/" in received.body
    assert "山田" not in f"{received.body}{received.subject}"  # no personal data from the case

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_claim(municipality=midori, case_id=case_id, actor=officer)
    run_queued_tasks()
    [claimed] = mail.outbox
    assert "審査中" in claimed.subject


def test_no_address_no_mail(
    midori: Municipality,
    hanako: Resident,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _submit(midori, hanako)
    run_queued_tasks()
    assert mail.outbox == []


def test_nothing_is_sent_before_the_change_commits(midori: Municipality, hanako: Resident) -> None:
    notification_address_set(resident=hanako, email="hanako@example.jp")
    # The test transaction never commits: a mail sent inside the change would show here.
    _submit(midori, hanako)
    run_queued_tasks()
    assert mail.outbox == []
    assert not Message.objects.exists()


def test_the_resident_sets_and_removes_the_address_in_the_portal(
    midori: Municipality, hanako: Resident
) -> None:
    client = Client()
    session = client.session
    session["portal.resident"] = {"lg_code": "102121", "resident_id": hanako.pk}
    session.save()
    wrong = client.post("/102121/portal/notifications/", {"email": "hanako@"})
    assert "メールアドレスの形式が正しくありません" in wrong.content.decode()
    assert not NotificationAddress.objects.exists()
    client.post("/102121/portal/notifications/", {"email": "hanako@example.jp"})
    assert NotificationAddress.objects.get().email == "hanako@example.jp"
    client.post("/102121/portal/notifications/", {"email": ""})
    assert not NotificationAddress.objects.exists()
    assert AuditRecord.objects.filter(action="portal.notification_address_set").count() == 2


def test_a_failing_mail_server_logs_no_address_keeps_the_case_and_retries(
    midori: Municipality,
    hanako: Resident,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise smtplib.SMTPRecipientsRefused({"hanako@example.jp": (550, b"no such user")})

    monkeypatch.setattr("jichitai.messaging.tasks.send_mail", refuse)
    notification_address_set(resident=hanako, email="hanako@example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        case_id = _submit(midori, hanako)
    run_queued_tasks()
    assert "SMTPRecipientsRefused" in caplog.text
    assert "hanako@example.jp" not in caplog.text
    assert Case.objects.filter(pk=case_id).exists()
    message = Message.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 1)
