"""The second factor cannot be replaced with the password alone (issue 9, finding 1).

The attack: a password (phished, guessed, reused) for `auditor`, who has an authenticator
app. After the password step the half-signed-in session opened the enrolment page, confirmed
an app of the attacker's and was signed in — then read the audit log.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jichitai.audit.models import AuditRecord
from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser

LOGIN = "/102121/staff/login/"
OTP = "/102121/staff/login/otp/"
SETUP = "/102121/staff/login/otp/setup/"
AUDIT_LOG = "/102121/audit/"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def _password_step(client: Client, username: str) -> str:
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return str(response["Location"])


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _enrolled(user: StaffUser) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=True)


def _sign_in_with_code(client: Client, user: StaffUser, device: TOTPDevice) -> None:
    assert _password_step(client, user.username) == OTP
    assert client.post(OTP, {"token": _code(device)}).status_code == 302
    device.refresh_from_db()
    device.last_t = -1  # the code was used; tests reuse its 30-second window
    device.save()


@override_settings(JICHITAI_REQUIRE_2FA=True)
def test_password_step_setup_page_sends_an_enrolled_user_to_the_code_page(
    client: Client, auditor: StaffUser
) -> None:
    _enrolled(auditor)
    assert _password_step(client, "auditor") == OTP

    page = client.get(SETUP)

    assert page.status_code == 302
    assert page["Location"] == OTP
    assert not TOTPDevice.objects.filter(user=auditor, confirmed=False).exists()  # no QR made


# Whatever JICHITAI_REQUIRE_2FA says: whoever enrolled an app signs in with it.
@pytest.mark.parametrize("require_2fa", [True, False])
def test_password_step_cannot_confirm_a_new_device_over_the_enrolled_one(
    client: Client, auditor: StaffUser, settings: Any, require_2fa: bool
) -> None:
    settings.JICHITAI_REQUIRE_2FA = require_2fa
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    enrolled = _enrolled(auditor)
    assert _password_step(client, "auditor") == OTP
    # The attacker's app, as the old setup page handed it out (QR code of a new device).
    attackers = TOTPDevice.objects.create(user=auditor, name="認証アプリ", confirmed=False)

    response = client.post(SETUP, {"token": _code(attackers)})

    assert response.status_code == 302
    assert response["Location"] == OTP
    assert not _signed_in(client)
    assert list(TOTPDevice.objects.filter(user=auditor, confirmed=True)) == [enrolled]
    audit_page = client.get(AUDIT_LOG)
    assert audit_page.status_code == 302
    assert audit_page["Location"].startswith(LOGIN)
    assert not AuditRecord.objects.filter(action="staff.login", result="success").exists()
    assert AuditRecord.objects.filter(
        action="staff.totp_confirm", result="denied", detail__enrolled=True
    ).exists()


@override_settings(JICHITAI_REQUIRE_2FA=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_first_enrolment_confirmed_elsewhere_meanwhile_does_not_sign_in(
    client: Client, auditor: StaffUser
) -> None:
    assert _password_step(client, "auditor") == SETUP
    client.get(SETUP)
    mine = TOTPDevice.objects.get(user=auditor, confirmed=False)
    _enrolled(auditor)  # enrolled from another session after this page was shown

    response = client.post(SETUP, {"token": _code(mine)})

    assert response["Location"] == OTP
    assert not _signed_in(client)
    mine.refresh_from_db()
    assert not mine.confirmed


@override_settings(JICHITAI_REQUIRE_2FA=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_first_enrolment_after_password_signs_in_with_the_new_device(
    client: Client, auditor: StaffUser
) -> None:
    assert _password_step(client, "auditor") == SETUP
    assert "QRコード" in client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=auditor, confirmed=False)

    response = client.post(SETUP, {"token": _code(device)})

    assert response["Location"] == "/102121/staff/"
    assert client.get(AUDIT_LOG).status_code == 200
    assert AuditRecord.objects.filter(action="staff.totp_confirm", result="success").count() == 1


@override_settings(JICHITAI_REQUIRE_2FA=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_verified_user_replaces_the_device_and_stays_signed_in(
    client: Client, auditor: StaffUser
) -> None:
    old = _enrolled(auditor)
    _sign_in_with_code(client, auditor, old)
    assert "認証アプリを変更する" in client.get("/102121/staff/").content.decode()

    page = client.get(SETUP)
    assert "認証アプリの変更" in page.content.decode()
    assert TOTPDevice.objects.get(pk=old.pk).confirmed  # valid until the new one is proved
    new = TOTPDevice.objects.get(user=auditor, confirmed=False)
    response = client.post(SETUP, {"token": _code(new)})

    assert response["Location"] == "/102121/staff/"
    assert list(TOTPDevice.objects.filter(user=auditor)) == [new]
    assert TOTPDevice.objects.get(pk=new.pk).confirmed
    assert client.get(AUDIT_LOG).status_code == 200  # still verified, with the new device
    record = AuditRecord.objects.get(action="staff.totp_replace")
    assert (record.result, record.chain, record.object_id) == ("success", "102121", str(new.pk))
    assert AuditRecord.objects.filter(action="staff.login").count() == 1  # no new sign-in


@override_settings(JICHITAI_REQUIRE_2FA=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_verified_user_with_a_wrong_code_keeps_the_old_device(
    client: Client, auditor: StaffUser
) -> None:
    old = _enrolled(auditor)
    _sign_in_with_code(client, auditor, old)
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=auditor, confirmed=False)
    wrong = "000000" if _code(new) != "000000" else "111111"

    response = client.post(SETUP, {"token": wrong})

    assert response.status_code == 200
    assert "確認コードが正しくない" in response.content.decode()
    assert list(TOTPDevice.objects.filter(user=auditor, confirmed=True)) == [old]
    assert AuditRecord.objects.filter(action="staff.totp_replace", result="failed").count() == 1


def test_session_without_the_device_cannot_replace_it(auditor: StaffUser) -> None:
    enrolled = _enrolled(auditor)
    client = Client()
    client.force_login(auditor)  # signed in, but not with the authenticator app

    page = client.get(SETUP)
    attempt = client.post(SETUP, {"token": "123456"})

    assert page.status_code == attempt.status_code == 403
    assert "現在の認証アプリの確認コードでログインし直して" in page.content.decode()
    assert list(TOTPDevice.objects.filter(user=auditor)) == [enrolled]
    assert AuditRecord.objects.filter(action="staff.totp_replace", result="denied").count() == 2


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_signed_in_user_without_a_device_enrols_one(clerk_client: Client, clerk: StaffUser) -> None:
    home = clerk_client.get("/102121/staff/")
    assert "二要素認証を設定する" in home.content.decode()
    clerk_client.get(SETUP)
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)

    response = clerk_client.post(SETUP, {"token": _code(device)})

    assert response["Location"] == "/102121/staff/"
    device.refresh_from_db()
    assert device.confirmed
    assert "設定済み" in clerk_client.get("/102121/staff/").content.decode()


def test_another_municipalitys_session_cannot_use_the_setup_page(
    outsider_client: Client, midori: object
) -> None:
    response = outsider_client.get(SETUP)

    assert response["Location"] == LOGIN
    assert not TOTPDevice.objects.exists()
