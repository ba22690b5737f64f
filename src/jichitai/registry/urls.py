"""Staff pages of the register under `/<lg_code>/registry/`. Only ids appear in these URLs."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path

from jichitai.registry import views
from jichitai.registry.models import ChangeType

app_name = "registry"


def _household(suffix: str, name: str, **kwargs: Any) -> URLPattern:
    view = views.removal_view if "change_type" in kwargs else views.household_change_view
    return path(f"households/<int:household_id>/{suffix}/", view, kwargs, name=name)


def _resident(suffix: str, kind: str, name: str) -> URLPattern:
    return path(
        f"residents/<int:resident_id>/{suffix}/",
        views.resident_change_view,
        {"kind": kind},
        name=name,
    )


urlpatterns = [
    path("", views.search_view, name="search"),
    path("move-in/", views.move_in_view, name="move_in"),
    path("workplace/", views.workplace_view, name="workplace"),
    path("characters/", views.characters_view, name="characters"),
    path(
        "residents/<int:resident_id>/characters/",
        views.resident_characters_view,
        name="resident_characters",
    ),
    path("move-ins/", views.pending_move_ins_view, name="pending_move_ins"),
    path(
        "move-ins/<int:move_out_certificate_id>/",
        views.move_in_from_certificate_view,
        name="move_in_from_certificate",
    ),
    path("network/", views.network_outbox_view, name="network_outbox"),
    path(
        "move-in-notices/missing/",
        views.move_in_notices_missing_view,
        name="move_in_notices_missing",
    ),
    path(
        "residents/<int:resident_id>/domicile-notice/",
        views.domicile_notice_view,
        name="domicile_notice",
    ),
    path(
        "residents/<int:resident_id>/move-in-notice/",
        views.move_in_notice_view,
        name="move_in_notice",
    ),
    path(
        "residents/<int:resident_id>/move-in-notice-inquiry/",
        views.move_in_notice_inquiry_view,
        name="move_in_notice_inquiry",
    ),
    path(
        "residents/<int:resident_id>/network/symbol/",
        views.resident_symbol_request_view,
        name="resident_symbol_request",
    ),
    path(
        "residents/<int:resident_id>/network/certificate-serial/",
        views.resident_certificate_serial_view,
        name="resident_certificate_serial",
    ),
    path("residents/<int:resident_id>/", views.resident_view, name="resident"),
    _resident("name", "name", "name_change"),
    _resident("former-surname", "former_surname", "former_surname_change"),
    _resident("alias", "alias", "alias_change"),
    _resident("my-number/change", "my_number", "my_number_change"),
    _resident("resident-code/change", "resident_code", "resident_code_change"),
    _resident("my-number/request", "my_number_request", "my_number_request"),
    _resident("naturalisation", "naturalisation", "naturalisation"),
    _resident("nationality-loss", "nationality_loss", "nationality_loss"),
    path("residents/<int:resident_id>/my-number/", views.my_number_view, name="my_number"),
    path(
        "residents/<int:resident_id>/resident-code-notice/",
        views.resident_code_notice_view,
        name="resident_code_notice",
    ),
    path("residents/<int:resident_id>/correction/", views.correction_view, name="correction"),
    path(
        "residents/<int:resident_id>/support/",
        views.support_measures_view,
        name="support_measures",
    ),
    path(
        "residents/<int:resident_id>/support/step/",
        views.support_measure_step_view,
        name="support_measure_step",
    ),
    path("residents/<int:resident_id>/memos/", views.memo_new_view, name="memo_new"),
    path("memos/<int:memo_id>/", views.memo_edit_view, name="memo_edit"),
    path("residents/<int:resident_id>/remarks/", views.remark_new_view, name="remark_new"),
    path("remarks/<int:remark_id>/delete/", views.remark_delete_view, name="remark_delete"),
    path("households/<int:household_id>/", views.household_view, name="household"),
    path("households/<int:household_id>/birth/", views.birth_view, name="birth"),
    _household("move-out", "move_out", change_type=ChangeType.MOVE_OUT),
    _household("emigration", "emigration", change_type=ChangeType.EMIGRATION),
    _household("death", "death", change_type=ChangeType.DEATH),
    _household(
        "ex-officio-removal", "ex_officio_removal", change_type=ChangeType.EX_OFFICIO_REMOVAL
    ),
    _household("move-within", "move_within", kind="move_within"),
    _household("split", "household_split", kind="split"),
    _household("change", "household_change", kind="change"),
    _household("merge", "household_merge", kind="merge"),
    _household("head", "head_change", kind="head"),
    path("changes/<int:change_id>/cancel/", views.cancel_view, name="change_cancel"),
    *(
        path(
            f"changes/<int:change_id>/{suffix}/",
            views.change_document_view,
            {"kind": kind},
            name=kind,
        )
        for suffix, kind in (
            ("receipt-notice", "receipt_notice"),
            ("head-change-notice", "head_change_notice"),
            ("ex-officio-record", "ex_officio_record"),
            ("ex-officio-notice", "ex_officio_notice"),
        )
    ),
]
