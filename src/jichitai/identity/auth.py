"""API authentication for staff: a bearer API token, or the signed-in browser session."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from jichitai.identity.errors import TokenInvalid
from jichitai.identity.services import api_token_authenticate


class StaffTokenAuth(HttpBearer):
    """`Authorization: Bearer jt_<lg_code>_<secret>` (issued by `jichitai issue-api-token`)."""

    openapi_description = "職員のAPIトークン (jt_<団体コード>_<秘密>)"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            return api_token_authenticate(plaintext=token)
        except TokenInvalid:
            return None


class StaffSessionAuth(SessionAuth):
    """The staff sign-in session of the browser (CSRF-checked on writes by django-ninja)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if settings.JICHITAI_REQUIRE_2FA and not user.is_verified():  # type: ignore[union-attr]
            return None
        return user


staff_auth = [StaffTokenAuth(), StaffSessionAuth()]
