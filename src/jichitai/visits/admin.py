"""Master data of 来庁予約 in the admin: services (hours, slots, capacity) and counters.

Reservations and tickets hold personal data and stay out of the admin.
"""

from __future__ import annotations

from django.contrib import admin

from jichitai.visits.models import Counter, CounterService, Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("municipality", "key", "name", "kind", "slot_minutes", "capacity", "is_active")
    list_filter = ("municipality", "kind", "is_active")


class CounterServiceInline(admin.TabularInline):
    """窓口で扱う用件; the row takes the counter's municipality (CounterService.save)."""

    model = CounterService
    fk_name = "counter"
    fields = ("service",)
    extra = 1


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ("municipality", "number", "name", "is_open")
    list_filter = ("municipality", "is_open")
    inlines = [CounterServiceInline]
