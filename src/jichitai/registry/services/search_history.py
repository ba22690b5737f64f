"""検索履歴 (doc/j320.txt §2.1.1): 「システム利用者（ID単位）ごとに、一度検索ダイアログ等で
設定した値（検索履歴）については、自動的にその設定値が、一定の件数保存されること。また、
それら検索履歴を選択することにより、同じ条件による再検索及び検索履歴を活用した新たな検索
にも対応できること。」

The conditions are personal data (names, dates of birth, numbers): they are kept per user in
the database, so they outlive a session as the standard asks, but only as AES-GCM ciphertext
bound to the user and the municipality, only the newest SEARCH_HISTORY_KEPT, and every
showing of them is audited (without the conditions themselves).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.identity.models import StaffUser
from jichitai.registry.crypto import search_conditions_decrypt, search_conditions_encrypt
from jichitai.registry.errors import SearchHistoryNotFound
from jichitai.registry.models import SearchHistoryEntry
from jichitai.registry.selectors import ResidentQuery
from jichitai.registry.services.recording import REGISTRY_PURPOSE
from jichitai.tenants.models import Municipality

SEARCH_HISTORY_KEPT = 10
_QUERY_FIELDS = frozenset(field.name for field in dataclasses.fields(ResidentQuery))


@dataclass(frozen=True, kw_only=True)
class SearchHistoryItem:
    """One kept search: when, and its conditions."""

    id: int
    searched_at: dt.datetime
    query: ResidentQuery


def _conditions(query: ResidentQuery) -> str:
    given = {k: v for k, v in dataclasses.asdict(query).items() if v not in ("", False)}
    return json.dumps(given, ensure_ascii=False, sort_keys=True)


def _query(entry: SearchHistoryEntry, *, municipality: Municipality) -> ResidentQuery:
    text = search_conditions_decrypt(
        entry.conditions_cipher, lg_code=municipality.lg_code, user_id=entry.user_id
    )
    values = json.loads(text)
    return ResidentQuery(**{k: v for k, v in values.items() if k in _QUERY_FIELDS})


@transaction.atomic
def search_history_record(
    *, actor: StaffUser, municipality: Municipality, query: ResidentQuery
) -> None:
    """Keeps the conditions of a search just made as the user's newest: the same conditions
    kept before move up (same entry, new time) rather than appear twice, and the oldest
    beyond SEARCH_HISTORY_KEPT are deleted."""
    kept = list(
        SearchHistoryEntry.objects.for_municipality(municipality)
        .filter(user=actor)
        .order_by("-searched_at", "-pk")
    )
    conditions = _conditions(query)
    now = timezone.now()
    for entry in kept:
        if _conditions(_query(entry, municipality=municipality)) == conditions:
            entry.searched_at = now
            entry.save(update_fields=["searched_at"])
            return
    SearchHistoryEntry.objects.create(
        municipality=municipality,
        user=actor,
        searched_at=now,
        conditions_cipher=search_conditions_encrypt(
            conditions, lg_code=municipality.lg_code, user_id=actor.pk
        ),
    )
    stale = [e.pk for e in kept[SEARCH_HISTORY_KEPT - 1 :]]
    if stale:
        SearchHistoryEntry.objects.filter(pk__in=stale).delete()


def search_history_list(*, actor: StaffUser, municipality: Municipality) -> list[SearchHistoryItem]:
    """The user's kept searches, newest first; showing them is audited (their count only)."""
    entries = list(
        SearchHistoryEntry.objects.for_municipality(municipality)
        .filter(user=actor)
        .order_by("-searched_at", "-pk")[:SEARCH_HISTORY_KEPT]
    )
    if entries:
        audit_record(
            actor=actor,
            action="registry.search_history",
            municipality_code=municipality.lg_code,
            purpose=REGISTRY_PURPOSE,
            detail={"entries": len(entries)},
        )
    return [
        SearchHistoryItem(
            id=e.pk, searched_at=e.searched_at, query=_query(e, municipality=municipality)
        )
        for e in entries
    ]


def search_history_get(
    *, actor: StaffUser, municipality: Municipality, entry_id: int
) -> ResidentQuery:
    """The conditions of one of the user's kept searches, to search again or start from.
    Raises SearchHistoryNotFound for another user's entry or one no longer kept."""
    entry = (
        SearchHistoryEntry.objects.for_municipality(municipality)
        .filter(user=actor, pk=entry_id)
        .first()
    )
    if entry is None:
        raise SearchHistoryNotFound
    return _query(entry, municipality=municipality)
