"""API authentication for staff: a bearer API token, or the signed-in browser session.

What a client gets back (docs/api.md, docs/problems.md):
- no credentials at all → 401 `auth.required`;
- a bearer token that is malformed, unknown, expired or revoked → 401 `auth.token_invalid`
  (never a fall-back to the session: a client that sends a token means that token);
- a signed-in session without a valid CSRF token on a write → 403 `auth.csrf_failed`.
django-ninja's SessionAuth runs the CSRF check before it looks for a session, so a request
without any credentials answered 403 "CSRF check failed"; here the check runs only for a
request that really comes with a session.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from jichitai.common.text import text_is_clean
from jichitai.identity.errors import CsrfFailed, TokenInvalid
from jichitai.identity.http import second_factor_verified
from jichitai.identity.services import api_token_authenticate

# A staff token is `jt_` + 6 digits + `_` + 43 characters of token_urlsafe(32); anything much
# longer is not one, and is refused before it is hashed or looked up.
MAX_TOKEN_LENGTH = 200


def bearer_token_plausible(token: str) -> bool:
    """Could `token` be a token at all (bounded, printable)? Checked before any lookup: a NUL
    in a query parameter is an error on PostgreSQL."""
    return 0 < len(token) <= MAX_TOKEN_LENGTH and token.isascii() and text_is_clean(token)


class StaffTokenAuth(HttpBearer):
    """`Authorization: Bearer jt_<lg_code>_<secret>` (issued by `jichitai issue-api-token`)."""

    openapi_description = "職員のAPIトークン (jt_<団体コード>_<秘密>)"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not bearer_token_plausible(token):
            raise TokenInvalid
        return api_token_authenticate(plaintext=token)


class StaffSessionAuth(SessionAuth):
    """The staff sign-in session of the browser, CSRF-checked on writes once it is known to
    be a session (see the module docstring)."""

    def __call__(self, request: HttpRequest) -> Any:
        user = self.authenticate(request, None)
        if user is None:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if settings.JICHITAI_REQUIRE_2FA and not second_factor_verified(request):
            return None
        return user


staff_auth = [StaffTokenAuth(), StaffSessionAuth()]
