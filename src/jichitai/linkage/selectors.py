"""Reads of the exchange records: the person's やりとり履歴 and the exchanges behind a case."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jichitai.common.checkdigits import validate_resident_code
from jichitai.departments.selectors import (
    CARE_CERTIFICATION,
    CHILD_ALLOWANCE_RECIPIENT,
    CHILD_SUPPORT_RECIPIENT,
    CHILDCARE_CERTIFICATION,
    MATERNAL_HEALTH_PREGNANCY,
    NHI_COVERAGE,
    RESIDENT_TAX_INCOME,
)
from jichitai.linkage.models import ExchangeRecord
from jichitai.linkage.table import HOLDINGS_ITEM

RESIDENT_HISTORY_MAX = 100

# 特定個人情報の項目 as the person reads it in やりとり履歴 (マイナポータル names the information,
# never the system's key): every item of departments.selectors.ITEMS and the 本人 row's item.
ITEM_LABELS: dict[str, Promise] = {
    RESIDENT_TAX_INCOME: _("所得・住民税額"),
    CHILD_ALLOWANCE_RECIPIENT: _("児童手当の受給状況"),
    CHILD_SUPPORT_RECIPIENT: _("児童扶養手当の受給状況"),
    NHI_COVERAGE: _("国民健康保険の資格"),
    CARE_CERTIFICATION: _("要介護認定"),
    CHILDCARE_CERTIFICATION: _("保育の必要性の認定（支給認定）"),
    MATERNAL_HEALTH_PREGNANCY: _("妊娠の届出・母子健康手帳"),
    HOLDINGS_ITEM: _("保有している情報（わたしの情報）"),
}


def exchange_item_label(item: str) -> str:
    """The Japanese name of an exchanged item. A refused request may name an item no business
    provides: it is shown as such, never by its key."""
    label = ITEM_LABELS.get(item)
    return str(label) if label is not None else str(_("定めのない項目"))


def resident_exchanges(
    *, resident_code: str, limit: int = 20, offset: int = 0
) -> list[ExchangeRecord]:
    """わたしの情報のやりとり履歴: every exchange about the person with `resident_code`,
    newest first — who asked whom, for which 事務, when, on which legal basis, the result.
    Only the person's own: the broker resolves them by 住民票コード, nobody else's rows."""
    validate_resident_code(resident_code)
    limit = max(1, min(limit, RESIDENT_HISTORY_MAX))
    offset = max(0, offset)
    return list(
        ExchangeRecord.objects.filter(person__resident_code=resident_code).order_by(
            "-occurred_at", "-id"
        )[offset : offset + limit]
    )


def resident_exchange_count(*, resident_code: str) -> int:
    validate_resident_code(resident_code)
    return ExchangeRecord.objects.filter(person__resident_code=resident_code).count()


def exchanges_for_case(*, public_ids: Iterable[str]) -> list[ExchangeRecord]:
    """The exchanges a case names (ExchangeResult.public_id), oldest first: which exchange
    supplied what. Ids that are not UUIDs or name no record are left out."""
    ids: list[uuid.UUID] = []
    for value in public_ids:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return list(ExchangeRecord.objects.filter(public_id__in=ids).order_by("occurred_at", "id"))
