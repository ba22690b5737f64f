from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    """情報連携 (data linkage): 符号 issuance, the broker, the table of allowed exchanges and
    the hash-chained exchange records."""

    name = "jichitai.linkage"
    verbose_name = _("情報連携")

    def ready(self) -> None:
        # A bad row of the table of allowed exchanges stops the process here, not at the
        # first exchange that needs it.
        from jichitai.linkage.table import exchange_table

        exchange_table()

        # The broker knows a person by 住民票コード: when the register changes it, the
        # mapping follows once the change has committed (a rolled-back change moves nothing).
        from jichitai.linkage.register_notices import on_residents_removed
        from jichitai.registry.signals import resident_code_changed, residents_removed

        resident_code_changed.connect(_on_resident_code_changed, dispatch_uid="linkage.rekey")
        # 庁内連携: people leaving the register end what their businesses hold open.
        residents_removed.connect(on_residents_removed, dispatch_uid="linkage.removals")


def _on_resident_code_changed(*, old_code: str, new_code: str, **kwargs: object) -> None:
    from django.db import transaction

    from jichitai.linkage.services import person_resident_code_follow

    transaction.on_commit(lambda: person_resident_code_follow(old_code=old_code, new_code=new_code))
