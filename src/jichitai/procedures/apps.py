from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    """手続: the procedure catalog, cases (申請・届出), their workflow and case events."""

    name = "jichitai.procedures"
    verbose_name = _("手続")

    def ready(self) -> None:
        # Every process (server, worker, command) checks the catalog before serving: a wrong
        # procedure file stops it with the file's path and the exact problem.
        from jichitai.identity.department_keys import department_keys_register
        from jichitai.procedures.definitions import DEPARTMENTS, catalog
        from jichitai.procedures.life_events import life_events

        catalog()
        # The life-event rules name the catalog's procedures and fields: checked after it.
        life_events()
        # The 職員管理 pages (identity) offer these keys to the 課 without importing procedures.
        department_keys_register(DEPARTMENTS)
        _certificate_fee_register(catalog())

        # 転入予約 follows the register (引越しワンストップ): linked when the 転出証明書情報
        # arrives, completed when the 転入 is recorded, in the registry's transaction.
        from jichitai.procedures.services.reservations import (
            on_move_in_recorded,
            on_move_out_certificate_received,
        )
        from jichitai.registry.signals import move_in_recorded, move_out_certificate_received

        move_out_certificate_received.connect(
            on_move_out_certificate_received, dispatch_uid="procedures.reservation_link"
        )
        move_in_recorded.connect(on_move_in_recorded, dispatch_uid="procedures.reservation_done")

        # A confirmed fee moves the waiting case on, in the payments app's transaction.
        from jichitai.procedures.services.fees import on_case_fee_paid
        from jichitai.procedures.signals import case_fee_paid

        case_fee_paid.connect(on_case_fee_paid, dispatch_uid="procedures.case_fee_paid")


def _certificate_fee_register(procedures: dict) -> None:
    """The 交付請求's fee per copy is the one the registry charges at the counter too."""
    from jichitai.registry.services import certificate_fee_register

    request = procedures.get(CERTIFICATE_REQUEST)
    certificate_fee_register(request.fee if request is not None else 0)


CERTIFICATE_REQUEST = "juminhyo_request"
