"""Department inboxes under `/<lg_code>/office/`. Only ids and codes appear in these URLs."""

from __future__ import annotations

from django.urls import URLPattern, path

from jichitai.procedures import care_views, child_allowance_views, disaster_views, views
from jichitai.procedures.services import CASE_STEPS

app_name = "office"


def _action(action: str) -> URLPattern:
    return path(
        f"cases/<int:case_id>/{action}/",
        views.case_action_view,
        {"action": action},
        name=f"case_{action}",
    )


urlpatterns = [
    path("", views.inbox_view, name="inbox"),
    path("cases/<int:case_id>/", views.case_view, name="case"),
    # 受付番号 (a code such as 2026-000123, no personal data): for links from the registry.
    path(
        "cases/reference/<str:reference_number>/",
        views.case_by_reference_view,
        name="case_by_reference",
    ),
    *(_action(action) for action in CASE_STEPS),
    # 被災者台帳: the disasters, and the 住家被害認定 recorded from a 罹災証明書 case.
    path("disasters/", disaster_views.disasters_view, name="disasters"),
    path("cases/<int:case_id>/damage/", disaster_views.case_damage_view, name="case_damage"),
    # 要介護認定: the 介護認定審査会's result, recorded on the approved application.
    path(
        "cases/<int:case_id>/care-result/",
        care_views.case_care_result_view,
        name="case_care_result",
    ),
    # 児童手当の支払月: the run for every recipient, and the CSV of what a 支払月 paid.
    path(
        "child-allowance/payments/",
        child_allowance_views.payment_run_view,
        name="child_allowance_payments",
    ),
    path(
        "child-allowance/payments/<str:payment_month>/csv/",
        child_allowance_views.payments_csv_view,
        name="child_allowance_payments_csv",
    ),
    path("attachments/<int:attachment_id>/", views.attachment_view, name="attachment"),
]
