"""Documents of one change, as PDFs from the history: the 住民異動届受理通知 (doc/j580.txt
§4.1.0.3) with its 届出日, 異動事由, 届出人 and 異動者, addressed to the 異動前住所 and the
届出人; the 職権記録書 and 職権記載等通知書 (doc/j750.txt §4.2.0.1) of a change made 職権."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.identity.models import StaffUser
from jichitai.registry.models import Change, ChangeType, Resident
from jichitai.registry.tests.certificates.helpers import pdf_text as _pdf_text
from jichitai.registry.tests.views.helpers import dates as _dates
from jichitai.registry.tests.views.helpers import text as _text
from jichitai.registry.tests.views.helpers import url as _url


def test_a_receipt_notice_names_the_notifier_and_goes_to_the_former_address(
    clerk_client: Client, family: dict[str, Resident], tmp_path: Path
) -> None:
    hanako = family["花子"]
    former = hanako.address
    response = clerk_client.post(
        _url(f"households/{hanako.household_id}/move-within/"),
        {
            "members": [r.pk for r in family.values()],
            **_dates(notified_on="R8.4.6"),
            "address": "群馬県みどり市笠懸町鹿2952番地",
            "notifier_name": "代理　太郎",
        },
    )
    assert response.status_code == 302
    move = Change.objects.get(change_type=ChangeType.MOVE_WITHIN)
    assert move.notifier_name == "代理　太郎"
    page = _text(clerk_client.get(_url(f"residents/{hanako.pk}/")))
    assert f"changes/{move.pk}/receipt-notice/" in page

    notice = clerk_client.get(_url(f"changes/{move.pk}/receipt-notice/"))
    assert notice.status_code == 200 and notice["Content-Type"] == "application/pdf"
    assert "attachment" in notice["Content-Disposition"]
    assert "山田" not in notice["Content-Disposition"]  # no name in the file name
    text = _pdf_text(notice.content, tmp_path)
    assert "住民異動届受理通知書" in text and "受理しました" in text
    assert "".join(former.split()) in text  # 宛先: 異動前住所 …
    assert "代理太郎様" in text  # … and the 届出人
    for expected in ("令和8年4月6日", "転居", "山田花子", "山田翔太", "山田美咲"):
        assert expected in text
    assert AuditRecord.objects.filter(
        action="registry.receipt_notice_issue", object_id=str(move.pk)
    ).exists()


def test_a_receipt_notice_of_a_move_in_is_made_later_too_and_goes_to_the_notifier(
    clerk_client: Client, clerk: StaffUser, family: dict[str, Resident], tmp_path: Path
) -> None:
    # The family's 転入 (2024): the notice can be made any day after (処理日に限らず).
    move_in = Change.objects.get(change_type=ChangeType.MOVE_IN)
    text = _pdf_text(
        clerk_client.get(_url(f"changes/{move_in.pk}/receipt-notice/")).content, tmp_path
    )
    assert "東京都千代田区千代田1番1号" in text  # 転入前住所
    assert "山田花子様" in text  # no 届出人 typed: the first 異動者 made the 届出
    assert "国内転入" in text


def test_no_receipt_notice_for_a_change_that_was_not_a_notification(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    clerk_client.post(
        _url(f"households/{family['花子'].household_id}/split/"),
        {"members": [family["翔太"].pk], **_dates(basis="ex_officio")},
    )
    split = Change.objects.get(change_type=ChangeType.HOUSEHOLD_SPLIT)
    page = _text(clerk_client.get(_url(f"residents/{family['翔太'].pk}/")))
    assert f"changes/{split.pk}/receipt-notice/" not in page
    response = clerk_client.get(_url(f"changes/{split.pk}/receipt-notice/"), follow=True)
    assert "届出についてのみ発行できます" in _text(response)
    assert not AuditRecord.objects.filter(action="registry.receipt_notice_issue").exists()


def test_a_change_made_ex_officio_has_its_record_and_a_notice_to_the_person(
    supervisor_client: Client, family: dict[str, Resident], tmp_path: Path
) -> None:
    hanako = family["花子"]
    supervisor_client.post(
        _url(f"households/{hanako.household_id}/move-within/"),
        {
            "members": [r.pk for r in family.values()],
            **_dates(basis="ex_officio", note="実態調査により居住を確認"),
            "address": "群馬県みどり市笠懸町鹿2952番地",
        },
    )
    move = Change.objects.get(change_type=ChangeType.MOVE_WITHIN)
    page = _text(supervisor_client.get(_url(f"residents/{hanako.pk}/")))
    assert f"changes/{move.pk}/ex-officio-record/" in page
    assert f"changes/{move.pk}/ex-officio-notice/" in page
    assert f"changes/{move.pk}/receipt-notice/" not in page  # no 届出 to acknowledge

    record = _pdf_text(
        supervisor_client.get(_url(f"changes/{move.pk}/ex-officio-record/")).content, tmp_path
    )
    assert "職権記録書" in record and "転居（職権）" in record
    assert "実態調査により居住を確認" in record
    # The items recorded, before and after, per person.
    assert "群馬県みどり市大間々町大間々1511番地群馬県みどり市笠懸町鹿2952番地" in record
    assert "令和8年4月7日" in record  # 住所を定めた年月日 in 和暦

    notice = _pdf_text(
        supervisor_client.get(_url(f"changes/{move.pk}/ex-officio-notice/")).content, tmp_path
    )
    assert "職権記載等通知書" in notice and "山田花子様" in notice
    assert "届出がなかったため" in notice
    issued = AuditRecord.objects.filter(object_id=str(move.pk)).values_list("action", flat=True)
    assert {"registry.ex_officio_record_issue", "registry.ex_officio_notice_issue"} <= set(issued)


def test_a_notified_change_has_no_ex_officio_documents(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    move_in = Change.objects.get(change_type=ChangeType.MOVE_IN)
    response = clerk_client.get(_url(f"changes/{move_in.pk}/ex-officio-record/"), follow=True)
    assert "職権による異動についてのみ" in _text(response)
    assert not AuditRecord.objects.filter(action="registry.ex_officio_record_issue").exists()
