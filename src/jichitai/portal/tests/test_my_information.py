"""わたしの情報のやりとり履歴 and わたしの情報 (issue 14, item 6): the signed-in resident sees
every exchange about them across the deployment — and nobody else's — and, on request, what
each business holds about them, that request itself showing in the history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from playwright.sync_api import Page, expect
from pytest_django import Settings

from jichitai.audit.models import AuditRecord
from jichitai.common.ratelimit import Rate
from jichitai.departments.models import Business
from jichitai.departments.services import resident_tax_record
from jichitai.identity.tests.conftest import JpkiWorld
from jichitai.linkage.errors import LinkageError
from jichitai.linkage.services import exchange_request, person_code_obtain
from jichitai.linkage.tests.conftest import resident_code
from jichitai.portal.exchanges import HISTORY_PAGE_SIZE
from jichitai.portal.tests.helpers import demo_bind, demo_sign_in, page_sign_in
from jichitai.registry.models import ChangeType, Resident
from jichitai.registry.services import residents_remove
from jichitai.tenants.models import Municipality
from jichitai.testing.browser import assert_accessible

PORTAL = "/102121/portal"
EXCHANGES = f"{PORTAL}/exchanges/"
MY_DATA = f"{PORTAL}/my-data/"
CHILD_ALLOWANCE_TASK = "児童手当の支給に関する事務"
# Someone else of the deployment, known to the broker by their own 住民票コード.
OTHER_PERSON = resident_code("4000000002")


def _income_asked(
    midori: Municipality, minakami: Municipality, who: str, *, purpose: str = "認定請求の審査"
) -> None:
    """STORY.md step 5: みなかみ町's 児童手当 obtains the income みどり市's 個人住民税 holds."""
    resident_tax_record(
        municipality=midori,
        code=person_code_obtain(
            municipality_code=midori.lg_code, business=Business.TAX, resident_code=who
        ),
        fiscal_year=2026,
        total_income=4_200_000,
        income_levy=400_000,
        per_capita_levy=5_000,
        actor=None,
    )
    exchange_request(
        requester_municipality=minakami.lg_code,
        requester_business=Business.CHILD_ALLOWANCE,
        requester_code=person_code_obtain(
            municipality_code=minakami.lg_code,
            business=Business.CHILD_ALLOWANCE,
            resident_code=who,
        ),
        item="resident_tax.income",
        task=CHILD_ALLOWANCE_TASK,
        purpose=purpose,
        params={"fiscal_year": 2026},
    )


def _signed_in(jpki: JpkiWorld) -> Client:
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    demo_bind(client)
    return client


def test_the_history_shows_who_asked_whom_for_what_and_on_which_law(
    jpki: JpkiWorld, hanako: Resident, midori: Municipality, minakami: Municipality
) -> None:
    _income_asked(midori, minakami, hanako.resident_code)
    answer = _signed_in(jpki).get(EXCHANGES)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "わたしの情報のやりとり履歴" in page
    assert "みなかみ町 児童手当" in page
    assert "みどり市 個人住民税" in page
    assert "所得・住民税額" in page
    assert CHILD_ALLOWANCE_TASK in page
    assert "児童手当法第4条" in page
    assert ">提供<" in page
    assert "4200000" not in page and "4,200,000" not in page, "the history shows no values"


def test_a_resident_never_sees_another_persons_exchanges(
    jpki: JpkiWorld, hanako: Resident, midori: Municipality, minakami: Municipality
) -> None:
    _income_asked(midori, minakami, hanako.resident_code, purpose="花子さんの審査")
    _income_asked(midori, minakami, OTHER_PERSON, purpose="ほかの人の審査")
    answer = _signed_in(jpki).get(EXCHANGES)
    assert answer.context["page"].count == 1
    assert "やりとり 1件" in answer.content.decode()


def test_a_refused_request_shows_as_refused(
    jpki: JpkiWorld, hanako: Resident, midori: Municipality
) -> None:
    care = person_code_obtain(
        municipality_code=midori.lg_code, business=Business.CARE, resident_code=hanako.resident_code
    )
    with pytest.raises(LinkageError):
        exchange_request(
            requester_municipality=midori.lg_code,
            requester_business=Business.CARE,
            requester_code=care,
            item="maternal_health.pregnancy",
            task="介護保険の保険料の賦課に関する事務",
            purpose="保険料段階の決定",
            params={},
        )
    page = _signed_in(jpki).get(EXCHANGES).content.decode()
    assert "みどり市 介護保険" in page
    assert "妊娠の届出・母子健康手帳" in page
    assert ">拒否<" in page


def test_the_history_is_paged_and_a_bad_page_number_shows_a_page(
    jpki: JpkiWorld, hanako: Resident, midori: Municipality, minakami: Municipality
) -> None:
    for _ in range(HISTORY_PAGE_SIZE + 1):
        _income_asked(midori, minakami, hanako.resident_code)
    client = _signed_in(jpki)
    first = client.get(EXCHANGES)
    assert len(first.context["page"].rows) == HISTORY_PAGE_SIZE
    assert "以前のやりとりへ" in first.content.decode()
    assert len(client.get(f"{EXCHANGES}?page=2").context["page"].rows) == 1
    assert client.get(EXCHANGES, {"page": "99"}).context["page"].number == 2
    for bad in ("abc", "0", "-1", "9" * 5000, "1.5", "\x00"):
        answer = client.get(EXCHANGES, {"page": bad})
        assert answer.status_code == 200, bad
        assert answer.context["page"].number in (1, 2), bad


def test_signed_out_the_pages_lead_to_the_card_sign_in(midori: Municipality) -> None:
    for url in (EXCHANGES, MY_DATA):
        answer = Client().get(url)
        assert answer.status_code == 302
        assert answer["Location"] == f"{PORTAL}/signin/?next={url}"


def test_a_former_resident_who_moved_away_still_sees_their_history(
    jpki: JpkiWorld, hanako: Resident, midori: Municipality, minakami: Municipality
) -> None:
    _income_asked(midori, minakami, hanako.resident_code)
    client = _signed_in(jpki)
    residents_remove(
        municipality=midori,
        change_type=ChangeType.MOVE_OUT,
        resident_ids=[hanako.pk],
        effective_on=dt.date(2026, 4, 7),
        notified_on=dt.date(2026, 4, 7),
        actor=None,
        moving_to_address="群馬県利根郡みなかみ町後閑318番地",
    )
    client = Client()
    demo_sign_in(client, jpki.hanako.card_id)
    answer = client.get(EXCHANGES)
    assert answer.status_code == 200
    assert "みなかみ町 児童手当" in answer.content.decode()
    # Asking the businesses on her behalf is for where she lives now.
    assert client.post(MY_DATA).status_code == 403


def test_my_information_asks_the_businesses_only_when_the_button_is_pressed(
    jpki: JpkiWorld, hanako: Resident, midori: Municipality, minakami: Municipality
) -> None:
    _income_asked(midori, minakami, hanako.resident_code)
    client = _signed_in(jpki)
    shown = client.get(MY_DATA)
    assert shown.status_code == 200
    assert "各業務に照会する" in shown.content.decode()
    assert client.get(EXCHANGES).context["page"].count == 1

    answer = client.post(MY_DATA)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "みどり市" in page and "個人住民税" in page
    assert "みなかみ町" in page and "児童手当" in page
    assert "この業務が持っている、あなたの情報はありません。" in page  # みなかみ町 児童手当
    assert "4,200,000" in page

    history = client.get(EXCHANGES)
    assert history.context["page"].count == 3
    assert "ご本人（わたしの情報）" in history.content.decode()
    assert AuditRecord.objects.filter(
        action="portal.my_information_fetch", municipality_code=midori.lg_code
    ).exists()


def test_my_information_is_fetched_a_limited_number_of_times(
    jpki: JpkiWorld, hanako: Resident, settings: Settings
) -> None:
    """Each fetch asks every business and writes an exchange record each: a resident (or a
    script with their session) cannot flood the businesses and their やりとり履歴."""
    settings.JICHITAI_RATE_MY_INFORMATION = Rate.parse("2/h")
    client = _signed_in(jpki)
    assert [client.post(MY_DATA).status_code for _ in range(2)] == [200, 200]

    refused = client.post(MY_DATA)

    assert refused.status_code == 429
    assert "Retry-After" in refused


def test_the_home_page_links_to_both_pages(jpki: JpkiWorld, hanako: Resident) -> None:
    page = _signed_in(jpki).get(f"{PORTAL}/").content.decode()
    assert f'href="{EXCHANGES}"' in page
    assert f'href="{MY_DATA}"' in page


@pytest.mark.browser
def test_the_pages_read_well_and_reflow_on_a_phone(
    page: Page,
    jpki: JpkiWorld,
    hanako: Resident,
    midori: Municipality,
    minakami: Municipality,
) -> None:
    _income_asked(midori, minakami, hanako.resident_code)
    page_sign_in(page, jpki.hanako.card_id)
    page.get_by_role("navigation", name="住民ポータルのメニュー").get_by_role(
        "link", name="わたしの情報", exact=True
    ).click()
    page.get_by_role("button", name="各業務に照会する").click()
    expect(page.get_by_role("heading", name="照会の結果")).to_be_visible()
    expect(page.get_by_role("heading", name="個人住民税", exact=True)).to_be_visible()
    assert_accessible(page, name="portal-my-information")

    page.get_by_role("link", name="やりとり履歴を見る").click()
    table = page.get_by_role("table", name="やりとり")
    # The header, 児童手当's request and her own look at みどり市 and みなかみ町.
    expect(table.get_by_role("row")).to_have_count(4)
    expect(table).to_contain_text("みなかみ町 児童手当")
    expect(table).to_contain_text("ご本人（わたしの情報）")
    assert_accessible(page, name="portal-exchanges")

    for path, name in (
        ("/exchanges/", "portal-320-exchanges"),
        ("/my-data/", "portal-320-my-information"),
    ):
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(f"{PORTAL}{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at 320px (WCAG 1.4.10)"
        assert_accessible(page, name=name)
