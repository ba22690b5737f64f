"""メモ (doc/j150.txt §1.1.15): a free memo per person with who wrote it and when, its edits
and deletion kept as history, never printed on a certificate, every write audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.common.exceptions import InvalidInput
from jichitai.identity.models import StaffUser
from jichitai.registry.errors import MemoNotFound
from jichitai.registry.models import Resident, ResidentMemo, ResidentMemoRevision
from jichitai.registry.services import resident_memo_edit, resident_memo_write
from jichitai.registry.tests.certificates.helpers import issue as _issue
from jichitai.registry.tests.certificates.helpers import pdf_text as _pdf_text
from jichitai.registry.tests.certificates.helpers import set_mayor_name
from jichitai.registry.tests.factories import yamada_family
from jichitai.registry.tests.views.helpers import field_error as _field_error
from jichitai.registry.tests.views.helpers import text as _text
from jichitai.registry.tests.views.helpers import url as _url
from jichitai.tenants.models import Municipality

MEMO = "転居予定の相談あり（4月中）"


def test_a_memo_is_written_corrected_and_deleted_with_its_history_kept(
    clerk_client: Client, clerk: StaffUser, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    response = clerk_client.post(_url(f"residents/{hanako.pk}/memos/"), {"text": MEMO})
    assert response.status_code == 302
    memo = ResidentMemo.objects.get(resident=hanako)
    assert (memo.text, memo.written_by, memo.is_deleted) == (MEMO, clerk, False)
    page = _text(clerk_client.get(_url(f"residents/{hanako.pk}/")))
    assert MEMO in page and str(clerk) in page

    clerk_client.post(_url(f"memos/{memo.pk}/"), {"text": "相談は終了"})
    page = _text(clerk_client.get(_url(f"residents/{hanako.pk}/")))
    assert "相談は終了" in page
    clerk_client.post(_url(f"memos/{memo.pk}/"), {"text": "相談は終了", "delete": "1"})
    memo.refresh_from_db()
    assert memo.is_deleted
    revisions = list(memo.revisions.order_by("recorded_at", "pk"))
    assert [(r.action, r.text, r.actor) for r in revisions] == [
        (ResidentMemoRevision.Action.WRITE, MEMO, clerk),
        (ResidentMemoRevision.Action.EDIT, "相談は終了", clerk),
        (ResidentMemoRevision.Action.DELETE, "相談は終了", clerk),
    ]
    page = _text(clerk_client.get(_url(f"residents/{hanako.pk}/")))
    assert "メモはありません。" in page  # gone from the list …
    assert MEMO in page and "削除" in page  # … but its history is shown
    # A deleted memo can no longer be edited; its page is a 404.
    assert clerk_client.get(_url(f"memos/{memo.pk}/")).status_code == 404
    actions = list(
        AuditRecord.objects.filter(action__startswith="registry.memo_")
        .order_by("pk")
        .values_list("action", "detail")
    )
    assert [a for a, _ in actions] == [
        "registry.memo_write",
        "registry.memo_edit",
        "registry.memo_delete",
    ]
    assert all(MEMO not in str(detail) for _, detail in actions)  # no text in the audit log


def test_a_blank_memo_is_refused_next_to_the_field(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    response = clerk_client.post(_url(f"residents/{family['花子'].pk}/memos/"), {"text": " "})
    assert "メモを入力してください" in _field_error(response, "id_text")
    assert not ResidentMemo.objects.exists()


def test_memo_service_checks_the_text_and_the_municipality(
    clerk: StaffUser, midori: Municipality, minakami: Municipality, family: dict[str, Resident]
) -> None:
    with pytest.raises(InvalidInput):
        resident_memo_write(
            municipality=midori, resident_id=family["花子"].pk, text="x" * 1001, actor=clerk
        )
    memo = resident_memo_write(
        municipality=midori, resident_id=family["花子"].pk, text=MEMO, actor=clerk
    )
    with pytest.raises(MemoNotFound):
        resident_memo_edit(municipality=minakami, memo_id=memo.pk, text="他団体", actor=clerk)


def test_another_municipalitys_memo_is_404(
    clerk_client: Client, outsider: StaffUser, minakami: Municipality
) -> None:
    theirs = yamada_family(minakami)["花子"]
    memo = resident_memo_write(
        municipality=minakami, resident_id=theirs.pk, text=MEMO, actor=outsider
    )
    assert clerk_client.get(_url(f"memos/{memo.pk}/")).status_code == 404
    response = clerk_client.post(_url(f"memos/{memo.pk}/"), {"text": "書換え", "delete": "1"})
    assert response.status_code == 404
    memo.refresh_from_db()
    assert memo.text == MEMO and not memo.is_deleted


def test_a_memo_is_never_printed_on_a_certificate(
    clerk: StaffUser, midori: Municipality, family: dict[str, Resident], tmp_path: Path
) -> None:
    set_mayor_name(midori, "緑川　一郎")
    resident_memo_write(municipality=midori, resident_id=family["花子"].pk, text=MEMO, actor=clerk)
    issued = _issue(midori, list(family.values()), clerk)
    text = _pdf_text(issued.pdf, tmp_path)
    assert "山田花子" in text
    assert "転居予定" not in text and "メモ" not in text
