"""What every business shares: its key (業務) and the 符号 column."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# 符号: issued by the broker, opaque to the business; bounded so no caller can store text.
CODE_MAX_LENGTH = 32


class Business(models.TextChoices):
    """業務: a back-office system that holds its own records and knows a person only by its
    own 符号. Names follow the 地方公共団体情報システム標準化 業務 (個人住民税, 児童手当, 児童扶養手当,
    国民健康保険, 介護保険, 子ども・子育て支援, 健康管理)."""

    TAX = "tax", _("個人住民税")
    CHILD_ALLOWANCE = "child_allowance", _("児童手当")
    CHILD_SUPPORT = "child_support", _("児童扶養手当")
    NHI = "nhi", _("国民健康保険")
    CARE = "care", _("介護保険")
    CHILDCARE = "childcare", _("子ども・子育て支援（保育）")
    MATERNAL_HEALTH = "maternal_health", _("健康管理（母子保健）")
    # Not a 標準化 業務: the 被災者台帳 of 災害対策基本法 第90条の3 (罹災証明書).
    DISASTER = "disaster", _("被災者支援（被災者台帳）")


def code_field(label: str = "符号") -> models.CharField[str, str]:
    return models.CharField(_(label), max_length=CODE_MAX_LENGTH, db_index=True)
