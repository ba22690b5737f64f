from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jichitai.audit.models import AuditRecord
from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.testing.client import ClientResponse

LOGIN = "/102121/staff/login/"


def _login(
    client: Client, username: str, password: str = PASSWORD, path: str = LOGIN
) -> ClientResponse:
    return client.post(path, {"username": username, "password": password})


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def test_login_with_password_reaches_the_staff_home(client: Client, clerk: StaffUser) -> None:
    response = _login(client, "clerk")
    assert response.status_code == 302
    assert response["Location"] == "/102121/staff/"
    home = client.get("/102121/staff/")
    assert "窓口" in home.content.decode()
    assert AuditRecord.objects.filter(action="staff.login", result="success").count() == 1


def test_wrong_password_is_refused_and_audited(client: Client, clerk: StaffUser) -> None:
    response = _login(client, "clerk", "wrong password")
    assert response.status_code == 200
    assert "ログインIDまたはパスワードが正しくありません" in response.content.decode()
    assert AuditRecord.objects.filter(action="staff.login", result="denied").count() == 1
    assert client.get("/102121/staff/").status_code == 302


def test_staff_of_another_municipality_cannot_sign_in_here(
    client: Client, outsider: StaffUser, midori: object
) -> None:
    response = _login(client, "outsider")
    assert "ログインIDまたはパスワードが正しくありません" in response.content.decode()
    assert client.get("/102121/staff/").status_code == 302


def test_repeated_failures_lock_the_login_name(client: Client, clerk: StaffUser) -> None:
    for _ in range(5):
        _login(client, "clerk", "wrong password")
    locked = _login(client, "clerk")
    assert locked.status_code == 429
    assert "15分ほど待って" in locked.content.decode()
    assert AuditRecord.objects.filter(
        action="staff.login_refused", detail__locked_out=True
    ).exists()


def test_next_parameter_only_returns_inside_the_municipality(
    client: Client, clerk: StaffUser
) -> None:
    response = client.post(
        f"{LOGIN}?next=https://evil.example/", {"username": "clerk", "password": PASSWORD}
    )
    assert response["Location"] == "/102121/staff/"


def test_an_idle_session_expires(client: Client, clerk: StaffUser) -> None:
    _login(client, "clerk")
    assert client.get("/102121/staff/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/102121/staff/").status_code == 302


# Throttling after a wrong code is django-otp's; switched off so the test needs no sleep.
@override_settings(JICHITAI_REQUIRE_2FA=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_first_login_enrols_totp_and_later_logins_ask_for_the_code(
    client: Client, clerk: StaffUser
) -> None:
    response = _login(client, "clerk")
    assert response["Location"] == "/102121/staff/login/otp/setup/"
    setup = client.get(response["Location"])
    assert "QRコード" in setup.content.decode()
    assert client.get("/102121/staff/").status_code == 302  # not signed in before the code

    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    wrong = client.post("/102121/staff/login/otp/setup/", {"token": "000000"})
    if _code(device) != "000000":
        assert "確認コードが正しくない" in wrong.content.decode()
    done = client.post("/102121/staff/login/otp/setup/", {"token": _code(device)})
    assert done["Location"] == "/102121/staff/"
    assert client.get("/102121/staff/").status_code == 200

    second = Client()
    assert _login(second, "clerk")["Location"] == "/102121/staff/login/otp/"
    assert second.get("/102121/staff/").status_code == 302
    device.refresh_from_db()
    device.last_t = -1  # the code was used once already; the next login uses a new window
    device.save()
    assert second.post("/102121/staff/login/otp/", {"token": _code(device)}).status_code == 302
    assert second.get("/102121/staff/").status_code == 200


@override_settings(JICHITAI_REQUIRE_2FA=True)
def test_a_session_without_the_second_factor_is_not_enough(clerk: StaffUser) -> None:
    client = Client()
    client.force_login(clerk)
    assert client.get("/102121/staff/").status_code == 302


@pytest.mark.parametrize("token", ["12345", "abcdef", "1234567"])
@override_settings(JICHITAI_REQUIRE_2FA=True)
def test_malformed_codes_get_a_field_error(client: Client, clerk: StaffUser, token: str) -> None:
    TOTPDevice.objects.create(user=clerk, name="app", confirmed=True)
    _login(client, "clerk")
    response = client.post("/102121/staff/login/otp/", {"token": token})
    assert "半角数字6桁" in response.content.decode()
