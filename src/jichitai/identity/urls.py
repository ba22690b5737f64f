from __future__ import annotations

from django.urls import path

from jichitai.identity import staff_admin_views, views

app_name = "identity"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("login/", views.login_view, name="login"),
    path("login/otp/", views.otp_view, name="otp"),
    path("login/otp/setup/", views.otp_setup_view, name="otp_setup"),
    path("logout/", views.logout_view, name="logout"),
    # 職員管理: the municipality's 管理者 manages its own staff and 課.
    path("admin/", staff_admin_views.staff_list_view, name="staff_admin"),
    path("admin/staff/new/", staff_admin_views.staff_create_view, name="staff_admin_create"),
    path(
        "admin/staff/<int:user_id>/", staff_admin_views.staff_detail_view, name="staff_admin_staff"
    ),
    path(
        "admin/staff/<int:user_id>/roles/",
        staff_admin_views.staff_roles_view,
        name="staff_admin_roles",
    ),
    path(
        "admin/staff/<int:user_id>/departments/",
        staff_admin_views.staff_departments_view,
        name="staff_admin_departments",
    ),
    path(
        "admin/staff/<int:user_id>/active/",
        staff_admin_views.staff_active_view,
        name="staff_admin_active",
    ),
    path(
        "admin/staff/<int:user_id>/totp-reset/",
        staff_admin_views.staff_totp_reset_view,
        name="staff_admin_totp_reset",
    ),
    path(
        "admin/departments/new/",
        staff_admin_views.department_create_view,
        name="staff_admin_department_create",
    ),
    path(
        "admin/departments/<int:department_id>/",
        staff_admin_views.department_edit_view,
        name="staff_admin_department",
    ),
]
