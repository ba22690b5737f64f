"""The layout's columns (registry/layout/columns.py) against what the services write."""

from __future__ import annotations

from jichitai.registry.layout import ITEM_KEYS, SNAPSHOT_KEYS
from jichitai.registry.services.recording import snapshot_of
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality


def test_columns_cover_every_item_of_a_snapshot() -> None:
    stored_elsewhere = {"household_id", "my_number_cipher", "my_number_hash"}
    assert set(SNAPSHOT_KEYS) - stored_elsewhere == set(ITEM_KEYS) - {"my_number"}


def test_snapshot_keys_are_what_the_services_write(midori: Municipality) -> None:
    hanako = yamada_family(midori)["花子"]
    assert tuple(snapshot_of(hanako)) == SNAPSHOT_KEYS
    assert set(hanako.history.get().snapshot) == set(SNAPSHOT_KEYS)  # jsonb keeps no order
