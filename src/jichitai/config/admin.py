"""The admin is for platform operators (superusers) and master data only."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django_otp.admin import OTPAdminSite


class MasterDataAdminSite(OTPAdminSite if settings.JICHITAI_REQUIRE_2FA else admin.AdminSite):  # type: ignore[misc]  # base chosen by a setting
    site_header = "jichitai マスタ管理"
    site_title = "jichitai"

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(super().has_permission(request) and request.user.is_superuser)
