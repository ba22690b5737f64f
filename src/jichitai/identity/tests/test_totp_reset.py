"""An administrator's reset of a staff member's authenticator app (lost phone), and the
platform operators' `jichitai reset-totp`."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jichitai.audit.models import AuditRecord
from jichitai.conftest import PASSWORD
from jichitai.identity.errors import RoleRequired, StaffNotFound
from jichitai.identity.models import Role, StaffUser
from jichitai.identity.services import staff_create, totp_device_reset
from jichitai.tenants.models import Municipality


@pytest.fixture
def admin(midori: Municipality) -> StaffUser:
    return staff_create(
        municipality=midori,
        username="midori-admin",
        password=PASSWORD,
        display_name="管理者",
        roles=[Role.ADMIN],
        actor=None,
        check_password=False,
    )


def _enrolled(user: StaffUser) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=True)


@override_settings(JICHITAI_REQUIRE_2FA=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_admin_reset_lets_the_staff_member_enrol_a_new_device(
    client: Client, admin: StaffUser, auditor: StaffUser
) -> None:
    lost = _enrolled(auditor)

    totp_device_reset(user_id=auditor.pk, actor=admin)

    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()
    record = AuditRecord.objects.get(action="staff.totp_reset")
    assert (record.chain, record.actor_id, record.object_id) == (
        "102121",
        str(admin.pk),
        str(auditor.pk),
    )
    assert record.detail == {"devices": 1}
    login = client.post("/102121/staff/login/", {"username": "auditor", "password": PASSWORD})
    assert login["Location"] == "/102121/staff/login/otp/setup/"
    client.get(login["Location"])
    new = TOTPDevice.objects.get(user=auditor, confirmed=False)
    code = f"{totp(new.bin_key, new.step, new.t0, new.digits):06d}"
    assert client.post(login["Location"], {"token": code})["Location"] == "/102121/staff/"
    assert client.get("/102121/audit/").status_code == 200


def test_reset_ends_the_verification_of_sessions_signed_in_with_the_old_device(
    admin: StaffUser, auditor: StaffUser
) -> None:
    lost = _enrolled(auditor)
    client = Client()
    client.force_login(auditor)
    session = client.session
    session["otp_device_id"] = lost.persistent_id
    session.save()
    with override_settings(JICHITAI_REQUIRE_2FA=True):
        assert client.get("/102121/audit/").status_code == 200

        totp_device_reset(user_id=auditor.pk, actor=admin)

        assert client.get("/102121/audit/").status_code == 302


def test_reset_by_staff_without_the_admin_role_is_refused_and_audited(
    clerk: StaffUser, auditor: StaffUser
) -> None:
    enrolled = _enrolled(auditor)

    with pytest.raises(RoleRequired):
        totp_device_reset(user_id=auditor.pk, actor=clerk)

    assert TOTPDevice.objects.filter(pk=enrolled.pk, confirmed=True).exists()
    record = AuditRecord.objects.get(action="staff.totp_reset")
    assert (record.result, record.chain, record.detail) == (
        "denied",
        "102121",
        {"role_missing": True},
    )


def test_reset_by_another_municipalitys_admin_is_not_found(
    outsider: StaffUser, auditor: StaffUser
) -> None:
    enrolled = _enrolled(auditor)

    with pytest.raises(StaffNotFound):
        totp_device_reset(user_id=auditor.pk, actor=outsider)  # 管理者 of みなかみ町

    assert TOTPDevice.objects.filter(pk=enrolled.pk, confirmed=True).exists()
    assert not AuditRecord.objects.filter(action="staff.totp_reset", chain="102121").exists()
    assert AuditRecord.objects.get(action="staff.totp_reset", chain="104493").result == "denied"


def test_reset_of_an_unknown_id_is_not_found(admin: StaffUser) -> None:
    with pytest.raises(StaffNotFound):
        totp_device_reset(user_id=999_999, actor=admin)


def test_reset_totp_command_removes_the_device_as_the_platform(auditor: StaffUser) -> None:
    _enrolled(auditor)

    call_command("reset-totp", "auditor")

    assert not TOTPDevice.objects.filter(user=auditor).exists()
    record = AuditRecord.objects.get(action="staff.totp_reset")
    assert (record.chain, record.actor_type, record.object_id) == (
        "102121",
        "system",
        str(auditor.pk),
    )


def test_reset_totp_command_refuses_an_unknown_login_name(midori: Municipality) -> None:
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("reset-totp", "nobody")
