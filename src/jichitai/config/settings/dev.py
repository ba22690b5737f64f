"""Local development and `make demo`: SQLite under var/, no 2FA enforcement.

`make demo` serves with JICHITAI_DEBUG=false, so visitors see the product's own 404 and 500
pages (never Django's debug page with the URL map); developers set JICHITAI_DEBUG=true."""

from __future__ import annotations

from jichitai.config.env import env_bool
from jichitai.config.settings.base import *  # noqa: F403

DEBUG = env_bool("JICHITAI_DEBUG", True)
JICHITAI_REQUIRE_2FA = env_bool("JICHITAI_REQUIRE_2FA", False)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The virtual card and its test CA are what development and `make demo` sign in with.
JPKI_ALLOW_TEST_CA = env_bool("JPKI_ALLOW_TEST_CA", True)
