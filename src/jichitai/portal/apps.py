from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """住民ポータル: residents sign in with their card, apply online and follow their cases."""

    name = "jichitai.portal"
    verbose_name = _("住民ポータル")

    def ready(self) -> None:
        from jichitai.portal.moving import card_bindings_hand_over, card_bindings_take_over
        from jichitai.portal.notifications import case_state_notify
        from jichitai.procedures.signals import case_state_changed
        from jichitai.registry.signals import move_in_recorded, move_out_certificate_composing

        case_state_changed.connect(case_state_notify, dispatch_uid="portal.case_state_notify")
        move_out_certificate_composing.connect(
            card_bindings_hand_over, dispatch_uid="portal.card_bindings_hand_over"
        )
        move_in_recorded.connect(
            card_bindings_take_over, dispatch_uid="portal.card_bindings_take_over"
        )
