"""API authentication of residents: `Authorization: Bearer jtr_<lg_code>_<secret>`.

Only resident tokens (portal.tokens) count here. No bearer token at all answers 401
`auth.required`; any other bearer token — malformed, unknown, expired, revoked, another
municipality's, or a staff token, which is not a resident's — answers 401 `auth.token_invalid`.
A staff session is not a resident either: it is never looked at.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from jichitai.identity.auth import bearer_token_plausible
from jichitai.portal.errors import ResidentSignInRequired, ResidentTokenInvalid
from jichitai.portal.tokens import ResidentCredentials, resident_token_authenticate
from jichitai.tenants.http import TenantRequest


class ResidentTokenAuth(HttpBearer):
    openapi_description = (
        "住民のAPIトークン (jtr_<団体コード>_<秘密>)。マイナンバーカードの本人確認で発行"
    )

    def __call__(self, request: HttpRequest) -> ResidentCredentials | None:
        credentials = super().__call__(request)
        if credentials is None:
            # HttpBearer answers None only when no `Bearer` credentials came at all.
            raise ResidentSignInRequired
        return credentials  # type: ignore[no-any-return]  # HttpBearer.__call__ is typed Any

    def authenticate(self, request: TenantRequest, token: str) -> ResidentCredentials:  # type: ignore[override]  # residents' routes are all under /<lg_code>/
        if not bearer_token_plausible(token):
            raise ResidentTokenInvalid
        credentials = resident_token_authenticate(
            plaintext=token,
            municipality=request.municipality,
        )
        if credentials is None:
            raise ResidentTokenInvalid
        return credentials


resident_auth = ResidentTokenAuth()
