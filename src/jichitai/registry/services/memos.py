"""メモ (doc/j150.txt §1.1.15): a free memo per person, with who wrote it and when; every
入力, 修正 and 削除 is kept as a revision; never printed (no certificate or export reads it).

Each write is audited without the memo's text (it may hold personal data)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import InvalidInput
from jichitai.common.text import INVALID_CHARACTER_MESSAGE, text_is_clean
from jichitai.identity.models import StaffUser
from jichitai.registry.error_codes import RegistryErrorCode
from jichitai.registry.errors import MemoNotFound
from jichitai.registry.models import MEMO_MAX_LENGTH, ResidentMemo, ResidentMemoRevision
from jichitai.registry.services.recording import REGISTRY_PURPOSE, lock, residents_lock
from jichitai.tenants.models import Municipality


def _text_checked(text: str) -> str:
    text = text.strip()
    if not text:
        raise InvalidInput.for_field(
            "/text", RegistryErrorCode.MEMO_REQUIRED, "メモを入力してください。"
        )
    if len(text) > MEMO_MAX_LENGTH:
        raise InvalidInput.for_field(
            "/text",
            RegistryErrorCode.MEMO_REQUIRED,
            f"メモは{MEMO_MAX_LENGTH}文字以内で入力してください。",
        )
    if not text_is_clean(text, multiline=True):
        raise InvalidInput.for_field(
            "/text", CommonErrorCode.TEXT_INVALID_CHARACTER, INVALID_CHARACTER_MESSAGE
        )
    return text


def _revision(memo: ResidentMemo, action: ResidentMemoRevision.Action) -> None:
    ResidentMemoRevision.objects.create(
        municipality_id=memo.municipality_id,
        memo=memo,
        action=action,
        text=memo.text,
        actor=memo.written_by,
        recorded_at=memo.written_at,
    )
    audit_record(
        actor=memo.written_by,
        action=f"registry.memo_{action}",
        municipality_code=memo.municipality_id,
        object_type="registry.Resident",
        object_id=memo.resident_id,
        purpose=REGISTRY_PURPOSE,
        detail={"memo": memo.pk},
    )


def _memo_locked(municipality: Municipality, memo_id: int) -> ResidentMemo:
    found = lock(
        ResidentMemo.objects.for_municipality(municipality).filter(pk=memo_id, is_deleted=False)
    )
    if not found:
        raise MemoNotFound
    return found[0]


@transaction.atomic
def resident_memo_write(
    *, municipality: Municipality, resident_id: int, text: str, actor: StaffUser
) -> ResidentMemo:
    """メモの入力 on one person (除票 too). Raises ResidentNotFound, InvalidInput."""
    (resident,) = residents_lock(municipality=municipality, resident_ids=[resident_id])
    memo = ResidentMemo.objects.create(
        municipality=municipality,
        resident=resident,
        text=_text_checked(text),
        written_by=actor,
        written_at=timezone.now(),
    )
    _revision(memo, ResidentMemoRevision.Action.WRITE)
    return memo


@transaction.atomic
def resident_memo_edit(
    *, municipality: Municipality, memo_id: int, text: str, actor: StaffUser
) -> ResidentMemo:
    """メモの修正: the new text, by `actor` now; the former text stays in its revision.
    Raises MemoNotFound (also a deleted memo or another municipality's), InvalidInput."""
    memo = _memo_locked(municipality, memo_id)
    memo.text = _text_checked(text)
    memo.written_by, memo.written_at = actor, timezone.now()
    memo.save(update_fields=["text", "written_by", "written_at"])
    _revision(memo, ResidentMemoRevision.Action.EDIT)
    return memo


@transaction.atomic
def resident_memo_delete(
    *, municipality: Municipality, memo_id: int, actor: StaffUser
) -> ResidentMemo:
    """メモの削除: the memo leaves the page; its revisions (with every text it had) stay.
    Raises MemoNotFound."""
    memo = _memo_locked(municipality, memo_id)
    memo.is_deleted = True
    memo.written_by, memo.written_at = actor, timezone.now()
    memo.save(update_fields=["is_deleted", "written_by", "written_at"])
    _revision(memo, ResidentMemoRevision.Action.DELETE)
    return memo
