"""異動の取消し (registry/views/cancel.py) from the resident's timeline."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from jichitai.identity.models import StaffUser
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import resident_name_change, residents_remove
from jichitai.registry.tests.views.helpers import field_error as _field_error
from jichitai.registry.tests.views.helpers import fresh as _fresh
from jichitai.registry.tests.views.helpers import text as _text
from jichitai.registry.tests.views.helpers import url as _url
from jichitai.tenants.models import Municipality


def test_cancellation_from_the_timeline(
    supervisor_client: Client,
    family: dict[str, Resident],
    supervisor: StaffUser,
    midori: Municipality,
) -> None:
    hanako = family["花子"]
    change = resident_name_change(
        municipality=midori,
        resident_id=hanako.pk,
        name="佐藤　花子",
        name_kana="サトウ　ハナコ",
        effective_on=dt.date(2025, 2, 1),
        notified_on=dt.date(2025, 2, 1),
        actor=supervisor,
    )
    page = _text(supervisor_client.get(_url(f"residents/{hanako.pk}/")))
    cancel_url = _url(f"changes/{change.pk}/cancel/?resident={hanako.pk}")
    assert cancel_url.replace("?", "?") in page.replace("&amp;", "&")
    # Every change in force is offered, the earlier 記載 too (doc/j980.txt §4.6.0.1).
    assert page.count("取り消す<span") == 2
    response = supervisor_client.post(cancel_url, {"reason": "", "people": [hanako.pk]})
    assert _field_error(response, "id_reason")
    response = supervisor_client.post(
        cancel_url, {"reason": "届出の取下げ", "people": [hanako.pk]}, follow=True
    )
    assert "「氏名の変更」の異動を1人について取り消しました" in _text(response)
    assert _fresh(hanako).name == "山田　花子"
    assert "取消済み" in _text(response)
    response = supervisor_client.post(cancel_url, {"reason": "もう一度", "people": [hanako.pk]})
    assert "既に取り消されています" in _text(response)


def test_cancellation_page_chooses_people_and_marks_a_request(
    supervisor_client: Client,
    family: dict[str, Resident],
    supervisor: StaffUser,
    midori: Municipality,
) -> None:
    shota, misaki = family["翔太"], family["美咲"]
    removal = residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[shota.pk, misaki.pk],
        effective_on=dt.date(2025, 2, 1),
        notified_on=dt.date(2025, 2, 1),
        actor=supervisor,
        moving_to_address="東京都千代田区千代田1番1号",
    )
    cancel_url = _url(f"changes/{removal.pk}/cancel/?resident={misaki.pk}")
    page = _text(supervisor_client.get(cancel_url))
    assert "取り消す人" in page and "本人等の申出による取消し" in page
    response = supervisor_client.post(cancel_url, {"reason": "取下げ"})
    assert _field_error(response, "id_people")
    response = supervisor_client.post(
        cancel_url,
        {"reason": "取下げ", "people": [misaki.pk], "on_request": "on"},
        follow=True,
    )
    assert "1人について取り消しました" in _text(response)
    assert _fresh(misaki).status == "active" and _fresh(shota).status == "closed"
    cancellation = removal.cancelled_by.get()
    # 申出日: today when left blank (§4.2.0.5).
    assert cancellation.offered_on == timezone.localdate()
    assert cancellation.get_change_type_display() == "異動の取消し（増）"
