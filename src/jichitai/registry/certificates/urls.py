from __future__ import annotations

from django.urls import path

from jichitai.registry.certificates import views

app_name = "certificates"
urlpatterns = [
    path("verify/", views.verify_view, name="verify"),
    path("issue/<int:household_id>/", views.issue_view, name="issue"),
    path("issued/", views.issued_list_view, name="issued"),
    path("certifiers/", views.certifiers_view, name="certifiers"),
    path(
        "certifiers/<int:acting_certifier_id>/remove/",
        views.certifier_remove_view,
        name="certifier_remove",
    ),
    path("move-out/<int:change_id>/", views.move_out_certificate_view, name="move_out"),
]
