"""Access rules across all the registry's staff pages: another municipality's staff get 404,
clerks no reviewer's page, visitors the sign-in, and no URL carries personal data."""

from __future__ import annotations

import re

from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.registry.models import Resident
from jichitai.registry.tests.views.helpers import LG
from jichitai.registry.tests.views.helpers import text as _text
from jichitai.registry.tests.views.helpers import url as _url


def test_another_municipalitys_staff_get_404_for_midori_ids(
    outsider_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    for lg_code in ("102121", "104493"):
        for path in (
            f"residents/{hanako.pk}/",
            f"households/{hanako.household_id}/",
            f"residents/{hanako.pk}/name/",
            f"households/{hanako.household_id}/move-out/",
        ):
            response = outsider_client.get(f"/{lg_code}/registry/{path}")
            assert response.status_code == 404, (lg_code, path)
    assert not AuditRecord.objects.filter(action="registry.resident_view", result="success")
    assert AuditRecord.objects.filter(chain=LG, result="denied").count() == 4


def test_clerks_cannot_open_corrections_cancellations_or_reveal(
    clerk_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    change = hanako.history.get().change
    for path in (
        f"residents/{hanako.pk}/correction/",
        f"residents/{hanako.pk}/correction/?items=name",
        f"residents/{hanako.pk}/my-number/",
        f"changes/{change.pk}/cancel/",
    ):
        assert clerk_client.get(_url(path)).status_code == 403, path
    response = clerk_client.post(_url(f"residents/{hanako.pk}/my-number/"), {"purpose": "確認"})
    assert response.status_code == 403
    assert AuditRecord.objects.filter(result="denied", detail__role_missing=True).count() == 5
    page = _text(clerk_client.get(_url(f"residents/{hanako.pk}/")))
    assert "誤記修正・職権修正" not in page and "取り消す" not in page


def test_anonymous_visitors_are_sent_to_sign_in(
    client: Client, family: dict[str, Resident]
) -> None:
    response = client.get(_url(f"residents/{family['花子'].pk}/"))
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_no_personal_data_in_any_url_of_the_pages(
    supervisor_client: Client, family: dict[str, Resident]
) -> None:
    hanako = family["花子"]
    pages = [
        _url(""),
        _url(f"residents/{hanako.pk}/"),
        _url(f"households/{hanako.household_id}/"),
        _url(f"households/{hanako.household_id}/move-out/"),
    ]
    personal = ("山田", "ヤマダ", "花子", "1990", "123456789018", hanako.resident_code)
    for url in pages:
        page = _text(supervisor_client.get(url))
        for target in re.findall(r'(?:href|action)="([^"]*)"', page):
            assert not any(p in target for p in personal), (url, target)
    response = supervisor_client.post(_url(""), {"name": "山田"})
    assert response.status_code == 200 and response.request["PATH_INFO"] == _url("")
