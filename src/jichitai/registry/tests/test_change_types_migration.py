"""Migration 0013_change_types: rows written under the codes that used to cover several 区分 of
§1.2.2 get the narrower code their data shows; nothing else changes."""

from __future__ import annotations

import datetime as dt
import importlib

from django.apps import apps

from jichitai.registry.models import Change, ChangeType, Resident
from jichitai.registry.services import (
    change_cancel,
    resident_alias_change,
    resident_former_surname_change,
    resident_name_change,
)
from jichitai.registry.tests.factories import yamada_family
from jichitai.registry.tests.test_nationality import _nguyen
from jichitai.tenants.models import Municipality

MIGRATION = importlib.import_module("jichitai.registry.migrations.0013_change_types")
ON = dt.date(2026, 4, 1)


def _as_before(change: Change, code: str) -> None:
    """What the same change was stored as before the migration."""
    Change.objects.filter(pk=change.pk).update(change_type=code)


def test_legacy_rows_get_the_code_their_data_shows(midori: Municipality) -> None:
    family = yamada_family(midori)
    hanako, shota = family["花子"], family["翔太"]
    entry = Resident.objects.get(pk=shota.pk).history.get(history_number=1).change
    cancelled_entry = change_cancel(
        municipality=midori, change_id=entry.pk, reason="x", actor=None, resident_ids=[shota.pk]
    )
    _as_before(cancelled_entry, "cancellation")
    Resident.objects.filter(pk=shota.pk).update(removal_reason="cancellation")
    name = resident_name_change(
        municipality=midori,
        resident_id=hanako.pk,
        name="佐藤　花子",
        name_kana="サトウ　ハナコ",
        effective_on=ON,
        notified_on=ON,
        actor=None,
    )
    cancelled_name = change_cancel(municipality=midori, change_id=name.pk, reason="x", actor=None)
    surname = {}
    for value in ("山田", "佐藤", ""):
        surname[value] = resident_former_surname_change(
            municipality=midori,
            resident_id=hanako.pk,
            former_surname=value,
            former_surname_kana="",
            effective_on=ON,
            notified_on=ON,
            actor=None,
        )
        _as_before(surname[value], "former_surname_change")
    nguyen = _nguyen(midori, my_number="")
    alias_removed = resident_alias_change(
        municipality=midori,
        resident_id=nguyen.pk,
        alias="",
        alias_kana="",
        effective_on=ON,
        notified_on=ON,
        actor=None,
    )
    _as_before(alias_removed, "alias_change")

    MIGRATION._split_legacy_codes(apps, None)

    def code(change: Change) -> str:
        return Change.objects.get(pk=change.pk).change_type

    assert code(cancelled_entry) == ChangeType.CANCELLATION_DECREASE
    assert code(cancelled_name) == ChangeType.CANCELLATION
    assert Resident.objects.get(pk=shota.pk).removal_reason == ChangeType.CANCELLATION_DECREASE
    assert [code(surname[v]) for v in ("山田", "佐藤", "")] == [
        ChangeType.FORMER_SURNAME_ENTRY,
        ChangeType.FORMER_SURNAME_CHANGE,
        ChangeType.FORMER_SURNAME_REMOVAL,
    ]
    assert code(alias_removed) == ChangeType.ALIAS_REMOVAL
    assert code(name) == ChangeType.NAME_CHANGE
