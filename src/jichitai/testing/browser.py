"""Page tests in headless Chromium: launching the browser and checking pages with axe-core.

Test code only: product code never imports `jichitai.testing`.

The fixtures in the repository's conftest.py use this module; a page test reads:

    @pytest.mark.browser
    def test_chooser_is_accessible(page):
        page.goto("/")
        assert_accessible(page, name="chooser")

Chromium is Debian's (`apt-get install chromium`), never a browser that Playwright downloads,
and axe-core is the copy shipped inside axe-playwright-python, so nothing is fetched at run time.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright, ViewportSize

CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=ja-JP",
]
LOCALE = "ja-JP"
TIMEZONE = "Asia/Tokyo"
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
# Seconds are plenty for a page on the loopback live server; a hang should fail fast.
DEFAULT_TIMEOUT_MS = 10_000

# WCAG 2.0 and 2.1, levels A and AA: what 「みんなの公共サイト運用ガイドライン」 and JIS X 8341-3
# ask of public bodies.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


class ChromiumMissing(RuntimeError):
    """Debian's chromium is not installed: page tests must fail, never skip."""


def chromium_missing_message(path: Path = CHROMIUM_PATH) -> str:
    return (
        f"Chromium not found at {path}. Page tests (@pytest.mark.browser) use Debian's chromium "
        "and do not skip without it: install it with `apt-get install -y chromium fonts-noto-cjk`."
    )


@contextmanager
def allow_async_unsafe() -> Iterator[None]:
    """Let the test thread use the ORM while Playwright's sync API is running.

    Playwright's sync API keeps an asyncio loop running in the test thread, so Django's
    async-safety check would refuse every query the test makes (fixtures, factories). The
    queries really are synchronous, so the check is switched off for as long as the browser runs.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class OneRequestAtATime:
    """A WSGI app that answers one request at a time, chunk by chunk.

    On SQLite the test database lives in memory, so the live server's request threads share the
    test's one connection. A page that sends a request of its own while its form is submitted
    (address-aid.js asks for the 方書 when the 住所 box changes, which pressing Enter does) would
    then begin a transaction inside the other request's: `cannot start a transaction within a
    transaction`, a 500 no real server gives, since each of its threads has its own connection.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self._lock = threading.Lock()

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterator[bytes]:
        with self._lock:
            body = iter(self.app(environ, start_response))
        try:
            while True:
                with self._lock:
                    chunk = next(body, None)
                if chunk is None:
                    return
                yield chunk
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                with self._lock:
                    close()


def serialize_requests_on_shared_connection(live_server: Any) -> None:
    """Make the live server answer one request at a time when it shares the test's connection."""
    thread = live_server.thread
    if thread.connections_override and not isinstance(thread.httpd.get_app(), OneRequestAtATime):
        thread.httpd.set_app(OneRequestAtATime(thread.httpd.get_app()))


def launch_chromium(playwright: Playwright, *, path: Path = CHROMIUM_PATH) -> Browser:
    """Start headless Debian Chromium. Raises ChromiumMissing when it is not installed."""
    if not path.exists():
        raise ChromiumMissing(chromium_missing_message(path))
    return playwright.chromium.launch(
        executable_path=str(path), headless=True, args=list(CHROMIUM_ARGS)
    )


def new_context(browser: Browser, *, base_url: str) -> BrowserContext:
    """A fresh context (own cookies and storage) in Japanese, on Tokyo time, at desktop size."""
    context = browser.new_context(
        base_url=base_url,
        locale=LOCALE,
        timezone_id=TIMEZONE,
        viewport=VIEWPORT,
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context


def screenshot_dir() -> Path:
    """var/screenshots of the checkout (var/ is not committed)."""
    from django.conf import settings

    var_dir = getattr(settings, "VAR_DIR", None)
    base = Path(var_dir) if var_dir else Path.cwd() / "var"
    return base / "screenshots"


def save_screenshot(page: Page, *, name: str) -> Path:
    """Save a full-page PNG to var/screenshots/<name>.png and return its path."""
    safe = _SAFE_NAME.sub("-", name).strip("-") or "page"
    path = screenshot_dir() / f"{safe}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page, *, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; return the violations of the given WCAG tags."""
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": tags or WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    results = Axe().run(page, options=options)
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


# Beyond the WCAG tags: two landmarks of one name leave a screen-reader user unable to tell
# them apart in the landmark list (axe best practice, JIS X 8341-3 達成基準 2.4.1 / 1.3.1).
LANDMARK_RULES = ["landmark-unique"]


def axe_rule_violations(page: Page, rules: list[str]) -> list[dict[str, Any]]:
    """Run only the named axe-core rules on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "rule", "values": rules}, "resultTypes": ["violations"]}
    violations: list[dict[str, Any]] = Axe().run(page, options=options).response["violations"]
    return violations


def format_violations(violations: list[dict[str, Any]]) -> str:
    """One readable block per rule: id, impact, what it asks, and the offending elements."""
    lines: list[str] = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'n/a'}): {violation['help']}"
        )
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation.get("nodes", []):
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page, *, name: str, tags: list[str] | None = None) -> Path:
    """Fail with a readable list if axe-core finds WCAG 2.0/2.1 A or AA violations, or two
    landmarks of one name.

    Always saves a full-page screenshot to var/screenshots/<name>.png first, so a failing page
    can be looked at. Returns the screenshot's path.
    """
    shot = save_screenshot(page, name=name)
    violations = axe_violations(page, tags=tags) + axe_rule_violations(page, LANDMARK_RULES)
    if violations:
        raise AssertionError(
            f"axe-core found {len(violations)} accessibility violation(s) on {page.url} "
            f"(screenshot: {shot}):\n{format_violations(violations)}"
        )
    return shot


def focused_element(page: Page) -> dict[str, str]:
    """Describe document.activeElement: tag, id, text and href, for focus-order assertions."""
    description: dict[str, str] = page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el) return {tag: "", id: "", text: "", href: ""};
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id || "",
                text: (el.innerText || el.value || "").trim(),
                href: el.getAttribute("href") || "",
            };
        }"""
    )
    return description
