from __future__ import annotations

from django.urls import path

from jichitai.portal.views import (
    cases,
    home,
    my_information,
    payments,
    procedures,
    settings,
    signin,
    visits,
)

app_name = "portal"
urlpatterns = [
    path("", home.home_view, name="home"),
    path("signin/", signin.sign_in_view, name="sign_in"),
    path("signin/bind/", signin.bind_view, name="bind"),
    path("signout/", signin.sign_out_view, name="sign_out"),
    path("procedures/", procedures.procedures_view, name="procedures"),
    path("procedures/<slug:procedure_id>/", procedures.procedure_view, name="procedure"),
    path("procedures/<slug:procedure_id>/apply/", procedures.apply_view, name="apply"),
    path("procedures/<slug:procedure_id>/draft/", procedures.draft_view, name="draft"),
    path(
        "procedures/<slug:procedure_id>/draft/discard/",
        procedures.draft_discard_view,
        name="draft_discard",
    ),
    path("procedures/<slug:procedure_id>/confirm/", procedures.confirm_view, name="confirm"),
    path("session/extend/", signin.session_extend_view, name="session_extend"),
    path("notifications/", settings.notifications_view, name="notifications"),
    path("visits/", visits.visits_view, name="visits"),
    path("visits/<int:reservation_id>/change/", visits.visit_change_view, name="visit_change"),
    path("cases/", cases.cases_view, name="cases"),
    path("cases/<int:case_id>/", cases.case_view, name="case"),
    path("cases/<int:case_id>/withdraw/", cases.withdraw_view, name="withdraw"),
    path("cases/<int:case_id>/resubmit/", cases.resubmit_view, name="resubmit"),
    path("cases/<int:case_id>/pay/", payments.fee_pay_view, name="fee_pay"),
    path(
        "cases/<int:case_id>/documents/<int:document_id>/",
        cases.document_view,
        name="document",
    ),
    path("exchanges/", my_information.exchanges_view, name="exchanges"),
    path("my-data/", my_information.my_information_view, name="my_information"),
    path("invoices/", payments.invoices_view, name="invoices"),
    path("invoices/<int:invoice_id>/slip.pdf", payments.slip_view, name="invoice_slip"),
]
