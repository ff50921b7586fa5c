"""Clusterdesk settings, read from the environment (see README, "Configuration").

Defaults serve a local demo: no DATABASE_URL means a SQLite file, no REDIS_URL means Celery runs
tasks eagerly in-process. ``DJANGO_ENV=production`` demands a real SECRET_KEY and ALLOWED_HOSTS
and turns on every HTTPS safeguard that ``manage.py check --deploy`` looks for.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from config.env import (
    ConfigurationError,
    env_bool,
    env_int,
    env_list,
    env_required,
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
    SECRET_KEY = env_required(
        "SECRET_KEY", "production needs a long random secret (at least 50 characters)."
    )
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
    "django_htmx",
    "django_countries",
    "simple_history",
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
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Issue 11, bad input: a NUL byte is refused before the session cookie is looked up.
    "clusters.guards.NulByteGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "clusters.middleware.CurrentClusterMiddleware",
    # Issue 11, bad input: a constraint violation a form did not foresee answers 409, not 500.
    "clusters.guards.DatabaseConflictMiddleware",
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
}

REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "clusters.api.exceptions.api_exception_handler",
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
    # Per API token when the request has one, else per user (reports/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "reports.throttling.TokenUserRateThrottle",
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

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
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
        # A 403 is one WARNING line with its reason, not a traceback (clusters/logs.py).
        "django.request": {"filters": ["refusals_without_traceback"]},
    },
}
