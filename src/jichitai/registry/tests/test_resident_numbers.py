"""住民票コードの変更・修正 (doc/j880.txt §4.3.2) through the 空きコード of 住基ネット, and the
alert threshold each municipality sets (doc/j870.txt §4.3.1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from jichitai.audit.models import AuditRecord
from jichitai.common.checkdigits import is_valid_resident_code
from jichitai.common.exceptions import RuleViolation
from jichitai.registry.models import (
    ChangeType,
    NetworkMessage,
    NetworkMessageKind,
    Resident,
    ResidentCodeStock,
)
from jichitai.registry.services import resident_code_renew, resident_correct, residents_remove
from jichitai.registry.services.recording import resident_code_stock_low
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality
from jichitai.tenants.services import resident_code_stock_alert_set

TODAY = dt.date(2026, 4, 7)


def test_a_code_change_on_request_draws_a_new_code_from_the_stock(midori: Municipality) -> None:
    """§4.3.2 変更: the new code is one of the 空きコード, it leaves the stock, and the change is
    queued to 住基ネット as 本人確認情報 like every other."""
    hanako = yamada_family(midori)["花子"]
    old = hanako.resident_code
    stock = set(ResidentCodeStock.objects.values_list("code", flat=True))
    assert stock

    change = resident_code_renew(
        municipality=midori,
        resident_id=hanako.pk,
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )

    hanako.refresh_from_db()
    assert change.change_type == ChangeType.RESIDENT_CODE_CHANGE
    assert hanako.resident_code != old and is_valid_resident_code(hanako.resident_code)
    assert hanako.resident_code in stock
    assert not ResidentCodeStock.objects.filter(code=hanako.resident_code).exists()
    assert NetworkMessage.objects.filter(
        change=change, resident=hanako, kind=NetworkMessageKind.IDENTITY_UPDATE
    ).exists()
    # 【実装しない機能】: nothing is kept about the change beyond the 異動 itself.
    assert all(old not in str(record.detail) for record in AuditRecord.objects.all())


def test_a_closed_record_keeps_its_code_and_the_stock(midori: Municipality) -> None:
    hanako = yamada_family(midori)["花子"]
    residents_remove(
        municipality=midori,
        change_type=ChangeType.DEATH,
        resident_ids=[hanako.pk],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )
    left = ResidentCodeStock.objects.count()
    with pytest.raises(RuleViolation):
        resident_code_renew(
            municipality=midori,
            resident_id=hanako.pk,
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )
    assert ResidentCodeStock.objects.count() == left


def test_a_code_is_corrected_to_the_one_the_person_holds(midori: Municipality) -> None:
    """§4.3.2 修正: a code typed wrongly (from a paper 転出証明書) is corrected by 職権修正; a
    code held by someone else is refused."""
    family = yamada_family(midori)
    hanako, shota = family["花子"], family["翔太"]
    right = "12345678903"
    assert is_valid_resident_code(right)
    resident_correct(
        municipality=midori,
        resident_id=hanako.pk,
        change_type=ChangeType.EX_OFFICIO_CORRECTION,
        updates={"resident_code": right},
        reason="転出証明書との照合",
        actor=None,
        effective_on=TODAY,
    )
    assert Resident.objects.get(pk=hanako.pk).resident_code == right
    with pytest.raises(RuleViolation):
        resident_correct(
            municipality=midori,
            resident_id=shota.pk,
            change_type=ChangeType.EX_OFFICIO_CORRECTION,
            updates={"resident_code": right},
            reason="誤り",
            actor=None,
            effective_on=TODAY,
        )


@override_settings(JICHITAI_RESIDENT_CODE_BATCH=5, JICHITAI_RESIDENT_CODE_STOCK_ALERT=1)
def test_each_municipality_sets_its_own_stock_alert(
    midori: Municipality, minakami: Municipality
) -> None:
    """§4.3.1 「市区町村が任意に設定した数を下回った場合、アラートを表示すること」."""
    yamada_family(midori)
    left = ResidentCodeStock.objects.for_municipality(midori).count()
    assert resident_code_stock_low(municipality=midori) is None
    resident_code_stock_alert_set(municipality=midori, threshold=left + 1, actor=None)
    assert resident_code_stock_low(municipality=midori) == left
    # Another municipality keeps the deployment's default.
    assert resident_code_stock_low(municipality=minakami) == 0
    resident_code_stock_alert_set(municipality=minakami, threshold=0, actor=None)
    assert resident_code_stock_low(municipality=minakami) is None
    with pytest.raises(ValidationError):
        resident_code_stock_alert_set(municipality=midori, threshold=10**6, actor=None)
    resident_code_stock_alert_set(municipality=midori, threshold=None, actor=None)
    assert resident_code_stock_low(municipality=midori) is None
    assert AuditRecord.objects.filter(action="municipality.resident_code_stock_alert_set").exists()
