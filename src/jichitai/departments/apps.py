from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DepartmentsConfig(AppConfig):
    """各業務の記録 (department records): 住民税, 児童手当, 国民健康保険, 介護保険, 保育,
    母子保健 — each keyed only by the business's own 符号, never by the register's rows or
    the 個人番号 (分散管理)."""

    name = "jichitai.departments"
    verbose_name = _("各業務の記録")
