"""住民票コード通知票 (doc/j890.txt §4.3.3): offered in the flow of an entry, printable again
from the record, a PDF with the person's 住民票コード; audited; none for a 除票."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.test import Client, override_settings

from jichitai.audit.models import AuditRecord
from jichitai.conftest import signed_in
from jichitai.identity.models import StaffUser
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import residents_remove
from jichitai.registry.tests.certificates.helpers import pdf_text
from jichitai.registry.tests.views.helpers import move_in_data, text, url
from jichitai.tenants.models import Municipality


def test_the_notice_is_offered_after_an_entry_and_prints_the_code(
    clerk_client: Client, midori: Municipality, tmp_path: Path
) -> None:
    response = clerk_client.post(url("move-in/?people=2"), move_in_data(), follow=True)
    page = text(response)
    ichiro = Resident.objects.get(name="鈴木　一郎")
    link = url(f"residents/{ichiro.pk}/resident-code-notice/")
    assert "住民票コード通知票を印刷してください" in page
    assert re.search(rf'<a href="{link}">1人目</a>', page)
    assert "鈴木" not in response.cookies.get("messages", "")

    notice = clerk_client.get(link)
    assert notice["Content-Type"] == "application/pdf"
    printed = pdf_text(notice.content, tmp_path)
    assert "住民票コード通知票" in printed
    assert "鈴木一郎" in printed
    assert ichiro.resident_code in printed
    assert AuditRecord.objects.filter(
        action="registry.resident_code_notice_print", object_id=str(ichiro.pk)
    ).exists()
    # 再出力: the record's page links to it at any time.
    assert link in text(clerk_client.get(url(f"residents/{ichiro.pk}/")))


def test_no_notice_for_a_closed_record_or_another_municipality(
    clerk_client: Client, midori: Municipality, family: dict[str, Resident], outsider: StaffUser
) -> None:
    hanako = family["花子"]
    assert (
        signed_in(outsider).get(url(f"residents/{hanako.pk}/resident-code-notice/")).status_code
        == 404
    )
    residents_remove(
        municipality=midori,
        change_type=ChangeType.DEATH,
        resident_ids=[hanako.pk],
        effective_on=dt.date(2026, 4, 1),
        notified_on=dt.date(2026, 4, 2),
        actor=None,
    )
    assert clerk_client.get(url(f"residents/{hanako.pk}/resident-code-notice/")).status_code == 404


@override_settings(JICHITAI_RESIDENT_CODE_BATCH=5, JICHITAI_RESIDENT_CODE_STOCK_ALERT=4)
def test_the_counter_is_alerted_when_the_free_codes_run_low(
    clerk_client: Client, midori: Municipality
) -> None:
    """doc/j870.txt §4.3.1: below the set number of 空きコード, an alert at the 付番."""
    response = clerk_client.post(url("move-in/?people=2"), move_in_data(), follow=True)
    assert "住民票コードの空きコードが残り3件です" in text(response)
