"""The Content-Security-Policy as Chromium enforces it (issue 9, finding 8): pages open with
the policy on (no bypass) and report no violation — the chooser's htmx search, the staff
sign-in, the QR code of the TOTP setup (a data: image), the residents' sign-in, the
certificate upload and the API docs — while a script injected inline is really blocked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect
from pytest_django import Settings

from jichitai.conftest import PASSWORD
from jichitai.identity.models import StaffUser
from jichitai.tenants.models import Municipality

pytestmark = pytest.mark.browser

# Runs before any script of the page (Playwright's init scripts are not subject to the CSP):
# collects every securitypolicyviolation event the page raises.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def watched(page: Page) -> Iterator[tuple[Page, list[str]]]:
    console: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            console.append(message.text)

    page.add_init_script(COLLECT_VIOLATIONS)
    page.on("console", on_console)
    yield page, console


def _violations(page: Page) -> list[str]:
    return list(page.evaluate("window.__cspViolations"))


def test_pages_run_under_the_policy_without_violations(
    watched: tuple[Page, list[str]], midori: Municipality, clerk: StaffUser, settings: Settings
) -> None:
    page, console = watched
    response = page.goto("/")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_label("自治体名・よみ・団体コードで探す").fill("みどり")  # htmx swaps the list
    expect(page.get_by_role("link", name="みどり市")).to_be_visible()
    assert _violations(page) == []

    settings.JICHITAI_REQUIRE_2FA = True
    page.goto("/102121/staff/login/")
    page.get_by_label("ログインID").fill("clerk")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    qr = page.get_by_role("img", name="認証アプリに登録するためのQRコード")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0
    assert _violations(page) == []

    for path in ("/102121/portal/signin/", "/102121/certificates/verify/"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert _violations(page) == [], path
    page.goto("/api/v1/docs")  # django-ninja's Swagger UI, served from its static files
    expect(page.get_by_text("/api/v1/openapi.json")).to_be_visible()
    assert _violations(page) == []
    assert console == []


def test_an_injected_inline_script_is_blocked(
    watched: tuple[Page, list[str]], midori: Municipality
) -> None:
    """The control: the policy is enforced, so the test above can fail."""
    page, console = watched
    page.goto("/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__injected = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__injected === undefined")
    assert any(v.startswith("script-src") for v in _violations(page))
    assert any("Content Security Policy" in text for text in console)
