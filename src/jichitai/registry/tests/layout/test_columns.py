"""The layout's columns (registry/layout/columns.py) against what the services write."""

from __future__ import annotations

import datetime as dt

from jichitai.registry.layout import ITEM_KEYS, SNAPSHOT_KEYS
from jichitai.registry.layout.columns import ITEM_COLUMNS
from jichitai.registry.models import ChangeType
from jichitai.registry.services import household_head_change, residents_remove
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


def test_every_history_row_keeps_the_name_of_the_head_of_household(
    midori: Municipality,
) -> None:
    """世帯主の氏名 in each history row (doc/j200.txt §1.2.1), as the change left it."""
    family = yamada_family(midori)
    for member in family.values():
        assert member.history.get().snapshot["household_head_name"] == "山田　花子"
    residents_remove(
        municipality=midori,
        change_type=ChangeType.DEATH,
        resident_ids=[family["花子"].pk],
        effective_on=dt.date(2026, 4, 1),
        notified_on=dt.date(2026, 4, 1),
        actor=None,
    )
    household_head_change(
        municipality=midori,
        household_id=family["翔太"].household_id,
        new_head_id=family["翔太"].pk,
        relationships={family["美咲"].pk: "妹"},
        effective_on=dt.date(2026, 4, 2),
        notified_on=dt.date(2026, 4, 2),
        actor=None,
    )
    for name in ("翔太", "美咲"):
        latest = family[name].history.order_by("-history_number")[0]
        assert latest.snapshot["household_head_name"] == "山田　翔太"
    # The layout carries it in both files.
    assert ("世帯主の氏名", "household_head_name") in ITEM_COLUMNS
