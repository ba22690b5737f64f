"""支援措置 on the staff pages (doc/j380.txt §2.2.4, doc/j440.txt §3.4): the banner on the
record and the household, the search list without the address, the 支援措置 page's forms
and the certificate page's refusal and release."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from jichitai.identity.models import StaffUser
from jichitai.registry.models import ChangeType, IssuedCertificate, Resident, SupportMeasure
from jichitai.registry.services import SupportRelative, residents_remove, support_measure_start
from jichitai.registry.tests.views.conftest import TODAY
from jichitai.registry.tests.views.helpers import text as _text
from jichitai.registry.tests.views.helpers import url as _url
from jichitai.tenants.models import Municipality


@pytest.fixture
def protected(
    midori: Municipality, family: dict[str, Resident], supervisor: StaffUser
) -> SupportMeasure:
    """花子 (申出者) and 翔太 (併せて支援を求める者) from 令和8年4月7日."""
    return support_measure_start(
        municipality=midori,
        applicant_id=family["花子"].pk,
        relatives=[SupportRelative(resident_id=family["翔太"].pk, relation="子")],
        starts_on=TODAY,
        reason="配偶者からの暴力",
        actor=supervisor,
    )


def test_record_of_a_protected_person_shows_the_banner_period_and_link(
    clerk_client: Client, family: dict[str, Resident], protected: SupportMeasure
) -> None:
    page = _text(clerk_client.get(_url(f"residents/{family['翔太'].pk}/")))
    assert "支援措置対象者" in page
    assert "支援措置の期間：令和8年4月7日から令和9年4月6日まで" in page
    assert _url(f"residents/{family['翔太'].pk}/support/") in page
    assert "支援措置対象者" not in _text(clerk_client.get(_url(f"residents/{family['美咲'].pk}/")))


def test_search_marks_the_protected_and_leaves_their_address_out(
    clerk_client: Client, family: dict[str, Resident], protected: SupportMeasure
) -> None:
    page = _text(clerk_client.post(_url(""), {"name": "やまだ"}))
    rows = {name: page.split(name, 1)[1].split("</tr>", 1)[0] for name in ("花子", "美咲")}
    assert "支援対象者" in rows["花子"] and family["花子"].address not in rows["花子"]
    assert "表示しません（支援措置）" in rows["花子"]
    assert "支援対象者" not in rows["美咲"] and family["美咲"].address in rows["美咲"]


def test_household_page_marks_the_protected_members(
    clerk_client: Client, family: dict[str, Resident], protected: SupportMeasure
) -> None:
    page = _text(clerk_client.get(_url(f"households/{family['花子'].household_id}/")))
    assert "この世帯には支援措置対象者がいます。" in page
    assert page.count(">支援対象者</a>") == 2


def test_support_page_records_a_measure_for_the_support_officer_only(
    clerk_client: Client, supervisor_client: Client, family: dict[str, Resident]
) -> None:
    path = _url(f"residents/{family['花子'].pk}/support/")
    data = {
        "starts_on": "令和8年4月7日",
        "reason": "ストーカー行為",
        "relatives": [str(family["美咲"].pk)],
        f"relation_{family['美咲'].pk}": "子",
        "offender_name": "加害　太郎",
        "contact": "090-0000-0000",
        "covers_inspection": "on",
        "covers_certificates": "on",
        "withheld_addresses": "現住所、前住所",
    }
    assert clerk_client.post(path, data).status_code == 403
    assert "申出を記録する" not in _text(clerk_client.get(path))
    missing = supervisor_client.post(path, {**data, "reason": ""})
    assert "申出の内容・確認の経過を入力してください。" in _text(missing)
    response = supervisor_client.post(path, data, follow=True)
    page = _text(response)
    assert "支援措置を記録しました（令和8年4月7日から令和9年4月6日まで）。" in page
    assert "加害　太郎" in page and "申出者との関係：子" in page
    assert "090-0000-0000" in page and "（抑止対象：現住所、前住所）" in page
    measure = SupportMeasure.objects.get()
    assert measure.covers_certificates and not measure.covers_family_register
    assert {p.resident_id for p in measure.people.all()} == {family["花子"].pk, family["美咲"].pk}


def test_support_page_extends_only_in_the_last_month_and_ends_with_a_reason(
    supervisor_client: Client, family: dict[str, Resident], protected: SupportMeasure
) -> None:
    step = _url(f"residents/{family['花子'].pk}/support/step/")
    early = supervisor_client.post(
        step, {"step": "extend", "measure_id": protected.pk}, follow=True
    )
    assert "延長は、支援措置の期間が終了する1か月前からできます。" in _text(early)
    corrected = supervisor_client.post(
        step,
        {
            "step": "update",
            "measure_id": protected.pk,
            "ends_on": "R8.12.31",
            "origin_name": "東京都千代田区",
            "forwarded_to": "群馬県利根郡みなかみ町",
            "forwarded_on": "R8.4.7",
        },
        follow=True,
    )
    page = _text(corrected)
    assert "令和8年4月7日から令和8年12月31日まで" in page
    assert "転送先：群馬県利根郡みなかみ町" in page and "東京都千代田区" in page
    ended = supervisor_client.post(
        step, {"step": "end", "measure_id": protected.pk, "reason": "終了の申出"}, follow=True
    )
    assert "支援措置を終了しました。" in _text(ended)
    protected.refresh_from_db()
    assert protected.is_ended and protected.ends_on == dt.date(2026, 4, 6)
    # Another resident's page cannot reach the measure.
    other = _url(f"residents/{family['美咲'].pk}/support/step/")
    assert supervisor_client.post(
        other, {"step": "end", "measure_id": protected.pk}
    ).status_code == (404)


def test_certificate_page_refuses_a_protected_member_until_released(
    clerk_client: Client,
    supervisor_client: Client,
    midori: Municipality,
    family: dict[str, Resident],
    protected: SupportMeasure,
) -> None:
    midori.settings.mayor_name = "緑川　一郎"
    midori.settings.save()
    path = f"/102121/certificates/issue/{family['花子'].household_id}/"
    form = _text(clerk_client.get(path))
    assert "この世帯には支援措置対象者がいます。" in form and "・支援対象者）" in form
    data = {
        "kind": "juminhyo",
        "resident_ids": [str(family["翔太"].pk)],
        "requester": "agent",
        "identity_check": "drivers_license",
        "copies": "1",
        "purpose": "住民票の写しの交付",
    }
    refused = clerk_client.post(path, data)
    assert "支援措置の対象者が含まれているため、交付できません。" in _text(refused)
    released = supervisor_client.post(path, {**data, "support_release_reason": "本人の代理人"})
    assert released["Content-Type"] == "application/pdf"
    assert IssuedCertificate.objects.count() == 1


def test_a_closed_record_of_a_protected_person_shows_the_banner_too(
    clerk_client: Client,
    midori: Municipality,
    family: dict[str, Resident],
    protected: SupportMeasure,
) -> None:
    """§1.1.16: the mark is on the 除票 as well, and leads to the measure."""
    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[family["花子"].pk, family["翔太"].pk, family["美咲"].pk],
        effective_on=TODAY,
        notified_on=TODAY,
        actor=None,
        moving_to_address="東京都千代田区千代田1番1号",
    )
    page = _text(clerk_client.get(_url(f"residents/{family['翔太'].pk}/")))
    assert "除票" in page and "支援措置対象者" in page
    assert "前住所地市区町村として支援措置を継続しています" in page
    assert _url(f"residents/{family['翔太'].pk}/support/") in page
