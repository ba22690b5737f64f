"""公金収納 under `/<lg_code>/payments/` (office pages only; ids are database ids, never
personal data)."""

from __future__ import annotations

from django.urls import path

from jichitai.payments import views

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
]
