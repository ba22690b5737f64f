"""Fixtures for page tests in headless Chromium (Playwright + axe-core).

- `chromium_browser` (session): one Debian Chromium for the whole run. A missing
  /usr/bin/chromium fails the tests that need it, it never skips them.
- `page`: a new browser context per test (ja-JP, Asia/Tokyo, 1280x900) whose `base_url` is
  pytest-django's live server, so `page.goto("/")` opens this project's pages.

Mark page tests `@pytest.mark.browser` and check them with
`jichitai.testing.browser.assert_accessible(page, name="...")`.
Personas (municipalities, staff) live in src/jichitai/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from jichitai.testing.browser import (
    ChromiumMissing,
    allow_async_unsafe,
    launch_chromium,
    new_context,
    serialize_requests_on_shared_connection,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    # From here on an asyncio loop runs in the test thread (Playwright's sync API), so every
    # later test, browser or not, needs the ORM's async-safety check off until Playwright stops.
    with allow_async_unsafe(), sync_playwright() as playwright:
        try:
            browser = launch_chromium(playwright)
        except ChromiumMissing as error:
            pytest.fail(str(error), pytrace=False)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(
    chromium_browser: Browser, live_server: LiveServer, transactional_db: None
) -> Iterator[Page]:
    # transactional_db: the live server answers from another thread, which must see the rows
    # the test created, so they are committed (and flushed after the test).
    serialize_requests_on_shared_connection(live_server)
    context = new_context(chromium_browser, base_url=live_server.url)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
