"""Master data of 来庁予約 in the admin: services (hours, slots, capacity) and counters.

Reservations and tickets hold personal data and stay out of the admin.
"""

from __future__ import annotations

from django.contrib import admin

from jichitai.visits.models import Counter, Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("municipality", "key", "name", "kind", "slot_minutes", "capacity", "is_active")
    list_filter = ("municipality", "kind", "is_active")


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ("municipality", "number", "name", "is_open")
    list_filter = ("municipality", "is_open")
