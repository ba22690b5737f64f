"""Request types of the resident portal: who signed in is an attribute mypy knows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jichitai.registry.models import Resident
from jichitai.tenants.http import TenantRequest

if TYPE_CHECKING:
    # portal.tokens uses portal.access, which uses these types.
    from jichitai.portal.tokens import ResidentCredentials


class ResidentRequest(TenantRequest):
    """A portal page behind `portal.access.resident_required` (or `resident_or_former_required`):
    `resident` is the person signed in with their My Number card (住民)."""

    resident: Resident


class ResidentApiRequest(TenantRequest):
    """A residents' API call behind `portal.auth.resident_auth`: the token's credentials."""

    auth: ResidentCredentials
