"""住民票コードの変更・修正 (doc/j880.txt §4.3.2) through the 空きコード of 住基ネット, and the
alert threshold each municipality sets (doc/j870.txt §4.3.1)."""

from __future__ import annotations

import datetime as dt
import io
from typing import ClassVar

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings

from jichitai.audit.models import AuditRecord
from jichitai.common.checkdigits import is_valid_resident_code, validate_my_number
from jichitai.common.exceptions import InvalidInput, RuleViolation
from jichitai.registry.crypto import my_number_decrypt
from jichitai.registry.errors import NetworkUnavailable
from jichitai.registry.models import (
    ChangeBasis,
    ChangeType,
    NetworkMessage,
    NetworkMessageKind,
    Resident,
    ResidentCodeStock,
)
from jichitai.registry.network import InDeploymentNetwork, NetworkSendFailed
from jichitai.registry.services import (
    resident_code_renew,
    resident_correct,
    resident_my_number_request,
    residents_register,
    residents_remove,
)
from jichitai.registry.services.recording import resident_code_stock_low
from jichitai.registry.tests.factories import MIDORI_ADDRESS, person, yamada_family
from jichitai.tenants.models import Municipality
from jichitai.tenants.services import resident_code_stock_alert_set

TODAY = dt.date(2026, 4, 7)
HERE = "jichitai.registry.tests.test_resident_numbers"


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


# ---------------------------------------------- 個人番号の生成・変更要求 (§7.1.2.1, §4.4)


class DownNetwork(InDeploymentNetwork):
    def my_number_request(self, *, lg_code: str, resident_code: str, reason: str) -> str:
        raise NetworkSendFailed("cs.timeout")


class AskedNetwork(InDeploymentNetwork):
    """Remembers what was asked; hands out a held number first, then fresh ones."""

    asked: ClassVar[list[tuple[str, str]]] = []
    first: ClassVar[list[str]] = []

    def my_number_request(self, *, lg_code: str, resident_code: str, reason: str) -> str:
        AskedNetwork.asked.append((resident_code, reason))
        if AskedNetwork.first:
            return AskedNetwork.first.pop()
        return super().my_number_request(
            lg_code=lg_code, resident_code=resident_code, reason=reason
        )


@override_settings(JICHITAI_RESIDENT_NETWORK=f"{HERE}.AskedNetwork")
def test_a_my_number_is_designated_and_changed_through_the_network(midori: Municipality) -> None:
    """指定 of a record without a number, 変更 on 請求 and 職権: each asks 住基ネット with the
    person's 住民票コード and writes the number it returns (valid 検査用数字)."""
    AskedNetwork.asked = []
    family = yamada_family(midori)
    shota, hanako = family["翔太"], family["花子"]
    assert shota.my_number_hash == ""

    designated = resident_my_number_request(
        municipality=midori,
        resident_id=shota.pk,
        reason="designate",
        effective_on=TODAY,
        notified_on=None,
        actor=None,
    )
    shota.refresh_from_db()
    assert designated.change_type == ChangeType.MY_NUMBER_EX_OFFICIO_ENTRY
    assert AskedNetwork.asked == [(shota.resident_code, "designate")]
    number = my_number_decrypt(
        shota.my_number_cipher, lg_code=midori.lg_code, atena_number=shota.atena_number
    )
    assert validate_my_number(number) == number

    for reason, change_type in (
        ("change_on_request", ChangeType.MY_NUMBER_CHANGE),
        ("change_ex_officio", ChangeType.MY_NUMBER_EX_OFFICIO_CORRECTION),
    ):
        before = Resident.objects.get(pk=hanako.pk).my_number_hash
        change = resident_my_number_request(
            municipality=midori,
            resident_id=hanako.pk,
            reason=reason,
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )
        assert change.change_type == change_type
        assert Resident.objects.get(pk=hanako.pk).my_number_hash not in ("", before)
    # Every request is one 異動 of the record, queued to 住基ネット like any other.
    assert NetworkMessage.objects.filter(resident=hanako, change__change_type=change_type).exists()


@override_settings(JICHITAI_RESIDENT_NETWORK=f"{HERE}.AskedNetwork")
def test_a_number_held_by_another_is_asked_again_and_a_wrong_reason_refused(
    midori: Municipality,
) -> None:
    family = yamada_family(midori)
    AskedNetwork.asked = []
    AskedNetwork.first = ["123456789018"]  # 花子's
    resident_my_number_request(
        municipality=midori,
        resident_id=family["翔太"].pk,
        reason="designate",
        effective_on=TODAY,
        notified_on=None,
        actor=None,
    )
    assert len(AskedNetwork.asked) == 2
    for resident, reason in ((family["花子"], "designate"), (family["美咲"], "change_on_request")):
        with pytest.raises(RuleViolation):
            resident_my_number_request(
                municipality=midori,
                resident_id=resident.pk,
                reason=reason,
                effective_on=TODAY,
                notified_on=None,
                actor=None,
            )
    with pytest.raises(InvalidInput):
        resident_my_number_request(
            municipality=midori,
            resident_id=family["美咲"].pk,
            reason="everyone",
            effective_on=TODAY,
            notified_on=None,
            actor=None,
        )


@override_settings(JICHITAI_RESIDENT_NETWORK=f"{HERE}.DownNetwork")
def test_no_answer_from_the_network_records_no_number(midori: Municipality) -> None:
    shota = yamada_family(midori)["翔太"]
    with pytest.raises(NetworkUnavailable) as raised:
        resident_my_number_request(
            municipality=midori,
            resident_id=shota.pk,
            reason="designate",
            effective_on=TODAY,
            notified_on=None,
            actor=None,
        )
    assert "cs.timeout" in raised.value.detail
    assert Resident.objects.get(pk=shota.pk).my_number_hash == ""


def test_records_without_a_number_get_one_from_the_command(midori: Municipality) -> None:
    """§7.1.2.1 「新規付番する場合、自動的に…生成要求」: the command run with the outbox
    sender writes a number for each living record without one, as 個人番号の職権記載."""
    family = yamada_family(midori)
    out = io.StringIO()
    call_command("request-my-numbers", stdout=out)
    assert out.getvalue().strip() == "designated 2, refused 0"
    for name in ("翔太", "美咲"):
        resident = Resident.objects.get(pk=family[name].pk)
        assert resident.my_number_hash
        latest = resident.history.order_by("-history_number").first()
        assert latest is not None
        assert latest.change.change_type == ChangeType.MY_NUMBER_EX_OFFICIO_ENTRY
        assert latest.change.basis == ChangeBasis.EX_OFFICIO
    call_command("request-my-numbers", stdout=out)
    assert out.getvalue().strip().endswith("designated 0, refused 0")
    with override_settings(JICHITAI_RESIDENT_NETWORK=f"{HERE}.DownNetwork"):
        residents_register(
            municipality=midori,
            change_type=ChangeType.BIRTH,
            people=[person("山田　一郎", "ヤマダ　イチロウ", TODAY, "1", "世帯主")],
            address=MIDORI_ADDRESS,
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )
        with pytest.raises(CommandError, match=r"cs\.timeout"):
            call_command("request-my-numbers", stdout=out)
