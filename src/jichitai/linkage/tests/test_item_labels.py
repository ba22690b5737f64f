from __future__ import annotations

from jichitai.departments.selectors import ITEMS
from jichitai.linkage.selectors import exchange_item_label
from jichitai.linkage.table import exchange_table


def test_every_item_a_business_provides_has_a_japanese_name() -> None:
    items = set().union(*ITEMS.values()) | {rule.item for rule in exchange_table().rules}
    unnamed = {item for item in items if exchange_item_label(item) == "定めのない項目"}
    assert unnamed == set()
    assert exchange_item_label("resident_tax.income") == "所得・住民税額"


def test_an_item_outside_the_table_is_named_without_its_key() -> None:
    assert exchange_item_label("registry.my_number") == "定めのない項目"
