"""Production: every secret from the environment, HTTPS only, 2FA enforced.

`DJANGO_SETTINGS_MODULE=jichitai.config.settings.prod jichitai check --deploy` must be clean (tested).
"""

from __future__ import annotations

from jichitai.config.env import env_bool, env_int, env_list, env_secret
from jichitai.config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_secret("JICHITAI_SECRET_KEY")
JICHITAI_ENCRYPTION_KEYS = env_secret("JICHITAI_ENCRYPTION_KEYS")
JICHITAI_LOOKUP_KEY = env_secret("JICHITAI_LOOKUP_KEY")
JICHITAI_AUDIT_KEY = env_secret("JICHITAI_AUDIT_KEY")
# Shared with the payment provider: a notification signed otherwise is refused (payments.online).
JICHITAI_PAYMENT_WEBHOOK_SECRET = env_secret("JICHITAI_PAYMENT_WEBHOOK_SECRET")
JICHITAI_REQUIRE_2FA = True

SECURE_SSL_REDIRECT = env_bool("JICHITAI_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("JICHITAI_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
# J-LIS's CA certificates must be configured; no default, and never the virtual test CA.
JPKI_TRUST_ANCHORS = env_list("JPKI_TRUST_ANCHORS", [])
JPKI_CRL_FILES = env_list("JPKI_CRL_FILES", [])
JPKI_ALLOW_TEST_CA = False
