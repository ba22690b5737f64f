"""入力途中の申請 (half-filled applications), kept server-side for the resident alone.

The portal saves the form as the resident types (`draft_save`, from the page's script and
from every submit of the form), shows it again after a new sign-in (`draft_get`), and
deletes it when the application is sent or the resident starts over (`draft_discard`).
Drafts older than JICHITAI_DRAFT_KEEP_DAYS since their last save are deleted whenever any
draft of the municipality is saved, and never shown. Only the resident's own session
reaches these: the key is (municipality, resident, procedure).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import InvalidInput
from jichitai.common.text import INVALID_CHARACTER_MESSAGE, data_is_clean
from jichitai.portal.error_codes import PortalErrorCode
from jichitai.portal.models import ApplicationDraft
from jichitai.registry.models import Resident

# A form of the catalog as JSON is a few kilobytes; a draft far past that is not a form.
MAX_DRAFT_BYTES = 64 * 1024


@dataclass(frozen=True)
class Draft:
    data: dict[str, Any]
    destination_lg_code: str
    saved_at: dt.datetime
    expires_at: dt.datetime


def draft_keep_days() -> int:
    return int(settings.JICHITAI_DRAFT_KEEP_DAYS)


def _drafts(resident: Resident) -> Any:
    return ApplicationDraft.objects.for_municipality(resident.municipality_id).filter(
        resident=resident
    )


def draft_save(
    *, resident: Resident, procedure_id: str, data: dict[str, Any], destination_lg_code: str = ""
) -> Draft:
    """Keeps the form as it stands (half-filled: the schema is not checked) until the stated
    time. Raises InvalidInput: `text.invalid_character` (a control or bidi character, which
    PostgreSQL cannot even store when it is NUL), `portal.draft_too_large`."""
    if not data_is_clean([data, destination_lg_code]):
        raise InvalidInput(
            code=CommonErrorCode.TEXT_INVALID_CHARACTER, detail=INVALID_CHARACTER_MESSAGE
        )
    if len(json.dumps(data, ensure_ascii=False).encode()) > MAX_DRAFT_BYTES:
        raise InvalidInput(
            code=PortalErrorCode.DRAFT_TOO_LARGE,
            detail="入力内容が多すぎるため、途中の内容を保存できませんでした。",
        )
    now = timezone.now()
    expires_at = now + dt.timedelta(days=draft_keep_days())
    values = {
        "data": data,
        "destination_lg_code": destination_lg_code,
        "saved_at": now,
        "expires_at": expires_at,
    }
    ApplicationDraft.objects.for_municipality(resident.municipality_id).filter(
        expires_at__lte=now
    ).delete()
    try:
        with transaction.atomic():
            _drafts(resident).update_or_create(
                municipality_id=resident.municipality_id,
                resident=resident,
                procedure_id=procedure_id,
                defaults=values,
            )
    except IntegrityError:  # two saves of one form at once: the later one wins
        _drafts(resident).filter(procedure_id=procedure_id).update(**values)
    return Draft(data, destination_lg_code, now, expires_at)


def draft_get(*, resident: Resident, procedure_id: str) -> Draft | None:
    """The resident's saved form for this procedure, unless past its time."""
    draft = (
        _drafts(resident).filter(procedure_id=procedure_id, expires_at__gt=timezone.now()).first()
    )
    if draft is None:
        return None
    return Draft(draft.data, draft.destination_lg_code, draft.saved_at, draft.expires_at)


def draft_discard(*, resident: Resident, procedure_id: str) -> None:
    """Sent, or started over: nothing of it is kept."""
    _drafts(resident).filter(procedure_id=procedure_id).delete()
