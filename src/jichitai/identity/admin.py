"""Staff accounts and roles in the Django admin (master data only, platform operators)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from jichitai.identity.models import Department, DepartmentMembership, StaffRole, StaffUser


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0


@admin.register(StaffUser)
class StaffUserAdmin(UserAdmin):
    list_display = ("username", "display_name", "municipality", "is_active", "last_login")
    list_filter = ("municipality", "is_active", "is_superuser")
    search_fields = ("username", "display_name")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("所属", {"fields": ("display_name", "municipality")}),
        ("権限", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("日時", {"fields": ("last_login", "date_joined")}),
    )
    inlines = [StaffRoleInline]


class DepartmentMembershipInline(admin.TabularInline):
    model = DepartmentMembership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    """課: each municipality's 管理者 manages them in the product (職員管理); here for operators."""

    list_display = ("name", "code", "municipality", "catalog_keys")
    list_filter = ("municipality",)
    search_fields = ("name", "code")
    inlines = [DepartmentMembershipInline]
