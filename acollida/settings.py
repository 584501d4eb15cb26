"""acollida settings: one file, every value from the environment.

Development defaults work with no variables at all (SQLite under ``var/``, DEBUG on).
Production is ``ACOLLIDA_DEBUG=false`` plus a real ``ACOLLIDA_SECRET_KEY``; see ``.env.example``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """Read a secret from ``NAME`` or from the file named by ``NAME_FILE`` (Docker/systemd secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


DEBUG = env_bool("ACOLLIDA_DEBUG", True)
TESTING = env_bool("ACOLLIDA_TESTING", False)

_DEV_SECRET = "dev-only-insecure-secret-key-never-use-in-production-0123456789abcdef"
SECRET_KEY = env_secret("ACOLLIDA_SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("ACOLLIDA_SECRET_KEY is required when ACOLLIDA_DEBUG is off")
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("ACOLLIDA_SECRET_KEY must be set to a real secret in production")

# Keys for special-category fields and keyed hashes of identifiers (comma-separated, newest first).
# Special-category fields are encrypted with Fernet keys (comma-separated, newest first: rotation
# re-encrypts with the first and still reads with the others). Searchable identifiers (document
# numbers, phones) are stored as HMAC-SHA256 with a separate key that never rotates silently.
_DEV_FIELD_KEY = "YWNvbGxpZGEtZGV2LW9ubHktZmllbGQta2V5LTAwMDE="
_DEV_HASH_KEY = "YWNvbGxpZGEtZGV2LW9ubHktaGFzaC1rZXktMDAwMDE="
FIELD_ENCRYPTION_KEYS = [
    key
    for key in env_secret("ACOLLIDA_FIELD_ENCRYPTION_KEYS", _DEV_FIELD_KEY if DEBUG else "").split(",")
    if key.strip()
]
IDENTIFIER_HASH_KEY = env_secret("ACOLLIDA_IDENTIFIER_HASH_KEY", _DEV_HASH_KEY if DEBUG else "")
if not FIELD_ENCRYPTION_KEYS or not IDENTIFIER_HASH_KEY:
    raise ImproperlyConfigured(
        "ACOLLIDA_FIELD_ENCRYPTION_KEYS and ACOLLIDA_IDENTIFIER_HASH_KEY are required "
        "when ACOLLIDA_DEBUG is off"
    )
if not DEBUG and (_DEV_FIELD_KEY in FIELD_ENCRYPTION_KEYS or IDENTIFIER_HASH_KEY == _DEV_HASH_KEY):
    raise ImproperlyConfigured("The development encryption keys must not be used in production")

ALLOWED_HOSTS = env_list("ACOLLIDA_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("ACOLLIDA_CSRF_TRUSTED_ORIGINS")

# Two-factor authentication is mandatory for staff. The demo may skip it; production refuses to.
SKIP_2FA = env_bool("ACOLLIDA_SKIP_2FA", False)
if SKIP_2FA and not DEBUG:
    raise ImproperlyConfigured("ACOLLIDA_SKIP_2FA cannot be on in production (ACOLLIDA_DEBUG=false)")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "auditlog",
    "csp",
    "ninja",
    "acollida.core",
    "acollida.people",
    "acollida.cases",
    "acollida.agenda",
    "acollida.directory",
    "acollida.housing",
    "acollida.council",
    "acollida.emergency",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "acollida.core.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "acollida.core.middleware.TwoFactorRequiredMiddleware",
    "acollida.core.middleware.UserLanguageMiddleware",
    "acollida.core.middleware.NoStoreForAuthenticatedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "acollida.urls"
WSGI_APPLICATION = "acollida.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "acollida.core.context_processors.navigation",
            ],
        },
    },
]

