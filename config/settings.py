"""Clusterdesk settings, read from the environment (see README, "Configuration").

Defaults serve a local demo: no DATABASE_URL means a SQLite file, no REDIS_URL means Celery runs
tasks eagerly in-process. ``DJANGO_ENV=production`` demands a real SECRET_KEY and ALLOWED_HOSTS
and turns on every HTTPS safeguard that ``manage.py check --deploy`` looks for.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import (
    ConfigurationError,
    env_bool,
    env_int,
    env_list,
    env_secret_key,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DJANGO_ENV = env_str("DJANGO_ENV", "development").lower()
if DJANGO_ENV not in {"development", "production"}:
    raise ConfigurationError(
        f"DJANGO_ENV={DJANGO_ENV!r} is unknown: use development or production."
    )
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_secret_key("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ConfigurationError(
            "ALLOWED_HOSTS is not set: production needs the host names it serves, comma separated."
        )
else:
    # A fixed key is fine for a local demo; production refuses to start without its own.
    SECRET_KEY = env_str("SECRET_KEY") or "insecure-local-demo-key-never-use-in-production"
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])

DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    # Debug pages show settings, SQL and source to anyone who triggers an error.
    raise ConfigurationError(
        "DEBUG is on with DJANGO_ENV=production: remove DEBUG or set DEBUG=0; debug pages would "
        "show settings and source code to the public."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "django_htmx",
    "django_countries",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "config",
    "accounts",
    "clusters",
    "members",
    "projects",
    "internationalization",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Headers first, so every response gets them, even one answered by a later middleware
    # (static files, redirects, refusals).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body (the session, CSRF, the API's parsers).
    "config.request_limits.RequestBodyLimitMiddleware",
    # Issue 11, bad input: a NUL byte is refused before the session cookie is looked up.
    "clusters.guards.NulByteGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "clusters.middleware.CurrentClusterMiddleware",
    # Issue 11, bad input: a constraint violation a form did not foresee answers 409, not 500.
    "clusters.guards.DatabaseConflictMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during log-in into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "clusters.context_processors.current_cluster",
                "config.context_processors.navigation",
            ],
        },
    }
]


def _database_from_env() -> dict:
    url = env_str("DATABASE_URL")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "clusterdesk.sqlite3",
        }
    scheme = urlparse(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ConfigurationError(
            f"DATABASE_URL has the scheme {scheme!r}: use postgres://USER:PASSWORD@HOST:PORT/NAME "
            "or sqlite:///PATH."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    except ValueError as error:
        raise ConfigurationError(f"DATABASE_URL is malformed ({error}).") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigurationError("DATABASE_URL names no database: end it with /DATABASE_NAME.")
    if scheme != "sqlite":
        # No JIT: PostgreSQL compiles any query its planner costs above jit_above_cost, and
        # for a report over a million activity rows compiling took seconds (the query itself
        # hundreds of milliseconds). Short web and report queries never win it back.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("sv", _("Swedish")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Stockholm")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ConfigurationError(
        f"TIME_ZONE={TIME_ZONE!r} is not a known time zone: use a name like Europe/Stockholm."
    ) from None

STATIC_URL = "static/"
# collectstatic's target; outside production the files are served from the app folders.
STATIC_ROOT = Path(env_str("STATIC_ROOT")) if env_str("STATIC_ROOT") else None
if PRODUCTION and STATIC_ROOT is None:
    STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.min.js from the installed plotly package: the same version as the Python side.
    "config.staticfiles.PlotlyJsFinder",
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production, serve static files straight from the app folders, so the demo works
# without collectstatic and with DEBUG off.
WHITENOISE_USE_FINDERS = not PRODUCTION

# Links in e-mails (notifications, digests) point here.
SITE_URL = env_str("SITE_URL", "http://localhost:8000")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Clusterdesk <noreply@localhost>")
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Background work: a real broker when REDIS_URL is set, else tasks run eagerly in-process.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and urlparse(REDIS_URL).scheme not in {"redis", "rediss"}:
    raise ConfigurationError("REDIS_URL must look like redis://HOST:6379/0.")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE

# Report runs and the outbox (issue 11: nothing is lost, no run is orphaned).
# Publishing happens in web requests (the outbox dispatches on commit): with the broker down it
# must fail within seconds, not block a request for the result store's 20 reconnections
# (19 s measured); what failed stays in the outbox for the next dispatch.
BROKER_TIMEOUT_SECONDS = env_int("BROKER_TIMEOUT_SECONDS", 2)
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT_SECONDS
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# A message a worker took but never acknowledged (the whole worker was killed) goes back to the
# queue after this many seconds; Redis's default is an hour. Longer than any run may last
# (CELERY_TASK_TIME_LIMIT), or a slow run would be delivered twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 20 * 60),
    "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    "socket_timeout": BROKER_TIMEOUT_SECONDS * 5,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_TIMEOUT_SECONDS
# A run still "running" this long after it started has lost its worker: a periodic task marks
# it failed so its requester can retry it.
REPORT_RUN_STUCK_MINUTES = env_int("REPORT_RUN_STUCK_MINUTES", 30)
# Per user, shared by the pages and the API (reports.services): runs asked for in the last hour,
# and runs queued or running at once.
REPORT_RUNS_PER_HOUR = env_int("REPORT_RUNS_PER_HOUR", 30)
REPORT_RUNS_PENDING_MAX = env_int("REPORT_RUNS_PENDING_MAX", 5)
# The earliest day a report may be as of; the latest is today.
try:
    REPORT_AS_OF_EARLIEST = date.fromisoformat(env_str("REPORT_AS_OF_EARLIEST", "2000-01-01"))
except ValueError:
    raise ConfigurationError("REPORT_AS_OF_EARLIEST must be a date like 2000-01-01.") from None
# Tests only: dotted path of a callable given the run id once a delivery has marked the run
# running, e.g. to hold a worker mid-run and kill it.
REPORT_RUN_COMPUTE_HOOK = env_str("REPORT_RUN_COMPUTE_HOOK")
CELERY_BEAT_SCHEDULE: dict = {
    # Fresh participation, outcome and indicator reports of every running project, nightly.
    "refresh-project-reports": {
        "task": "reports.tasks.refresh_reports_nightly",
        "schedule": crontab(hour=2, minute=30),
    },
    # Notifications: reminders of work left waiting (each sent once per object), then the
    # digest of everything users chose to receive once a day.
    "remind-activities": {
        "task": "internationalization.tasks.send_activity_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    "remind-action-items": {
        "task": "members.tasks.send_action_item_reminders",
        "schedule": crontab(hour=6, minute=10),
    },
    "daily-digest": {
        "task": "accounts.tasks.send_daily_digests",
        "schedule": crontab(hour=6, minute=30),
    },
    # Background work written to the outbox while the broker was down goes out once it is back.
    "dispatch-outbox": {
        "task": "accounts.tasks.dispatch_outbox",
        "schedule": 60.0,
    },
    # Runs whose worker died are marked failed (and may be retried by their requester).
    "fail-stuck-report-runs": {
        "task": "reports.tasks.fail_stuck_report_runs",
        "schedule": 5 * 60.0,
    },
}

REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "clusters.api.exceptions.api_exception_handler",
    # DRF's parsers, JSON's refusing a body nested too deeply (clusters/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "clusters.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "clusters.api.search.FoldedSearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "clusters.api.schema.DocumentedErrorsAutoSchema",
    # Per user, however many tokens they use; counters in the shared "throttle" cache
    # (clusters/api/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "clusters.api.throttling.SharedAnonRateThrottle",
        "clusters.api.throttling.SharedUserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/min"),
        "user": env_str("API_THROTTLE_USER", "600/min"),
        "report_runs": env_str("API_THROTTLE_REPORT_RUNS", "30/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Clusterdesk API",
    "DESCRIPTION": "Members, projects and funder reports of organized clusters.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "kind" or "status"; name each enum after its own choices.
    "ENUM_NAME_OVERRIDES": {
        "BodyKindEnum": "members.choices.BodyKind",
        "AllianceKindEnum": "members.choices.AllianceKind",
        "AllianceStatusEnum": "members.choices.AllianceStatus",
        "FunderKindEnum": "clusters.models.FunderKind",
        "MembershipStatusEnum": "members.choices.MembershipStatus",
        "CountryEnum": "django_countries.countries",
        "ProjectStatusEnum": "projects.choices.ProjectStatus",
        "EnrolmentStatusEnum": "projects.choices.EnrolmentStatus",
        "DropoutPhaseEnum": "projects.choices.DropoutPhase",
        "DropoutReasonEnum": "projects.choices.DropoutReason",
        "CommitmentEnum": "projects.choices.Commitment",
        "OutcomeKindEnum": "internationalization.choices.OutcomeKind",
        "ExportLabStageEnum": "internationalization.choices.ExportLabStage",
        "TimbankRequestStatusEnum": "internationalization.choices.TimbankRequestStatus",
        "TripStatusEnum": "internationalization.choices.TripStatus",
        "ClaimStatusEnum": "internationalization.choices.ClaimStatus",
        "ReportKindEnum": "reports.models.ReportKind",
        "RunStatusEnum": "reports.models.RunStatus",
    },
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Authentication (issue 11: brute force, two-factor, API tokens, shared throttles) ---
# django-axes checks every log-in (site and admin) against the failures recorded in the
# database, so all workers share them. A username+address pair is locked after
# LOGIN_FAILURE_LIMIT failures for LOGIN_LOCKOUT_MINUTES; a password reset unlocks it early.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Log-in is case-insensitive: MANAGER@x and manager@x must count as one account.
AXES_USERNAME_CALLABLE = "accounts.lockout.username_of_credentials"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Attempts while locked do not push the retry time further: the page can say when to retry.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
# Behind reverse proxies, LOGIN_PROXY_COUNT says how many append to X-Forwarded-For, so that
# lockout and reset limits count the client's address, not the proxy's.
LOGIN_PROXY_COUNT = env_int("LOGIN_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"

# Password-reset mails per address and per client address in a window; past it the page
# answers the same, and no mail goes out.
PASSWORD_RESET_LIMIT_PER_EMAIL = env_int("PASSWORD_RESET_LIMIT_PER_EMAIL", 3)
PASSWORD_RESET_LIMIT_PER_IP = env_int("PASSWORD_RESET_LIMIT_PER_IP", 10)
PASSWORD_RESET_LIMIT_WINDOW = timedelta(minutes=env_int("PASSWORD_RESET_LIMIT_MINUTES", 60))

# Two-factor (TOTP): optional for staff and funder users; OTP_REQUIRED_FOR=staff,funder makes
# it mandatory for those kinds of users. Which kinds a user is comes from the clusters floor.
OTP_REQUIRED_FOR = frozenset(env_list("OTP_REQUIRED_FOR"))
if OTP_REQUIRED_FOR - {"staff", "funder"}:
    raise ConfigurationError("OTP_REQUIRED_FOR takes staff, funder or both, comma separated.")
TWO_FACTOR_USER_KINDS = "clusters.roles.two_factor_kinds"
OTP_TOTP_ISSUER = env_str("OTP_ISSUER", "Clusterdesk")

# API tokens: their default lifetime, the longest one may choose, and how many a user may hold.
API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 90)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)
API_TOKEN_MAX_ACTIVE = env_int("API_TOKEN_MAX_ACTIVE", 5)

# Short-lived reads (clusters/read_cache.py: the home page's sums, API answers) shared by every
# worker when REDIS_URL is set, so a write in one worker invalidates them for all.
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 300)
# API reads (list and detail) cached the same way, per user; 0 turns the cache off.
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 30)
if REDIS_URL:
    CACHES["reads"] = {
        "BACKEND": "config.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "reads",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
else:
    CACHES["reads"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "reads",
    }

# Throttle counters (API rates, password-reset mails) live in one cache that every worker
# shares when REDIS_URL is set; without Redis, each process counts for itself.
if REDIS_URL:
    CACHES["throttle"] = {
        # Django's backend, with one Redis client per process instead of one per operation.
        "BACKEND": "config.redis_cache.RedisCache",
        "LOCATION": env_str("THROTTLE_CACHE_URL") or REDIS_URL,
        "KEY_PREFIX": "throttle",
        # A Redis that hangs must not hang the request: throttling fails open instead.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
else:
    CACHES["throttle"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "throttle",
    }

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

# --- Headers (issue 11: CSP, Permissions-Policy, Referrer-Policy, COOP, HSTS) ---------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp 4's dict format). Every script, style, image and font
# comes from our own static files: no inline <script>, <style>, style="" or on*= anywhere
# (static/js/site.js reads data-* attributes instead), and no eval: htmx runs with allowEval
# off (templates/base.html). JSON islands (json_script, the Plotly figures) are data blocks,
# not scripts, so 'self' covers them. plotly.js would inject two style elements on load: the
# page's charts stand in for them (templates/reports/_chart_assets.html, config/staticfiles.py);
# otherwise Plotly and Swagger UI change styles only through the CSSOM, which style-src does not
# govern. img-src allows data: for the icons Swagger UI's and
# Plotly's stylesheets embed, and blob:/data: for Plotly's "download as PNG".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        # Browsers post violations here; config/views.py logs each as one WARNING line.
        "report-uri": ["/csp-report"],
    },
}
# Permissions-Policy: the app needs no device, sensor or payment API; switch them all off so an
# injected script or a framed page cannot ask for them either.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # The container health check calls /healthz over plain HTTP from inside the container.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_without_traceback": {"()": "clusters.logs.RefusalWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes notes every log-in at INFO; failures and lockouts are WARNING.
        "axes": {"level": "WARNING"},
        # A 403 is one WARNING line with its reason, not a traceback (clusters/logs.py).
        "django.request": {"filters": ["refusals_without_traceback"]},
    },
}

# Uploads, imports and request bodies (issue 11, "uploads"): one hostile file or body must not
# tie up a worker or its memory. Every cap refuses with a message that names it.
# A request body that is not a file upload (JSON, a form post): Django's own cap, which the
# RequestBodyLimitMiddleware also applies to the API, whose parsers read the stream directly.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("REQUEST_BODY_MAX_KB", 2560) * 1024
# The largest file of each kind; a multipart body may be as large as the largest kind plus
# UPLOAD_FORM_OVERHEAD_BYTES for the form's other fields.
RECEIPT_MAX_BYTES = env_int("RECEIPT_MAX_MB", 5) * 1024 * 1024
IMPORT_MAX_FILE_BYTES = env_int("IMPORT_MAX_FILE_MB", 5) * 1024 * 1024
UPLOAD_FORM_OVERHEAD_BYTES = 1024 * 1024
# An .xlsx is a zip of XML: its central directory is checked before openpyxl opens it.
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_UNCOMPRESSED_MB", 50) * 1024 * 1024
IMPORT_MAX_COMPRESSION_RATIO = env_int("IMPORT_MAX_COMPRESSION_RATIO", 100)
IMPORT_MAX_ZIP_ENTRIES = env_int("IMPORT_MAX_ZIP_ENTRIES", 500)
IMPORT_MAX_SHEETS = env_int("IMPORT_MAX_SHEETS", 30)
# Then, while reading, per sheet. A national agency imports a project of 100,000 rows, most
# of them in one activity sheet (issue 12); the uncompressed cap above still bounds memory.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 200)
# openpyxl streams about 5,000-10,000 rows a second on a busy 2-core machine.
IMPORT_PARSE_SECONDS = env_int("IMPORT_PARSE_SECONDS", 90)
