"""住所設定・未届転入 (doc/j800.txt §4.2.1.1, doc/j620.txt §4.1.1.4): 職権記載 with 転入前住所
「不明」 or blank, the （未届） 転入前住所 with its 留意事項, and 最終登録住所地 as a data item."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.common.exceptions import RuleViolation
from jichitai.identity.models import StaffUser
from jichitai.registry.layout import registry_export
from jichitai.registry.models import (
    Change,
    ChangeType,
    RemarkKind,
    Resident,
    ResidentRemark,
)
from jichitai.registry.services import residents_register
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person
from jichitai.registry.tests.views.helpers import move_in_data, text, url
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 4, 7)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _enter(
    municipality: Municipality,
    actor: StaffUser,
    change_type: ChangeType = ChangeType.EX_OFFICIO_ENTRY,
    **extra: object,
) -> Resident:
    change = residents_register(
        municipality=municipality,
        change_type=change_type,
        people=[person("鈴木　一郎", "スズキ　イチロウ", dt.date(1985, 3, 3), "1", "世帯主")],
        address=MIDORI_ADDRESS,
        effective_on=TODAY,
        notified_on=None,
        actor=actor,
        **extra,  # type: ignore[arg-type]  # keyword arguments of residents_register
    )
    return Resident.objects.get(history__change=change)


def test_address_setting_is_an_ex_officio_entry_with_an_unknown_or_no_former_address(
    midori: Municipality, clerk: StaffUser
) -> None:
    unknown = _enter(midori, clerk, previous_address="不明")
    assert unknown.previous_address == "不明"
    change = Change.objects.get(history_rows__resident=unknown)
    assert change.change_type == ChangeType.EX_OFFICIO_ENTRY
    assert change.is_ex_officio and change.needs_ex_officio_notice
    assert unknown.history.get().snapshot["previous_address"] == "不明"
    none = residents_register(
        municipality=midori,
        change_type=ChangeType.EX_OFFICIO_ENTRY,
        people=[person("佐藤　花", "サトウ　ハナ", dt.date(1990, 1, 1), "2", "世帯主")],
        address=MIDORI_ADDRESS,
        effective_on=TODAY,
        notified_on=None,
        actor=clerk,
    )
    assert Resident.objects.get(history__change=none).previous_address == ""


def test_unreported_move_in_marks_the_former_address_and_writes_the_remark(
    midori: Municipality, clerk: StaffUser
) -> None:
    ichiro = _enter(
        midori,
        clerk,
        previous_address="埼玉県さいたま市浦和区高砂1番1号",
        unreported=True,
        last_registered_address="東京都千代田区千代田1番1号",
    )
    assert ichiro.previous_address == "埼玉県さいたま市浦和区高砂1番1号（未届）"
    assert ichiro.last_registered_address == "東京都千代田区千代田1番1号"
    snapshot = ichiro.history.get().snapshot
    assert snapshot["last_registered_address"] == "東京都千代田区千代田1番1号"
    remark = ResidentRemark.objects.get(resident=ichiro)
    assert remark.kind == RemarkKind.UNREPORTED_MOVE_IN
    assert remark.wording == "未届転入　転入前住所（未届）　埼玉県さいたま市浦和区高砂1番1号"
    # The latest unreported address is required; 国外転入 is not a 未届転入.
    with pytest.raises(RuleViolation) as error:
        _enter(midori, clerk, previous_address="不明", unreported=True)
    assert error.value.code == "registry.unreported_move_in_address"
    with pytest.raises(RuleViolation) as error:
        _enter(
            midori,
            clerk,
            ChangeType.MOVE_IN_FROM_ABROAD,
            previous_address="アメリカ合衆国",
            unreported=True,
        )
    assert error.value.code == "registry.unreported_move_in_type"


def test_last_registered_address_is_exported_in_the_layout(
    midori: Municipality, clerk: StaffUser, tmp_path: Path
) -> None:
    _enter(midori, clerk, last_registered_address="東京都千代田区千代田1番1号")
    registry_export(municipality=midori, destination=tmp_path, actor=clerk)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "住民.csv").read_text(encoding="utf-8"))))
    assert rows[0]["最終登録住所地"] == "東京都千代田区千代田1番1号"


def test_unreported_move_in_page_records_it_with_the_last_registered_address(
    clerk_client: Client, midori: Municipality
) -> None:
    data = move_in_data(
        **{
            "people-TOTAL_FORMS": "1",
            "unreported": "on",
            "last_registered_address": "東京都千代田区千代田1番1号",
        }
    )
    response = clerk_client.post(url("move-in/?people=1"), data, follow=True)
    assert "「国内転入」を記録しました" in text(response)
    ichiro = Resident.objects.get(name="鈴木　一郎")
    assert ichiro.previous_address == "埼玉県さいたま市浦和区1番（未届）"
    page = text(clerk_client.get(url(f"residents/{ichiro.pk}/")))
    assert "最終登録住所地" in page and "東京都千代田区千代田1番1号" in page
    assert "未届転入　転入前住所（未届）" in page
