"""API authentication of residents: `Authorization: Bearer jtr_<lg_code>_<secret>`.

Only resident tokens (portal.tokens) count here; a staff token or a staff session is not a
resident and gets the same 401 as no credentials at all.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from jichitai.portal.tokens import ResidentCredentials, resident_token_authenticate


class ResidentTokenAuth(HttpBearer):
    openapi_description = (
        "住民のAPIトークン (jtr_<団体コード>_<秘密>)。マイナンバーカードの本人確認で発行"
    )

    def authenticate(self, request: HttpRequest, token: str) -> ResidentCredentials | None:
        return resident_token_authenticate(
            plaintext=token,
            municipality=request.municipality,  # type: ignore[attr-defined]
        )


resident_auth = ResidentTokenAuth()
