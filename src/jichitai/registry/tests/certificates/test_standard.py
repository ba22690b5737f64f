"""The certificates to the standard's 第５章 and 1.3.7 to 1.3.9: 除票記載事項証明書, 履歴付き
copies, 発行番号 per copy, 公用, the certifier in office on the issue date, and the issue
history of one person (2.2.2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.common.exceptions import Conflict, RuleViolation
from jichitai.identity.models import StaffUser
from jichitai.registry.certificates.certifiers import (
    acting_certifier_add,
    acting_certifier_remove,
)
from jichitai.registry.certificates.services import CertificateRequest
from jichitai.registry.models import CertificateKind, IssuedCertificate, Resident
from jichitai.registry.selectors import issued_certificates_recent
from jichitai.registry.services import Address, resident_name_change, residents_move_within
from jichitai.registry.tests.certificates.helpers import issue as _issue
from jichitai.registry.tests.certificates.helpers import move_out as _move_out
from jichitai.registry.tests.certificates.helpers import pdf_text as _text
from jichitai.tenants.models import Municipality

OFFICIAL = CertificateRequest(requester="third_party", identity_check="other", official_use=True)


def _today() -> str:
    return timezone.localdate().strftime("%Y%m%d")


def test_a_closed_entry_certificate_prints_the_removal_reason_and_date(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    son = household[2]
    with pytest.raises(RuleViolation) as refused:
        _issue(midori, [son], clerk, kind=CertificateKind.CLOSED_ENTRY_CERTIFICATE)
    assert refused.value.code == "certificate.record_not_closed"
    _move_out(midori, [son])
    issued = _issue(midori, [son], clerk, kind=CertificateKind.CLOSED_ENTRY_CERTIFICATE)
    text = _text(issued.pdf, tmp_path)
    assert "住民票除票記載事項証明書" in text
    assert "消除事由転出" in text and "転出予定年月日令和7年3月31日" in text
    assert "転出先東京都港区芝公園4丁目2番8号" in text
    assert "上記の事項は住民票の除票に記載されていることを証明する。" in text
    assert issued.certificate.kind == CertificateKind.CLOSED_ENTRY_CERTIFICATE


def test_a_copy_with_history_prints_each_change_in_wareki(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    wife = household[1]
    residents_move_within(
        municipality=midori,
        resident_ids=[r.pk for r in household],
        address=Address(address="群馬県みどり市大間々町大間々2番地", address_extra=""),
        effective_on=dt.date(2023, 6, 1),
        notified_on=dt.date(2023, 6, 5),
        actor=None,
    )
    resident_name_change(
        municipality=midori,
        resident_id=wife.pk,
        name="佐藤　花子",
        name_kana="サトウ　ハナコ",
        effective_on=dt.date(2024, 2, 10),
        notified_on=dt.date(2024, 2, 10),
        actor=None,
    )
    plain = _text(_issue(midori, [wife], clerk).pdf, tmp_path)
    assert "異動履歴" not in plain
    issued = _issue(midori, [wife], clerk, include_history=True)
    text = _text(issued.pdf, tmp_path)
    assert "1の異動履歴異動日異動事由変更された事項" in text
    assert "令和3年4月1日国内転入―" in text
    # The two items of one line sit on two lines of the cell, which extraction interleaves.
    assert "令和5年6月1日転居" in text and "方書：（なし）" in text
    assert "住所：群馬県みどり市大間々町大間々2番地" in text
    assert "令和6年2月10日氏名の変更氏名：佐藤花子" in text
    # 氏名の振り仮名 was not asked for: its change is left off the history too.
    assert "サトウ" not in text
    assert issued.certificate.with_history is True


def test_each_copy_has_its_own_issue_number_on_every_page(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    request = CertificateRequest(
        requester="self",
        identity_check="drivers_license",
        copies=3,
        terminal="本庁1",
        place="本庁舎市民課窓口",
    )
    issued = _issue(midori, household, clerk, request=request)
    record = issued.certificate
    assert record.pages == 3 and record.serial == 1 and record.serial_last == 3
    assert record.issue_number == f"{_today()} みどり市 本庁1 000001"
    assert (record.place, record.terminal) == ("本庁舎市民課窓口", "本庁1")
    for copy in (1, 2, 3):
        page = _text(issued.pdf, tmp_path, page=copy)
        # The 発行番号 in the masthead and again in the footer, with the page "1 / 1".
        assert page.count(f"{_today()}みどり市本庁1{copy:06d}") == 2
        assert page.endswith("1/1")
    # 発行場所 is never printed (doc/j1040.txt §5.5 実装しない).
    assert "本庁舎" not in _text(issued.pdf, tmp_path)
    following = _issue(midori, household[:1], clerk).certificate
    assert following.serial == 4 and following.issue_number.endswith(" みどり市 000004")


@pytest.mark.parametrize("kind", list(CertificateKind))
def test_official_use_prints_koyo_on_every_kind_and_costs_nothing(
    midori: Municipality,
    household: list[Resident],
    clerk: StaffUser,
    tmp_path: Path,
    kind: CertificateKind,
) -> None:
    people = household
    if kind in (CertificateKind.CLOSED_RECORD, CertificateKind.CLOSED_ENTRY_CERTIFICATE):
        _move_out(midori, [household[2]])
        people = [household[2]]
    issued = _issue(midori, people, clerk, kind=kind, request=OFFICIAL)
    assert _text(issued.pdf, tmp_path).startswith("公用")
    assert issued.certificate.official_use is True and issued.certificate.fee == 0
    record = AuditRecord.objects.get(action="registry.certificate_issue")
    assert record.detail["official_use"] is True and record.detail["fee"] == 0
    paid = _issue(midori, people, clerk, kind=kind)
    assert "公用" not in _text(paid.pdf, tmp_path) and paid.certificate.fee == 300


def test_the_acting_certifier_certifies_in_their_period_and_the_mayor_outside_it(
    midori: Municipality, household: list[Resident], clerk: StaffUser, tmp_path: Path
) -> None:
    today = timezone.localdate()
    past = acting_certifier_add(
        municipality=midori,
        title="副市長",
        name="前田　次郎",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today - dt.timedelta(days=1),
        actor=clerk,
    )
    by_mayor = _issue(midori, household, clerk)
    text = _text(by_mayor.pdf, tmp_path)
    assert "群馬県みどり市長山田一郎" in text and "職務代理者" not in text
    assert by_mayor.certificate.acting_certifier is None
    acting = acting_certifier_add(
        municipality=midori,
        title="副市長",
        name="代理　花子",
        starts_on=today,
        ends_on=today + dt.timedelta(days=6),
        actor=clerk,
    )
    by_acting = _issue(midori, household, clerk)
    text = _text(by_acting.pdf, tmp_path)
    assert "群馬県みどり市長職務代理者副市長代理花子" in text
    assert "山田" not in text
    assert by_acting.certificate.acting_certifier == acting
    # A period that certified a certificate is kept with its issue record.
    with pytest.raises(Conflict) as kept:
        acting_certifier_remove(municipality=midori, acting_certifier_id=acting.pk, actor=clerk)
    assert kept.value.code == "certificate.acting_certifier_in_use"
    acting_certifier_remove(municipality=midori, acting_certifier_id=past.pk, actor=clerk)
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"registry.acting_certifier_add", "registry.acting_certifier_remove"} <= actions


def test_an_acting_certifier_needs_a_name_and_a_period_of_their_own(
    midori: Municipality, clerk: StaffUser
) -> None:
    start = dt.date(2026, 4, 1)

    def add(title: str, name: str, starts_on: dt.date, ends_on: dt.date) -> None:
        acting_certifier_add(
            municipality=midori,
            title=title,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            actor=clerk,
        )

    with pytest.raises(RuleViolation) as nameless:
        add("副市長", "　", start, start)
    assert nameless.value.code == "certificate.acting_certifier_name_missing"
    with pytest.raises(RuleViolation) as backwards:
        add("副市長", "代理　花子", start, start - dt.timedelta(days=1))
    assert backwards.value.code == "certificate.acting_certifier_period_invalid"
    add("副市長", "代理　花子", start, start + dt.timedelta(days=9))
    with pytest.raises(Conflict) as overlap:
        add("副市長", "前田　次郎", start + dt.timedelta(days=9), start + dt.timedelta(days=20))
    assert overlap.value.code == "certificate.acting_certifier_overlap"


def test_the_issue_record_keeps_whom_each_certificate_was_about(
    midori: Municipality, household: list[Resident], clerk: StaffUser
) -> None:
    whole = _issue(midori, household, clerk).certificate
    son_only = _issue(midori, household[2:], clerk).certificate
    subjects = list(whole.subjects.order_by("position").values_list("resident_id", flat=True))
    assert subjects == [r.pk for r in household]
    assert issued_certificates_recent(municipality=midori, resident=household[0]) == [whole]
    assert issued_certificates_recent(municipality=midori, resident=household[2]) == [
        son_only,
        whole,
    ]
    # References only: the row itself still holds no name.
    row = IssuedCertificate.objects.values().get(pk=whole.pk)
    assert not any("鈴木" in str(value) for value in row.values())
