"""Settings shared by every environment; dev/test/prod override only what must differ.

Everything is read from the environment through the typed helpers in `jichitai.config.env`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from jichitai.config.env import env_bool, env_int, env_list, env_rate, env_secret, env_str

PACKAGE_DIR = Path(__file__).resolve().parents[2]
# The checkout (or the working directory of an installed package) holds var/ for the
# embedded SQLite database and generated files.
PROJECT_DIR = Path(env_str("JICHITAI_HOME", str(PACKAGE_DIR.parents[1])))
VAR_DIR = PROJECT_DIR / "var"

SECRET_KEY = env_secret("JICHITAI_SECRET_KEY", "dev-insecure-secret-key-change-me-0123456789abcdef")
DEBUG = env_bool("JICHITAI_DEBUG", False)
ALLOWED_HOSTS = env_list("JICHITAI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("JICHITAI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "jichitai.config.apps.MasterDataAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "jichitai.common",
    "jichitai.audit",
    "jichitai.tenants",
    "jichitai.idempotency",
    "jichitai.messaging",
    "jichitai.identity",
    "jichitai.registry",
    "jichitai.departments",
    "jichitai.linkage",
    "jichitai.procedures",
    "jichitai.opendata",
    "jichitai.visits",
    "jichitai.payments",
    "jichitai.counter",
    "jichitai.insights",
    "jichitai.portal",
    "jichitai.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so that static files carry these headers too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "jichitai.config.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jichitai.config.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jichitai.tenants.middleware.MunicipalityMiddleware",
    "jichitai.config.middleware.RateLimitedPageMiddleware",
    # axes last, as its docs require: it turns lockouts raised in views into responses.
    "axes.middleware.AxesMiddleware",
]

# The load benchmark's view of a request from inside (config.middleware.ServerTimingMiddleware):
# outermost, so it times the other middleware too. Off unless asked for.
if env_bool("JICHITAI_SERVER_TIMING", False):
    MIDDLEWARE.insert(0, "jichitai.config.middleware.ServerTimingMiddleware")

ROOT_URLCONF = "jichitai.config.urls"
WSGI_APPLICATION = "jichitai.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jichitai.tenants.context_processors.municipality",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jichitai.sqlite3'}"),
        conn_max_age=env_int("JICHITAI_DB_CONN_MAX_AGE", 0),
    )
}
# The linkage broker's own database (docs/linkage.md): the 符号 mapping and the exchange
# records live apart from the register and the department records. LINKAGE_DATABASE_URL names
# it; unset, an SQLite deployment keeps it in var/linkage.sqlite3 and a PostgreSQL one opens a
# second connection to the same database (still its own connection: an exchange record commits
# even when the caller's transaction rolls back). linkage/routers.py sends the models there.
LINKAGE_DATABASE_URL = env_str("LINKAGE_DATABASE_URL", "")
if not LINKAGE_DATABASE_URL and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    LINKAGE_DATABASE_URL = f"sqlite:///{VAR_DIR / 'linkage.sqlite3'}"
DATABASES["linkage"] = (
    dj_database_url.parse(LINKAGE_DATABASE_URL, conn_max_age=env_int("JICHITAI_DB_CONN_MAX_AGE", 0))
    if LINKAGE_DATABASE_URL
    else DATABASES["default"].copy()
)
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the server read while a command writes; IMMEDIATE avoids the
        # "database is locked" upgrade deadlock of two writers in deferred transactions.
        _database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
# Stale-tolerant reads (common/replica.py): a streaming standby, e.g. HAProxy's read port of
# the Patroni cluster (make ha-up). Unset, there is no "replica" alias. Tests mirror default.
JICHITAI_REPLICA_DATABASE_URL = env_str("JICHITAI_REPLICA_DATABASE_URL", "")
if JICHITAI_REPLICA_DATABASE_URL:
    DATABASES["replica"] = dj_database_url.parse(
        JICHITAI_REPLICA_DATABASE_URL, conn_max_age=env_int("JICHITAI_DB_CONN_MAX_AGE", 0)
    ) | {"TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = [
    "jichitai.linkage.routers.LinkageRouter",
    "jichitai.common.replica.ReplicaRouter",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The shared store of rate limits and login counters: every app server of a deployment must
# see the same counts, so never a per-process cache. The database cache by default (its table
# comes with `jichitai migrate`: common/migrations); Redis when JICHITAI_CACHE_URL is set,
# e.g. redis://127.0.0.1:6379/0.
CACHE_TABLE = "jichitai_cache"
JICHITAI_CACHE_URL = env_str("JICHITAI_CACHE_URL", "")
if JICHITAI_CACHE_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": JICHITAI_CACHE_URL,
            "KEY_PREFIX": "jichitai",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            # Past MAX_ENTRIES a write deletes expired rows, then a third of the rest: high
            # enough that a flood of sources cannot wipe the counters of the others.
            "OPTIONS": {"MAX_ENTRIES": env_int("JICHITAI_CACHE_MAX_ENTRIES", 50_000)},
        }
    }

# Sessions live in the database (`db`). With Redis as the cache, `cached_db` reads them from
# Redis and writes through to the database, and `cache` keeps them in Redis only (no database
# write per request; a Redis restart signs everyone out): docs/benchmarks.md, 来庁予約. Never
# in the database cache, whose culling past MAX_ENTRIES would sign people out at random.
JICHITAI_SESSION_ENGINE = env_str("JICHITAI_SESSION_ENGINE", "db")
if JICHITAI_SESSION_ENGINE not in ("db", "cached_db", "cache"):
    raise ImproperlyConfigured("JICHITAI_SESSION_ENGINE is one of db, cached_db, cache")
if JICHITAI_SESSION_ENGINE != "db" and not JICHITAI_CACHE_URL:
    raise ImproperlyConfigured("JICHITAI_SESSION_ENGINE other than db needs JICHITAI_CACHE_URL")
SESSION_ENGINE = f"django.contrib.sessions.backends.{JICHITAI_SESSION_ENGINE}"

AUTH_USER_MODEL = "identity.StaffUser"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/"

# Idle expiry: every request renews the cookie, so the session ends after this many
# idle seconds (行政情報システムの画面ロック方針に合わせ既定30分).
SESSION_COOKIE_AGE = env_int("JICHITAI_SESSION_IDLE_SECONDS", 30 * 60)
# A resident's API token (portal.tokens) lives as long as a portal session may idle.
JICHITAI_RESIDENT_TOKEN_SECONDS = env_int("JICHITAI_RESIDENT_TOKEN_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The portal warns this many seconds before the idle expiry, with a way to stay signed in
# (WCAG 2.2.1; at least 20 s to respond).
JICHITAI_SESSION_WARNING_SECONDS = env_int("JICHITAI_SESSION_WARNING_SECONDS", 2 * 60)
# A half-filled application (portal.ApplicationDraft) is kept this long after its last save.
JICHITAI_DRAFT_KEEP_DAYS = env_int("JICHITAI_DRAFT_KEEP_DAYS", 7)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-axes: lock a login name after repeated failures, whatever address it comes from,
# counted per municipality's login page (identity.login_limits.axes_username): failures on
# another municipality's page must not lock a staff member out of their own.
AXES_FAILURE_LIMIT = env_int("JICHITAI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("JICHITAI_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "jichitai.identity.login_limits.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "jichitai.identity.views.lockout_response"
# Counter staff share one office address (NAT): locking by address would lock out the
# whole counter because of one person's typos, so axes' advice to add the address is declined.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Password spraying instead is limited per address, on failures only (identity.login_limits):
# this many different login names may fail from one address per window, then 429.
JICHITAI_LOGIN_NAMES_PER_ADDRESS = env_int("JICHITAI_LOGIN_NAMES_PER_ADDRESS", 20)
JICHITAI_LOGIN_NAMES_WINDOW_MINUTES = env_int("JICHITAI_LOGIN_NAMES_WINDOW_MINUTES", 15)
if JICHITAI_LOGIN_NAMES_PER_ADDRESS < 1 or JICHITAI_LOGIN_NAMES_WINDOW_MINUTES < 1:
    raise ImproperlyConfigured("JICHITAI_LOGIN_NAMES_* must be at least 1")

# Abuse limits (issue 9), counted per source in the shared cache (common.ratelimit). A rate is
# "<count>/<amount><s|m|h>"; refusals answer 429 with Retry-After.
# The client's address: REMOTE_ADDR, or — behind this many reverse proxies that append to
# X-Forwarded-For — the address the outermost of them saw. IPv6 counts per /64.
JICHITAI_TRUSTED_PROXIES = env_int("JICHITAI_TRUSTED_PROXIES", 0)
# Failed bearer-token authentications (staff jt_… and residents' jtr_… together) per source.
JICHITAI_RATE_TOKEN_FAILURES = env_rate("JICHITAI_RATE_TOKEN_FAILURES", "20/m")
# Sign-in challenges issued per source (each is a stored row; the sign-in pages issue one per view).
JICHITAI_RATE_CHALLENGES = env_rate("JICHITAI_RATE_CHALLENGES", "30/m")
# Saves of a half-filled application by the page's script, per resident.
JICHITAI_RATE_DRAFT_SAVES = env_rate("JICHITAI_RATE_DRAFT_SAVES", "60/m")
# わたしの情報 fetches per resident: each asks every business and writes an exchange record each.
JICHITAI_RATE_MY_INFORMATION = env_rate("JICHITAI_RATE_MY_INFORMATION", "10/h")
# Unspent, unexpired challenges a municipality may hold at once (expired ones are purged on issue).
JICHITAI_CHALLENGES_LIVE_MAX = env_int("JICHITAI_CHALLENGES_LIVE_MAX", 10_000)
# Refused card answers (bad signature, certificate, nonce or 基本4情報) per source.
JICHITAI_RATE_CARD_FAILURES = env_rate("JICHITAI_RATE_CARD_FAILURES", "10/5m")
# Certificate PDFs checked on the public verification page per source.
JICHITAI_RATE_CERTIFICATE_VERIFY = env_rate("JICHITAI_RATE_CERTIFICATE_VERIFY", "20/m")
# Open-data files downloaded per source (each is written from up to 100,000 records).
JICHITAI_RATE_OPENDATA_DOWNLOADS = env_rate("JICHITAI_RATE_OPENDATA_DOWNLOADS", "60/m")
# Catalog reads per source: the DCAT-AP catalog and every CKAN action (each reads the
# municipality's whole catalog).
JICHITAI_RATE_OPENDATA_CATALOG = env_rate("JICHITAI_RATE_OPENDATA_CATALOG", "120/m")
# Event-log exports from the insights dashboard per staff member (each reads every event).
JICHITAI_RATE_INSIGHTS_EXPORTS = env_rate("JICHITAI_RATE_INSIGHTS_EXPORTS", "10/m")
# The dashboard's fact store, one DuckDB file per municipality (insights/store.py).
INSIGHTS_STORE_DIR: str | None = (
    env_str("JICHITAI_INSIGHTS_STORE_DIR", str(VAR_DIR / "insights")) or None
)
# Seconds a page may show the store's facts before it reads the new events (incremental).
INSIGHTS_STORE_MAX_AGE = env_int("JICHITAI_INSIGHTS_STORE_MAX_AGE", 300)
# 来庁予約: confirmation codes sent per source (each is a mail or SMS someone pays for) and
# wrong codes (confirmation or reservation) typed per source before the pages refuse.
JICHITAI_RATE_VISIT_CODES_SENT = env_rate("JICHITAI_RATE_VISIT_CODES_SENT", "5/10m")
JICHITAI_RATE_VISIT_CODE_FAILURES = env_rate("JICHITAI_RATE_VISIT_CODE_FAILURES", "10/10m")
# Bookings, tickets and check-ins per source: a kiosk or a shared office address takes many.
JICHITAI_RATE_VISIT_WRITES = env_rate("JICHITAI_RATE_VISIT_WRITES", "120/m")
# The display boards' polls per source (each board asks every 1.5 seconds).
JICHITAI_RATE_VISIT_BOARD = env_rate("JICHITAI_RATE_VISIT_BOARD", "120/m")
# オンライン決済 (payments.online): tries on the demo provider's page and notifications
# received, per source; the secret signs the provider's notifications (HMAC-SHA256).
JICHITAI_RATE_PAYMENT_ATTEMPTS = env_rate("JICHITAI_RATE_PAYMENT_ATTEMPTS", "10/m")
JICHITAI_RATE_PAYMENT_NOTIFICATIONS = env_rate("JICHITAI_RATE_PAYMENT_NOTIFICATIONS", "120/m")
JICHITAI_PAYMENT_WEBHOOK_SECRET = env_secret(
    "JICHITAI_PAYMENT_WEBHOOK_SECRET", "dev-insecure-payment-webhook-secret"
)
# Pairing codes typed on a counter's confirmation display per source (6 digits: guessing one
# among the few live codes must stay hopeless).
JICHITAI_RATE_COUNTER_PAIRING = env_rate("JICHITAI_RATE_COUNTER_PAIRING", "10/m")

# Two-factor sign-in (TOTP) is required of every staff member in production.
JICHITAI_REQUIRE_2FA = env_bool("JICHITAI_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "jichitai"

# Encryption of personal data at rest (AES-256-GCM). "id:base64key,id:base64key"; the
# first key encrypts, all of them decrypt, so keys can be rotated (jichitai rotate-keys).
JICHITAI_ENCRYPTION_KEYS = env_secret(
    "JICHITAI_ENCRYPTION_KEYS", "dev1:ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM="
)
# Keyed hash (HMAC-SHA256) for exact lookups of encrypted values such as 個人番号.
JICHITAI_LOOKUP_KEY = env_secret("JICHITAI_LOOKUP_KEY", "dev-only-lookup-key")
# HMAC key of the audit chain: without it nobody can recompute a consistent chain after
# editing a record, so verify-audit catches a rewrite even by a database administrator.
JICHITAI_AUDIT_KEY = env_secret("JICHITAI_AUDIT_KEY", "dev-only-audit-chain-key")

# Where people reach this deployment: links in emails to residents (portal.notifications).
JICHITAI_BASE_URL = env_str("JICHITAI_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("JICHITAI_FROM_EMAIL", "no-reply@jichitai.invalid")
# Every mail and SMS goes through Django's task API (DESIGN.md): django-tasks' database
# backend keeps the queue in the product's own database, `jichitai db_worker` delivers it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The SMS carrier's interface (messaging.gateways); the demo one keeps messages for the
# outbox page.
JICHITAI_SMS_GATEWAY = env_str("JICHITAI_SMS_GATEWAY", "jichitai.messaging.gateways.OutboxGateway")

# 住基ネット stand-in that carries 転出証明書情報 between municipalities (registry.network).
JICHITAI_RESIDENT_NETWORK = env_str(
    "JICHITAI_RESIDENT_NETWORK", "jichitai.registry.network.InDeploymentNetwork"
)
# 住民票コード空きコード (doc/j870.txt §4.3.1): how many to obtain from 住基ネット at a time,
# and below how many left the staff are alerted.
JICHITAI_RESIDENT_CODE_BATCH = env_int("JICHITAI_RESIDENT_CODE_BATCH", 100)
JICHITAI_RESIDENT_CODE_STOCK_ALERT = env_int("JICHITAI_RESIDENT_CODE_STOCK_ALERT", 20)
# The outbox sender (registry.services.network_outbox_send): tries per message before it is
# shown to staff as a 送信エラー, and the first wait, doubled after every failure.
JICHITAI_NETWORK_MAX_ATTEMPTS = env_int("JICHITAI_NETWORK_MAX_ATTEMPTS", 6)
JICHITAI_NETWORK_RETRY_SECONDS = env_int("JICHITAI_NETWORK_RETRY_SECONDS", 60)

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security headers (issue 9, finding 8). The pages carry no inline script, style or event
# handler (base.html; htmx's own <style> is switched off by its htmx-config meta), so the
# policy allows only this origin; QR codes are data: images. django-csp sends it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# SecurityMiddleware: nosniff, Referrer-Policy and COOP (Django's defaults, stated here).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No page uses these browser features; a script injected by mistake cannot either.
JICHITAI_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Where the national municipality code list lives (../shared/data/municipalities.csv).
JICHITAI_MUNICIPALITIES_CSV = env_str(
    "JICHITAI_MUNICIPALITIES_CSV", str(PACKAGE_DIR / "tenants" / "data" / "municipalities.csv")
)

# Error pages, logs and problem documents must never carry personal data: log only the
# request id, the path's route name and the exception class.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "jichitai.config.middleware.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("JICHITAI_LOG_LEVEL", "INFO")},
    "loggers": {
        # django.request logs the full request line, which could carry query strings.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint's progress lines name the stylesheets it reads on every certificate.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# 公的個人認証 (JPKI), docs/identity.md. Trust anchors: PEM files of J-LIS's 署名用認証局 and
# 利用者証明用認証局 in production; the virtual test CA (`jichitai card init-ca`) elsewhere.
JPKI_TEST_CA_DIR = env_str("JPKI_TEST_CA_DIR", str(VAR_DIR / "jpki" / "test-ca"))
JPKI_VIRTUAL_CARD_DIR = env_str("JPKI_VIRTUAL_CARD_DIR", str(VAR_DIR / "jpki" / "cards"))
JPKI_TRUST_ANCHORS = env_list("JPKI_TRUST_ANCHORS", [str(Path(JPKI_TEST_CA_DIR) / "ca.pem")])
# The test CA and virtual cards are for development and demos; production sets False.
JPKI_ALLOW_TEST_CA = env_bool("JPKI_ALLOW_TEST_CA", False)
# Revocation: "crl" (files loaded by `jichitai jpki-crl`) or "ocsp" (J-LIS's responder).
JPKI_REVOCATION_METHOD = env_str("JPKI_REVOCATION_METHOD", "crl")
JPKI_CRL_FILES = env_list("JPKI_CRL_FILES", [str(Path(JPKI_TEST_CA_DIR) / "crl.pem")])
JPKI_OCSP_URL = env_str("JPKI_OCSP_URL", "")
JPKI_OCSP_TIMEOUT_SECONDS = env_int("JPKI_OCSP_TIMEOUT_SECONDS", 10)
# A sign-in nonce is good for this long (短い有効期限: replay window).
JPKI_CHALLENGE_TTL_SECONDS = env_int("JPKI_CHALLENGE_TTL_SECONDS", 300)
# The counter PC's card reader bridge answers only pages of this origin (CORS).
JPKI_BRIDGE_ALLOWED_ORIGIN = env_str("JPKI_BRIDGE_ALLOWED_ORIGIN", "http://127.0.0.1:8000")
