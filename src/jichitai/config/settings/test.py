"""Test settings: fast hashing, in-memory mail; DATABASE_URL picks SQLite or PostgreSQL."""

from __future__ import annotations

from jichitai.config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
JICHITAI_REQUIRE_2FA = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# pytest-django's live_server serves static files itself; WhiteNoise is for production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# Tests make their own CA and cards (identity/tests/conftest.py) and point these at them.
JPKI_ALLOW_TEST_CA = True
# The dashboard's fact store is built in memory per page: test databases roll back, a file
# would outlive them (insights/tests/test_store.py runs the file store in a temporary dir).
INSIGHTS_STORE_DIR = None
INSIGHTS_STORE_MAX_AGE = 0
# Rate limits count in a per-process cache here (cleared before each test by conftest.py);
# common/tests/test_ratelimit.py runs them on the database cache as well.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The broker's database is always a separate one in tests, whatever the deployment default,
# so the whole suite proves that nothing reaches the 符号 mapping except through the broker:
# SQLite gets its own test database, PostgreSQL a second database named <NAME>_linkage.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["linkage"] = {**DATABASES["default"], "NAME": ":memory:"}  # noqa: F405
else:
    DATABASES["linkage"] = {  # noqa: F405
        **DATABASES["default"],  # noqa: F405
        "NAME": f"{DATABASES['default']['NAME']}_linkage",  # noqa: F405
    }
