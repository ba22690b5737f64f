"""Local development and `make demo`: SQLite under var/, debug pages, no 2FA enforcement."""

from __future__ import annotations

from jichitai.config.env import env_bool
from jichitai.config.settings.base import *  # noqa: F403

DEBUG = env_bool("JICHITAI_DEBUG", True)
JICHITAI_REQUIRE_2FA = env_bool("JICHITAI_REQUIRE_2FA", False)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# runserver serves static files itself; WhiteNoise is for the production server.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# The virtual card and its test CA are what development and `make demo` sign in with.
JPKI_ALLOW_TEST_CA = env_bool("JPKI_ALLOW_TEST_CA", True)
