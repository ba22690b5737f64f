from __future__ import annotations

import pytest
from django.test import Client

from jichitai.tenants.models import Municipality


def test_chooser_lists_only_served_municipalities(
    client: Client, midori: Municipality, minakami: Municipality
) -> None:
    Municipality.objects.create(
        lg_code="104647",
        kind="municipality",
        prefecture="群馬県",
        name="玉村町",
        name_kana="たまむらまち",
        parent_id="100005",
    )
    page = client.get("/").content.decode()
    assert "みどり市" in page and "みなかみ町" in page
    assert "玉村町" not in page


def test_chooser_search_by_reading_returns_the_partial_for_htmx(
    client: Client, midori: Municipality, minakami: Municipality
) -> None:
    response = client.get("/", {"q": "みなかみ"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "みなかみ町" in body and "みどり市" not in body
    assert "<html" not in body


def test_municipality_home_shows_its_name(client: Client, midori: Municipality) -> None:
    response = client.get("/102121/")
    assert response.status_code == 200
    assert "群馬県みどり市" in response.content.decode()


@pytest.mark.parametrize("path", ["/102122/", "/104647/", "/999999/staff/login/"])
def test_unknown_unserved_or_invalid_codes_are_404(
    client: Client, midori: Municipality, path: str
) -> None:
    assert client.get(path).status_code == 404


def test_the_chooser_speaks_english_when_asked(client: Client, midori: Municipality) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Choose your municipality" in page
    assert '<html lang="en">' in page
