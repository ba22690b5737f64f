"""異動の取消し (registry/views/cancel.py) from the resident's timeline."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from jichitai.identity.models import StaffUser
from jichitai.registry.models import Resident
from jichitai.registry.services import resident_name_change
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
    assert page.count("取り消す<span") == 1  # only the latest change
    response = supervisor_client.post(cancel_url, {"reason": ""})
    assert _field_error(response, "id_reason")
    response = supervisor_client.post(cancel_url, {"reason": "届出の取下げ"}, follow=True)
    assert "「氏名の変更」の異動を取り消しました" in _text(response)
    assert _fresh(hanako).name == "山田　花子"
    assert "取消済み" in _text(response)
    response = supervisor_client.post(cancel_url, {"reason": "もう一度"})
    assert "既に取り消されている" in _text(response)