VAR_DIR = Path(env_str("ACOLLIDA_VAR_DIR", str(BASE_DIR / "var")))
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'acollida.sqlite3'}"),
        conn_max_age=env_int("ACOLLIDA_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No just-in-time compilation: the pages run short queries whose estimated cost can still pass
    # jit_above_cost (policy subqueries over a whole caseload), and compiling them took seconds
    # where running them takes milliseconds (bench/caseload.py).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
        if env_str("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests that do not test hashing use a fast hasher.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "acollida.core.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Sessions: idle timeout 30 minutes (renewed on each request), absolute limit 12 hours.
# Sessions live in the database, read through the cache when the cache is shared between workers
# (Redis); a per-process memory cache could keep a deleted session alive in another worker.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if env_str("REDIS_URL")
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_AGE = env_int("ACOLLIDA_SESSION_IDLE_SECONDS", 30 * 60)
# The idle timeout slides: SessionLifetimeMiddleware renews the session at most once a minute
# (rather than writing it on every request), so it holds to within a minute.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = env_int("ACOLLIDA_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Brute-force lockout: counted per username whether it exists or not, so responses are identical.
AXES_FAILURE_LIMIT = env_int("ACOLLIDA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ACOLLIDA_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks to lock by IP address too. We do not: a whole office (the CAI, an NGO) shares one
# NAT address, and one mistyped password there must not lock out every caseworker. Attackers who
# rotate addresses still hit the per-username limit, which counts unknown usernames as well.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "acollida.core.views.auth.login_locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("ACOLLIDA_PROXY_COUNT", 0)

OTP_TOTP_ISSUER = env_str("ACOLLIDA_OTP_ISSUER", "acollida")

# Security headers. TLS terminates at the reverse proxy (docs/operations.md).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not DEBUG else None
SECURE_SSL_REDIRECT = env_bool("ACOLLIDA_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("ACOLLIDA_HSTS_SECONDS", 0 if DEBUG else 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "ca"
LANGUAGES = [
    ("ca", _("Valencian")),
    ("es", _("Spanish")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
]
LOCALE_PATHS = [BASE_DIR / "acollida" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Madrid"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("ACOLLIDA_STATIC_ROOT", str(VAR_DIR / "static")))
# Uploaded files (case documents), encrypted, read back only through policy-checked views: there is
# deliberately no MEDIA_URL and no URL route serving this directory.
MEDIA_ROOT = Path(env_str("ACOLLIDA_MEDIA_ROOT", str(VAR_DIR / "media")))
# Largest case document accepted (bytes); uploads are held in memory, never in a temporary file.
ACOLLIDA_DOCUMENT_MAX_BYTES = env_int("ACOLLIDA_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# The public directory: languages every text is kept in, and when a service counts as stale.
ACOLLIDA_DIRECTORY_LANGUAGES = env_list("ACOLLIDA_DIRECTORY_LANGUAGES", "ca,es,en,fr,ar,uk")
ACOLLIDA_DIRECTORY_STALE_DAYS = env_int("ACOLLIDA_DIRECTORY_STALE_DAYS", 180)
# The office (organisation slug) that receives the public pages' appointment requests, and how many
# requests one address and one browser session may send within the window (seconds).
ACOLLIDA_ENTRY_POINT = env_str("ACOLLIDA_ENTRY_POINT", "cai")
ACOLLIDA_APPOINTMENT_REQUESTS_PER_ADDRESS = env_int("ACOLLIDA_APPOINTMENT_REQUESTS_PER_ADDRESS", 20)
ACOLLIDA_APPOINTMENT_REQUESTS_PER_SESSION = env_int("ACOLLIDA_APPOINTMENT_REQUESTS_PER_SESSION", 3)
ACOLLIDA_APPOINTMENT_REQUESTS_WINDOW = env_int("ACOLLIDA_APPOINTMENT_REQUESTS_WINDOW", 60 * 60)

EMAIL_BACKEND = env_str("ACOLLIDA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("ACOLLIDA_FROM_EMAIL", "acollida@localhost")
EMAIL_HOST = env_str("ACOLLIDA_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("ACOLLIDA_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("ACOLLIDA_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_secret("ACOLLIDA_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("ACOLLIDA_EMAIL_TLS", not DEBUG)
# How appointment reminders reach people: dotted paths of agenda senders, tried in order.
ACOLLIDA_REMINDER_SENDERS = env_list("ACOLLIDA_REMINDER_SENDERS", "acollida.agenda.senders.EmailSender")
# Retention: persons whose cases all closed longer ago than this are pseudonymised by
# ``acollida cases apply-retention`` (five years by default).
ACOLLIDA_RETENTION_DAYS = env_int("ACOLLIDA_RETENTION_DAYS", 1826)
# Housing: seconds the placement optimizer may search before returning its best plan and gap.
ACOLLIDA_OPTIMIZER_TIME_LIMIT = env_int("ACOLLIDA_OPTIMIZER_TIME_LIMIT", 10)

# Audit trail of writes: values of these fields are masked in every model's history.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# API tokens: longest lifetime a user may choose.
API_TOKEN_MAX_DAYS = env_int("ACOLLIDA_API_TOKEN_MAX_DAYS", 365)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ACOLLIDA_LOG_LEVEL", "WARNING")},
}
CSRF_FAILURE_VIEW = "acollida.core.views.system.csrf_failure"
