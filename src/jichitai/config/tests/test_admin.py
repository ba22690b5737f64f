"""The admin is for platform operators and master data only."""

from __future__ import annotations

from django.test import Client

from jichitai.identity.models import StaffUser


def test_municipality_staff_cannot_use_the_admin(clerk: StaffUser) -> None:
    clerk.is_staff = True
    clerk.save()
    client = Client()
    client.force_login(clerk)
    assert client.get("/admin/").status_code == 302


def test_platform_operator_sees_master_data_only(db: None) -> None:
    operator = StaffUser.objects.create_superuser("operator", password="x" * 16)
    client = Client()
    client.force_login(operator)
    page = client.get("/admin/").content.decode()
    assert "地方公共団体" in page and "閉庁日" in page and "職員" in page
    assert "監査記録" not in page
    assert client.get("/admin/tenants/municipality/add/").status_code == 403
