"""Master data in the Django admin: the code list, onboarding settings and closing days.

Personal data never appears in the admin; it is reached only through audited services.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from jichitai.tenants.models import ClosingDay, Municipality, MunicipalitySettings


class SettingsInline(admin.StackedInline):
    model = MunicipalitySettings
    can_delete = False


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("lg_code", "prefecture", "name", "kind", "is_served")
    list_filter = ("is_served", "kind", "prefecture")
    search_fields = ("lg_code", "name", "name_kana")
    readonly_fields = ("lg_code", "kind", "prefecture", "name", "name_kana", "parent")
    inlines = [SettingsInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Codes come only from the national list (jichitai load-municipalities).
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Municipality | None = None) -> bool:
        return False


@admin.register(ClosingDay)
class ClosingDayAdmin(admin.ModelAdmin):
    list_display = ("municipality", "date", "reason")
    list_filter = ("municipality",)
    date_hierarchy = "date"
