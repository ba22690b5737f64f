"""Master data of the register in the Django admin: 入力場所 and 入力端末 (§1.3.1).

Personal data never appears in the admin; it is reached only through audited services.
"""

from __future__ import annotations

from django.contrib import admin

from jichitai.registry.models import InputPlace, InputTerminal


@admin.register(InputPlace)
class InputPlaceAdmin(admin.ModelAdmin):
    list_display = ("municipality", "code", "name", "kind", "is_default")
    list_filter = ("municipality", "kind")


@admin.register(InputTerminal)
class InputTerminalAdmin(admin.ModelAdmin):
    list_display = ("municipality", "place", "code", "name")
    list_filter = ("municipality",)
