"""Settings for Expo Portal, read from the environment (see README, "Configuration").

Every variable has an embedded default for one machine; production sets them.
A misconfiguration stops start-up with one line naming the variable.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("EXPO_VAR_DIR", BASE_DIR / "var"))

env = environ.Env()


def _config_error(variable: str, message: str) -> None:
    """Stop start-up with one clear line instead of a traceback."""
    sys.stderr.write(f"Configuration error: {variable}: {message}\n")
    raise SystemExit(2)


def _bool(variable: str, default: bool) -> bool:
    raw = os.environ.get(variable)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    _config_error(variable, f"expected 1/0, true/false, yes/no or on/off, got {raw!r}")
    return default


DEBUG = _bool("DEBUG", True)
TESTING = "pytest" in sys.modules or os.environ.get("EXPO_TESTING") == "1"


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if not DEBUG:
        _config_error("SECRET_KEY", "must be set when DEBUG is off")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    try:  # O_EXCL: when several processes start together, exactly one writes the key
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "common.apps.PortalAdminConfig",  # Django's admin, gated by the office rule
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_countries",
    "phonenumber_field",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "common",
    "delegations",
    "exhibitors",
    "meetings",
    "cockpit",
]

MIDDLEWARE = [
    "common.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "common.query.QueryValueMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
    "common.http.PrivatePagesMiddleware",
]

ROOT_URLCONF = "expo_portal.urls"
WSGI_APPLICATION = "expo_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cockpit.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------

if os.environ.get("DATABASE_URL"):
    raw_url = os.environ["DATABASE_URL"]
    if not raw_url.startswith(("postgres://", "postgresql://", "pgsql://", "postgis://")):
        _config_error(
            "DATABASE_URL",
            f"must be a postgres:// URL (PostgreSQL is the only database), got {raw_url.split('://')[0]!r}",
        )
    try:
        _db = env.db_url("DATABASE_URL")
    except Exception as exc:  # noqa: BLE001 - any parse failure becomes one clear line
        _config_error("DATABASE_URL", f"cannot be parsed ({exc})")
    if not _db.get("NAME"):
        _config_error("DATABASE_URL", "names no database (postgres://user@host:5432/<database>)")
    _db["ENGINE"] = "django.db.backends.postgresql"
    _db.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES = {"default": _db}
else:
    from common.embedded import database_settings

    DATABASES = {"default": database_settings(VAR_DIR)}

DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if os.environ.get("EXPO_TEST_DB_NAME"):  # lets several test runs share one server side by side
    DATABASES["default"]["TEST"] = {"NAME": os.environ["EXPO_TEST_DB_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Celery ---------------------------------------------------------------------------------

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
if CELERY_BROKER_URL and not CELERY_BROKER_URL.startswith(
    ("redis://", "rediss://", "amqp://", "filesystem://", "memory://")
):
    _config_error("CELERY_BROKER_URL", f"unsupported scheme in {CELERY_BROKER_URL!r} (use redis://host:6379/0)")
BROKER_DIR = VAR_DIR / "broker"
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "filesystem://"
    BROKER_DIR.mkdir(parents=True, exist_ok=True)
    (BROKER_DIR / "processed").mkdir(exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR),
        "data_folder_out": str(BROKER_DIR),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# How often beat sweeps the reminder table for due rows (seconds).
REMINDER_SWEEP_SECONDS = env.float("REMINDER_SWEEP_SECONDS", default=10.0)
# A row claimed longer ago than this (worker killed, message lost) is claimed again. A row being
# sent is locked, so a second claim of it waits and then finds it sent: the lease can be short —
# it bounds how long a dead worker's rows wait once a worker is back.
REMINDER_CLAIM_TIMEOUT = env.float("REMINDER_CLAIM_TIMEOUT", default=30.0)
REMINDER_MAX_ATTEMPTS = env.int("REMINDER_MAX_ATTEMPTS", default=5)
REMINDER_RETRY_BASE_SECONDS = env.float("REMINDER_RETRY_BASE_SECONDS", default=30.0)
REMINDER_BATCH_SIZE = env.int("REMINDER_BATCH_SIZE", default=50)
FOLLOW_UP_SWEEP_SECONDS = env.float("FOLLOW_UP_SWEEP_SECONDS", default=300.0)
# How often beat sends e-mails still owed in the outbox (a mail server that failed or hung).
OUTBOX_SWEEP_SECONDS = env.float("OUTBOX_SWEEP_SECONDS", default=30.0)

# --- E-mail ---------------------------------------------------------------------------------

EMAIL_FILE_PATH = str(Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "mail")))
# A mail server that hangs gives up a connection after this long (the row is retried later).
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=15.0)
if os.environ.get("EMAIL_BACKEND"):
    EMAIL_BACKEND = os.environ["EMAIL_BACKEND"]
elif os.environ.get("EMAIL_URL"):
    try:
        vars().update(env.email_url("EMAIL_URL"))
    except Exception as exc:  # noqa: BLE001
        _config_error("EMAIL_URL", f"cannot be parsed ({exc})")
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Expo Portal <portal@example.org>")
# Absolute links in e-mails (invitations, review results) start with this address.
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")
# Answers a guest may send through one personal response link, and from one client address.
RESPONSE_LINK_THROTTLE_RATE = os.environ.get("RESPONSE_LINK_THROTTLE_RATE", "10/min")
RESPONSE_CLIENT_THROTTLE_RATE = os.environ.get("RESPONSE_CLIENT_THROTTLE_RATE", "120/min")

# --- Auth -----------------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Before any backend that checks a password.
    "common.login_limit.AddressLoginLimitBackend",
    "rules.permissions.ObjectPermissionBackend",
    "common.auth_backends.PortalModelBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed sign-ins from one address (any user names) before it is refused for the rest of the hour.
LOGIN_FAILURES_PER_ADDRESS_PER_HOUR = env.int("LOGIN_FAILURES_PER_ADDRESS_PER_HOUR", default=50)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = not TESTING or os.environ.get("AXES_ENABLED") == "1"

# --- i18n -----------------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hant", _("Traditional Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing folder
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- REST API -------------------------------------------------------------------------------

# Look-ups of "is this booth visitor known to the office" per signed-in user (exhibitors' lead form).
LEAD_MATCH_THROTTLE_RATE = os.environ.get("LEAD_MATCH_THROTTLE_RATE", "30/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "common.api_keys.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["common.permissions.PortalApiPermission"],
    "DEFAULT_PAGINATION_CLASS": "common.pagination.KeysetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["common.throttling.ApiKeyRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_key": os.environ.get("API_KEY_THROTTLE_RATE", "1200/min")},
    "DEFAULT_PARSER_CLASSES": [
        "common.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Expo Portal API",
    "DESCRIPTION": "Delegation, pavilion, contact book and schedule of a city's expo office.",
    "VERSION": "1.0.0",
    # Schedule enums share field names (kind, status, role, type) with other apps' choices.
    "ENUM_NAME_OVERRIDES": {
        "MeetingKindEnum": "meetings.models.Meeting.Kind",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "AttendeeRoleEnum": "meetings.models.MeetingAttendee.Role",
        "AttendeeTypeEnum": ["member", "contact", "exhibitor"],
        "SpeakingSlotKindEnum": "meetings.models.SpeakingSlot.Kind",
        "SpeakingSlotStatusEnum": "meetings.models.SpeakingSlot.Status",
        "SlotDeadlineKindEnum": "meetings.models.SlotDeadline.Kind",
        "FollowUpStatusEnum": "meetings.models.FollowUp.Status",
        "ScheduleItemTypeEnum": ["meeting", "speaking_slot", "booth_shift", "itinerary"],
        "BusySubjectTypeEnum": ["member", "contact", "venue"],
        "OrganizationKindEnum": "delegations.models.Organization.Kind",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The interactive docs are served from our own static files (no third-party hosts).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}}
# In production the broker's Redis is also the cache (counters, throttles) unless a separate one is
# named; the database cache (its table is made by a migration) serves the embedded default.
_REDIS_CACHE_URL = os.environ.get("REDIS_CACHE_URL") or (
    CELERY_BROKER_URL if not DEBUG and CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else ""
)
if _REDIS_CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_CACHE_URL}}

PHONENUMBER_DEFAULT_REGION = None
PHONENUMBER_DB_FORMAT = "E164"

# --- Security (production) ------------------------------------------------------------------

if not DEBUG:
    SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# X-Forwarded-Proto is believed only when a proxy in front sets it (and drops a client's own):
# with gunicorn reachable directly, anyone could claim "https".
TRUST_X_FORWARDED_PROTO = _bool("TRUST_X_FORWARDED_PROTO", False)
if TRUST_X_FORWARDED_PROTO:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health check is asked over plain HTTP from inside the container (compose healthcheck, probes).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (django-csp): the pages' scripts are the portal's own ES modules, so no
# inline script, handler, eval or foreign origin is allowed. Style attributes are (the agenda grid
# and the completeness meters position with them); style elements and style sheets only from here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"

# One line per request from common.request_log at INFO; refusals (4xx) never log a traceback
# (Django's own django.request records are kept for server errors only). LOG_FORMAT=json writes
# one JSON object per line.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "common.request_log.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json" if LOG_FORMAT == "json" else "text"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING" if TESTING else "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "ERROR"},
        # runserver's own access line would repeat portal.request's.
        "django.server": {"level": "ERROR"},
    },
}

# Periodic work. Each entry is a short, idempotent sweep; apps add theirs here.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {}
CELERY_BEAT_SCHEDULE["meetings.sweep_reminders"] = {
    "task": "meetings.sweep_reminders",
    "schedule": REMINDER_SWEEP_SECONDS,
    # A sweep nobody ran in time is superseded by the next one; never let them pile up.
    "options": {"expires": REMINDER_SWEEP_SECONDS * 2},
}
CELERY_BEAT_SCHEDULE["meetings.sweep_follow_ups"] = {
    "task": "meetings.sweep_follow_ups",
    "schedule": FOLLOW_UP_SWEEP_SECONDS,
    "options": {"expires": FOLLOW_UP_SWEEP_SECONDS},
}
CELERY_BEAT_SCHEDULE["common.sweep_outbox"] = {
    "task": "common.sweep_outbox",
    "schedule": OUTBOX_SWEEP_SECONDS,
    "options": {"expires": OUTBOX_SWEEP_SECONDS * 2},
}
# Booth-profile deadline e-mails: once a day; idempotent (a notice row per exhibitor and notice).
from celery.schedules import crontab as _crontab  # noqa: E402 - only this entry needs it

CELERY_BEAT_SCHEDULE["exhibitors.send_profile_deadline_notices"] = {
    "task": "exhibitors.send_profile_deadline_notices",
    "schedule": _crontab(hour=1, minute=0),
    "options": {"expires": 6 * 3600},
}
