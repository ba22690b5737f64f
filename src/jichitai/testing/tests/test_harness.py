"""The page harness works: base.html, the form includes and the error pages pass axe-core in
Chromium, keyboard users can skip to the content, and a missing browser fails loudly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client
from playwright.sync_api import Page, expect
from pytest_django import Settings

from jichitai.tenants.models import Municipality
from jichitai.testing.browser import (
    ChromiumMissing,
    assert_accessible,
    focused_element,
    format_violations,
    launch_chromium,
)
from jichitai.testing.tests.urls import MoveInSampleForm

URLS = "jichitai.testing.tests.urls"


@pytest.fixture
def harness_urls(settings: Settings) -> None:
    settings.ROOT_URLCONF = URLS


@pytest.fixture
def midori_served(transactional_db: None) -> Municipality:
    return Municipality.objects.create(
        lg_code="102121",
        kind=Municipality.Kind.MUNICIPALITY,
        prefecture="群馬県",
        name="みどり市",
        name_kana="みどりし",
        is_served=True,
    )


# ---------------------------------------------------------------- in the browser


@pytest.mark.browser
def test_base_page_is_japanese_and_accessible(page: Page, harness_urls: None) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: problems.append(r.url) if r.status >= 400 else None)

    page.goto("/?messages=1")
    page.wait_for_load_state("load")

    assert problems == [], "the page loads its CSS and scripts without errors"
    assert page.evaluate("typeof window.htmx") == "object", "htmx is served from static/vendor"

    assert page.get_attribute("html", "lang") == "ja"
    expect(page).to_have_title("サンプル画面 | jichitai")
    expect(page.locator("header")).to_contain_text("jichitai 自治体サービス")
    expect(page.locator("main#main")).to_have_attribute("tabindex", "-1")
    assert_accessible(page, name="harness-base")


@pytest.mark.browser
def test_skip_link_is_first_focusable_and_moves_focus_to_main(
    page: Page, harness_urls: None
) -> None:
    page.goto("/")

    page.keyboard.press("Tab")
    first = focused_element(page)
    assert first["tag"] == "a"
    assert first["text"] == "本文へ移動"
    assert first["href"] == "#main"
    box = page.locator(".jt-skip-link").bounding_box()
    assert box is not None
    assert box["y"] >= 0, "the skip link must be on screen while it has focus"
    page.screenshot(path=str(_screenshot_path("harness-skip-link")))

    page.keyboard.press("Enter")
    assert focused_element(page)["id"] == "main"
    page.keyboard.press("Tab")
    after = focused_element(page)
    assert after["text"] == "申請をはじめる", "Tab after skipping goes to the first control of main"
    page.screenshot(path=str(_screenshot_path("harness-focus-button")))


@pytest.mark.browser
def test_header_links_to_the_municipality(
    page: Page, harness_urls: None, midori_served: Municipality
) -> None:
    page.goto("/102121/?messages=1")

    link = page.locator(".jt-header__municipality")
    expect(link).to_have_text("群馬県みどり市")
    expect(link).to_have_attribute("href", "/102121/")
    assert page.locator("[role=status]").count() == 2
    assert page.locator("[role=alert]").count() == 2
    assert_accessible(page, name="harness-municipality")


@pytest.mark.browser
def test_form_with_errors_is_wired_for_screen_readers(page: Page, harness_urls: None) -> None:
    page.goto("/form/")
    assert_accessible(page, name="harness-form-empty")

    page.get_by_role("button", name="確認画面へ進む").click()

    summary = page.locator("[data-jt-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    name = page.locator("#id_name")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_attribute("aria-describedby", "id_name_helptext id_name_error")
    expect(page.locator("#id_name_error")).to_contain_text("このフィールドは必須です")
    expect(page.locator("#id_name_helptext")).to_contain_text("住民票に記載の氏名")
    expect(page.get_by_label("氏名 必須", exact=True)).to_have_count(1)
    reason = page.locator("fieldset:has(#id_reason_0)")
    expect(reason).to_have_attribute("aria-describedby", "id_reason_error")

    assert_accessible(page, name="harness-form-errors")

    summary.get_by_role("link", name=re.compile("届出の理由")).click()
    expect(page.locator("#id_reason_0")).to_be_focused()
    summary.get_by_role("link", name=re.compile("^氏名：")).click()
    expect(name).to_be_focused()


@pytest.mark.browser
def test_error_pages_are_accessible(page: Page, harness_urls: None) -> None:
    response = page.goto("/missing/")
    assert response is not None
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("ページが見つかりません")
    assert_accessible(page, name="harness-404")

    response = page.goto("/boom/")
    assert response is not None
    assert response.status == 500
    expect(page.locator("h1")).to_have_text("システムエラーが発生しました")
    expect(page.locator("code")).to_have_text(re.compile(r"^[0-9a-f]{32}$"))
    assert page.get_attribute("html", "lang") == "ja"
    assert_accessible(page, name="harness-500")


@pytest.mark.browser
def test_language_switch_changes_the_page_language(page: Page, harness_urls: None) -> None:
    page.goto("/")
    current = page.locator("footer button[aria-current=true]")
    expect(current).to_have_attribute("value", "ja")

    page.locator("footer button[value=en]").click()

    page.wait_for_function("document.documentElement.lang === 'en'")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("footer button[aria-current=true]")).to_have_attribute("value", "en")


@pytest.mark.browser
def test_pages_reflow_at_320_css_pixels(page: Page, harness_urls: None) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    for path, name in [("/", "harness-320-base"), ("/form/", "harness-320-form")]:
        page.goto(path)
        if path == "/form/":
            page.get_by_role("button", name="確認画面へ進む").click()
            page.wait_for_load_state()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways at 320px (WCAG 1.4.10)"
        assert_accessible(page, name=name)


# ---------------------------------------------------------------- without a browser


def _screenshot_path(name: str) -> Path:
    from jichitai.testing.browser import screenshot_dir

    path = screenshot_dir() / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize(
    ("status", "heading"),
    [
        (400, "リクエストを処理できませんでした"),
        (403, "このページを表示する権限がありません"),
        (404, "ページが見つかりません"),
        (429, "しばらく時間をおいてからお試しください"),
    ],
)
def test_error_page_renders_in_the_site_frame(
    client: Client, harness_urls: None, db: None, status: int, heading: str
) -> None:
    response = client.get(f"/errors/{status}/")

    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert 'class="jt-skip-link"' in html


def test_server_error_page_needs_no_request_and_shows_only_the_request_id() -> None:
    html = render_to_string("500.html", {"request_id": "0123abcd"})

    assert "システムエラーが発生しました" in html
    assert "<code>0123abcd</code>" in html
    assert render_to_string("500.html").count("お問い合わせ番号") == 0


def test_unhandled_error_answers_500_with_the_request_id(harness_urls: None, db: None) -> None:
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert response["X-Request-ID"] in html
    assert "deliberate" not in html, "the exception must never reach the page"


def test_field_include_wires_help_and_errors_to_the_widget() -> None:
    form = MoveInSampleForm(data={"postal_code": "379"})

    html = render_to_string("includes/field.html", {"field": form["name"]})

    assert '<label class="jt-field__label" for="id_name">' in html
    assert '<span class="jt-required">必須</span>' in html
    assert 'id="id_name_helptext"' in html
    assert 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html


def test_field_include_leaves_a_valid_optional_field_plain() -> None:
    form = MoveInSampleForm(data={"name_kana": "ミドリ"})

    html = render_to_string("includes/field.html", {"field": form["name_kana"]})

    assert "jt-required" not in html
    assert "aria-invalid" not in html
    assert "aria-describedby" not in html


def test_error_summary_links_each_error_to_its_control() -> None:
    form = MoveInSampleForm(data={})
    form.is_valid()

    html = render_to_string("includes/form_errors.html", {"form": form})

    assert 'href="#id_name"' in html
    assert 'href="#id_reason_0"' in html, "a radio group links to its first option"
    assert 'href="#id_agree"' in html
    assert "入力内容に誤りがあるため" in html
    count = sum(len(errors) for errors in form.errors.values())
    assert f"（{count}件）" in html


def test_missing_chromium_fails_instead_of_skipping(tmp_path: Path) -> None:
    with pytest.raises(ChromiumMissing, match="apt-get install"):
        launch_chromium(None, path=tmp_path / "chromium")  # type: ignore[arg-type]  # fails before using it


def test_violations_are_listed_readably() -> None:
    text = format_violations(
        [
            {
                "id": "color-contrast",
                "impact": "serious",
                "help": "Elements must meet minimum color contrast ratio thresholds",
                "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/color-contrast",
                "nodes": [{"target": [".jt-tag"], "failureSummary": "Fix any of the following"}],
            }
        ]
    )

    assert "- color-contrast (serious): Elements must meet" in text
    assert "at .jt-tag" in text


def test_csrf_failure_shows_the_expired_form_page(harness_urls: None, db: None) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post("/form/", {"name": "みどり"})

    assert response.status_code == 403
    assert "画面の有効期限が切れました" in response.content.decode()


def test_rate_limit_page_says_how_long_to_wait() -> None:
    html = render_to_string("429.html", {"retry_after_minutes": 15})

    assert "15分ほど待ってから" in html
