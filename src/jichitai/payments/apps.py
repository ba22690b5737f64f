from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """公金収納: invoices (納付書) with eL番号, QR and convenience-store barcode, payment import and
    reconciliation (消込)."""

    name = "jichitai.payments"
    verbose_name = _("公金収納")
