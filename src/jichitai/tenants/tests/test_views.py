from __future__ import annotations

import pytest
from django.test import Client

from jichitai.identity.tests.factories import demo_departments
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


def _minakami_with_contact(minakami: Municipality) -> Municipality:
    minakami.settings.phone = "0278-25-5000"
    minakami.settings.office_postal_code = "379-1393"
    minakami.settings.office_address = "群馬県利根郡みなかみ町後閑318"
    minakami.settings.email = "info@example.jp"
    minakami.settings.save()
    demo_departments(minakami)
    return minakami


def test_municipality_home_leads_to_the_portal_first_then_hours_contact_and_counters(
    client: Client, minakami: Municipality
) -> None:
    _minakami_with_contact(minakami)
    response = client.get("/104493/")
    assert response.status_code == 200
    page = response.content.decode()
    portal_link = page.index('href="/104493/portal/"')
    assert "オンラインで手続する" in page and "マイナンバーカード" in page
    # The way online comes before everything else of the page.
    assert (
        portal_link
        < page.index("開庁時間")
        < page.index("お問い合わせ先")
        < page.index("窓口</h2>")
    )
    assert "平日 8:30〜17:15（土日祝日・年末年始を除く）" in page
    assert "0278-25-5000" in page and "〒379-1393 群馬県利根郡みなかみ町後閑318" in page
    assert "info@example.jp" in page
    # The 窓口: the town's own 課, what each handles and where.
    counters = page[page.index("窓口</h2>") :]
    assert "町民課" in counters and "住民記録" in counters and "本庁舎1階 1番窓口" in counters
    assert "子育て健康課" in counters and "子育て支援・母子保健" in counters
    assert "0278-25-5020" in counters  # 教育課's direct line
    assert "市民課" not in page


def test_municipality_home_hours_follow_the_closing_rule_or_the_saved_text(
    client: Client, minakami: Municipality
) -> None:
    minakami.settings.closes_year_end = False
    minakami.settings.save()
    assert "平日 8:30〜17:15（土日祝日を除く）" in client.get("/104493/").content.decode()
    minakami.settings.opening_hours = "平日 8:30〜17:15、毎月第2土曜日 9:00〜12:00（窓口の一部）"
    minakami.settings.save()
    page = client.get("/104493/").content.decode()
    assert "毎月第2土曜日 9:00〜12:00（窓口の一部）" in page
    assert "（土日祝日を除く）" not in page


def test_municipality_home_without_departments_shows_no_empty_counters(
    client: Client, midori: Municipality
) -> None:
    page = client.get("/102121/").content.decode()
    assert 'href="/102121/portal/"' in page
    assert "窓口</h2>" not in page
