"""Master data of the register in the Django admin: 入力場所 and 入力端末 (§1.3.1), 住所辞書
(§1.3.3: 「住所情報は、職員でも容易に修正できること」), 住居表示・地番 (§1.3.2) and 方書 (§1.3.4:
「これらのマスタ情報は職員管理を前提としており、容易にできること」).

Personal data never appears in the admin; it is reached only through audited services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from jichitai.common.address_numbers import lot_numbers_parse
from jichitai.registry.models import (
    AddressArea,
    AddressLot,
    BuildingName,
    InputPlace,
    InputTerminal,
)


@admin.register(InputPlace)
class InputPlaceAdmin(admin.ModelAdmin):
    list_display = ("municipality", "code", "name", "kind", "is_default")
    list_filter = ("municipality", "kind")


@admin.register(InputTerminal)
class InputTerminalAdmin(admin.ModelAdmin):
    list_display = ("municipality", "place", "code", "name")
    list_filter = ("municipality",)


@admin.register(AddressArea)
class AddressAreaAdmin(admin.ModelAdmin):
    list_display = (
        "municipality",
        "address_code",
        "prefecture",
        "city",
        "oaza",
        "koaza",
        "postal_code",
        "valid_to",
    )
    list_filter = ("municipality", "prefecture")
    search_fields = ("address_code", "city", "oaza", "koaza", "oaza_kana", "postal_code")


@admin.register(AddressLot)
class AddressLotAdmin(admin.ModelAdmin):
    list_display = ("municipality", "area", "kind", "text", "block", "branch", "special")
    list_filter = ("municipality", "kind", "special")
    raw_id_fields = ("area",)
    # The numbers are read from the text by the service; staff edit the text only.
    readonly_fields = ("block", "branch", "sub_branch")

    def save_model(self, request: Any, obj: AddressLot, form: Any, change: bool) -> None:
        numbers = lot_numbers_parse(obj.text)
        obj.block, obj.branch, obj.sub_branch = numbers.block, numbers.branch, numbers.sub_branch
        super().save_model(request, obj, form, change)


@admin.register(BuildingName)
class BuildingNameAdmin(admin.ModelAdmin):
    list_display = ("municipality", "area", "lot_text", "name", "is_active")
    list_filter = ("municipality", "is_active")
    search_fields = ("name", "name_kana")
    raw_id_fields = ("area",)
