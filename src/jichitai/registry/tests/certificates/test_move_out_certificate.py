"""転出証明書 (doc/j660.txt §4.1.3.0.3, 住民基本台帳法施行令 第23条): printed in the 転出 flow for a
転入 without the card, signed, numbered and recorded; 再交付 with the original items; the 準ずる
証明書 for a late 転出届."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.registry.errors import ChangeNotFound
from jichitai.registry.models import CertificateKind, Change, ChangeType, IssuedCertificate
from jichitai.registry.services import (
    change_cancel,
    move_out_certificate_issue,
    resident_name_change,
    residents_remove,
)
from jichitai.registry.tests.certificates.helpers import pdf_text
from jichitai.tenants.models import Municipality

TODAY = dt.date(2026, 12, 6)
PLANNED = dt.date(2026, 12, 20)
NEW_ADDRESS = "群馬県利根郡みなかみ町月夜野1744番地1"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _move_out(midori: Municipality, family: dict, *, on: dt.date = PLANNED) -> Change:
    return residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[r.pk for r in family.values()],
        effective_on=on,
        notified_on=TODAY,
        actor=None,
        moving_to_address=NEW_ADDRESS,
    )


def test_the_move_out_certificate_prints_the_items_of_article_23(
    midori: Municipality, family: dict, tmp_path: Path
) -> None:
    change = _move_out(midori, family)

    issued = move_out_certificate_issue(municipality=midori, change_id=change.pk, actor=None)

    text = pdf_text(issued.pdf, tmp_path)
    assert "転出証明書" in text and "再交付" not in text and "準ずる" not in text
    for item in (
        "山田花子",
        "平成2年6月15日",  # 生年月日 (和暦)
        "女",
        "群馬県みどり市大間々町大間々1511番地",  # 住所
        "世帯主山田花子",
        "続柄子",
        family["花子"].resident_code,
        "123456789018",  # 個人番号 (施行令 第23条)
        "月夜野1744番地1",  # 転出先
        "転出予定年月日令和8年12月20日",
        "本籍群馬県みどり市大間々町大間々1番地",
        "筆頭者山田太郎",
    ):
        assert item in text, item
    record = issued.certificate
    assert record.kind == CertificateKind.MOVE_OUT_CERTIFICATE and not record.reissue
    assert record.residents == 3 and record.with_my_number and record.issue_number
    audit = AuditRecord.objects.get(action="registry.certificate_issue")
    assert audit.detail["move_out_certificate"] is True and "山田" not in str(audit.detail)


def test_a_reissue_is_marked_and_prints_what_the_first_one_printed(
    midori: Municipality, family: dict, tmp_path: Path
) -> None:
    change = _move_out(midori, family)
    move_out_certificate_issue(municipality=midori, change_id=change.pk, actor=None)
    # The record changes after the 転出 (still 住民 until 12/20): the reissue keeps the original.
    resident_name_change(
        municipality=midori,
        resident_id=family["美咲"].pk,
        name="山田　美沙",
        name_kana="ヤマダ　ミサ",
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
    )

    again = move_out_certificate_issue(
        municipality=midori, change_id=change.pk, actor=None, reissue=True
    )

    text = pdf_text(again.pdf, tmp_path)
    assert "再交付" in text and "山田美咲" in text and "山田美沙" not in text
    assert again.certificate.reissue
    assert IssuedCertificate.objects.count() == 2


def test_a_late_move_out_gets_the_certificate_in_its_stead(
    midori: Municipality, family: dict, tmp_path: Path
) -> None:
    change = _move_out(midori, family, on=TODAY - dt.timedelta(days=30))

    issued = move_out_certificate_issue(municipality=midori, change_id=change.pk, actor=None)

    text = pdf_text(issued.pdf, tmp_path)
    assert "転出証明書に準ずる証明書" in text
    # The sentence wraps in its cell; pdftotext puts the label between the lines.
    assert "14日を経過した後の転出届に" in text
    assert "添付すべき書類として発行したものです" in text


def test_only_a_standing_move_out_has_a_certificate(midori: Municipality, family: dict) -> None:
    change = _move_out(midori, family)
    change_cancel(municipality=midori, change_id=change.pk, reason="取りやめ", actor=None)
    with pytest.raises(ChangeNotFound):
        move_out_certificate_issue(municipality=midori, change_id=change.pk, actor=None)


def test_the_clerk_prints_the_certificate_from_the_resident_page(
    midori: Municipality, family: dict, clerk_client: Client, tmp_path: Path
) -> None:
    change = _move_out(midori, family)
    page = clerk_client.get(f"/102121/registry/residents/{family['花子'].pk}/")
    assert "転出証明書を交付する" in page.content.decode()

    response = clerk_client.post(f"/102121/certificates/move-out/{change.pk}/", {"reissue": "1"})

    assert response["Content-Type"] == "application/pdf"
    assert "再交付" in pdf_text(response.content, tmp_path)
    assert clerk_client.post("/102121/certificates/move-out/999999/").status_code == 404
