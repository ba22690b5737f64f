"""公金収納 under `/<lg_code>/payments/`: office pages (ids are database ids, never personal
data), and the online payment's demo provider page and notification endpoint (public)."""

from __future__ import annotations

from django.urls import path

from jichitai.payments import views
from jichitai.payments.online import views as online_views

app_name = "payments"

urlpatterns = [
    path("", views.invoices_view, name="invoices"),
    path("invoices/<int:invoice_id>/slip.pdf", views.slip_view, name="slip"),
    path("invoices/<int:invoice_id>/notice.pdf", views.notice_view, name="notice"),
    path("import/", views.import_view, name="import"),
    path("exceptions/", views.exceptions_view, name="exceptions"),
    path(
        "exceptions/<int:payment_id>/resolve/",
        views.exception_resolve_view,
        name="exception_resolve",
    ),
    path("overdue/", views.overdue_view, name="overdue"),
    path("overdue/<int:invoice_id>/send/", views.dunning_send_view, name="dunning_send"),
    path("refunds/", views.refunds_view, name="refunds"),
    path("refunds/<int:payment_id>/decide/", views.refund_decide_view, name="refund_decide"),
    path("refunds/payouts/", views.refund_payout_view, name="refund_payout"),
    path(
        "refunds/payouts/<int:payout_id>/sogo-furikomi.txt",
        views.refund_payout_file_view,
        name="refund_payout_file",
    ),
    path("demo-pay/<str:provider_id>/", online_views.demo_pay_view, name="demo_pay"),
    path("notifications/", online_views.notification_view, name="notification"),
]
