"""Settings shared by every environment. Everything configurable comes from environment variables."""

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from .env import env_bool, env_int, env_list, env_str
from .storage import media_storage_from_env, protected_storage_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "accounts.apps.AccountsConfig",
    "ui.apps.UiConfig",
    "ops.apps.OpsConfig",
    "cms.apps.CmsConfig",
    "forms_engine.apps.FormsEngineConfig",
    "beds.apps.BedsConfig",
    "circulation.apps.CirculationConfig",
    "liberty.apps.LibertyConfig",
    "coordination.apps.CoordinationConfig",
    "outcomes.apps.OutcomesConfig",
    "privacy.apps.PrivacyConfig",
    "oversight.apps.OversightConfig",
    "demo.apps.DemoConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "cms.users_app.CmsUsersConfig",  # wagtail.users, managing CMS accounts only: no case accounts (cms/users.py)
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_q",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "csp",
    "pgtrigger",
    "django_prometheus",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accounts.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "accounts.middleware.PrivatePagesMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "ops.headers.PermissionsPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "accounts.middleware.AdminAccessMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.shell",
            ],
        },
    },
]
FORM_RENDERER = "ui.renderers.GovukFormRenderer"


def _sqlite_database(path: Path) -> dict[str, object]:
    """The embedded default: SQLite in WAL mode, a busy timeout and IMMEDIATE write transactions."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }


def _url_database(url: str) -> dict[str, object]:
    """A database from DATABASE_URL. On PostgreSQL, JIT is off: it compiles the outcome indicators' query for
    longer than the query runs (bench/p4_outcome_indicators.py), and this service's queries are short."""
    database = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True)
    if "postgresql" in str(database["ENGINE"]):
        database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    return dict(database)


DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {
    "default": (
        _url_database(DATABASE_URL)
        if DATABASE_URL
        else _sqlite_database(Path(env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))))
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "config.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            # Short timeouts: a Redis outage must cost a request milliseconds, not seconds (config/cache.py).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if REDIS_URL
        # A database cache, not a per-process one, so the web server and the q cluster share cluster stats.
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_entries"}
    ),
    # Each process's own memory, for landing-page counts that may be a minute old (accounts/dashboard.py).
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "landing-page",
        "TIMEOUT": 60,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# Sessions live in the database only: a Redis outage cannot sign anyone out or fail a request, and a session
# ended while Redis was away cannot come back from a stale cached copy when it returns.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# `manage.py qcluster` runs ops/workers.py's cluster: on SIGTERM each worker finishes its task within stop_grace
# seconds or gives it back (a pack job is queued again and sent to another cluster), so a cluster stops within
# about 10 s (deploy/secure-welfare-qcluster.service). A worker prefetches at most one task (queue_limit): what it
# prefetched is not run when it stops, and is sent again by the job's sweeper.
Q_CLUSTER: dict[str, object] = {
    "name": env_str("Q_CLUSTER_NAME", "secure-welfare"),
    "workers": env_int("Q_WORKERS", 2),
    "queue_limit": env_int("Q_WORKERS", 2),
    "timeout": env_int("Q_TIMEOUT", 300),  # a task's hard limit; a pack's child stops itself at PACK_WALL_SECONDS
    "retry": env_int("Q_RETRY", 360),
    "stop_grace": env_int("Q_STOP_GRACE_SECONDS", 3),  # ops/workers.py, not django-q2's
    "guard_cycle": 0.5,  # how soon the sentinel notices the stop (and a dead worker)
    "max_attempts": 3,
    "catch_up": False,
    "label": "Background jobs",
    **({"redis": REDIS_URL} if REDIS_URL else {"orm": "default"}),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.password_validation.GuessablePasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend's checks; loads the signed-in user and their active membership in one query per request.
    "accounts.backends.MembershipBackend",
]
# A password-reset link works once (Django's token stops matching once the password changes) and for one hour.
PASSWORD_RESET_TIMEOUT = 60 * 60
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "accounts:signed-out"

# Sessions end after 30 minutes without a request. The session is not rewritten on every request:
# accounts.middleware.IdleTimeoutMiddleware stamps it at most once a minute (and signs out when idle too long).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# However active, a session ends this long after sign-in (ASVS 3.3.1's absolute limit).
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60)
# Confirming a placement, downloading an export, publishing a form version or template and changing users or their
# memberships need a second-factor check within this many seconds (accounts.access.step_up_required).
STEP_UP_SECONDS = env_int("STEP_UP_SECONDS", 15 * 60)
OTP_TOTP_ISSUER = "Secure welfare referrals"
# Passkeys and security keys (django-otp-webauthn) are a second factor after the password, never instead of it.
OTP_WEBAUTHN_RP_NAME = "Secure welfare referrals"
OTP_WEBAUTHN_RP_ID = env_str("WEBAUTHN_RP_ID", urlsplit(env_str("BASE_URL", "http://127.0.0.1:8000")).hostname or "")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "WEBAUTHN_ALLOWED_ORIGINS", [env_str("BASE_URL", "http://127.0.0.1:8000").rstrip("/")]
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Browsers treat http://127.0.0.1 and http://localhost as secure for passkeys; anything else must be https.
SILENCED_SYSTEM_CHECKS = (
    ["otp_webauthn.E031"]
    if all(urlsplit(origin).hostname in ("127.0.0.1", "localhost") for origin in OTP_WEBAUTHN_ALLOWED_ORIGINS)
    else []
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Login throttling (django-axes): five failures for one account, from any addresses, lock that account; five from one
# address, for any accounts, lock that address; either lock lasts 15 minutes (or until a user administrator
# unlocks it) and the account holder is told by e-mail. The client's address is REMOTE_ADDR unless a trusted proxy
# sets CLIENT_IP_HEADER (for example HTTP_X_REAL_IP): the proxy must overwrite that header, never pass on the
# client's own, or anyone could choose the address they are counted under.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
_CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER")
AXES_IPWARE_META_PRECEDENCE_ORDER = (_CLIENT_IP_HEADER,) if _CLIENT_IP_HEADER else ("REMOTE_ADDR",)
AXES_IPWARE_PROXY_TRUSTED_IPS = env_list("TRUSTED_PROXY_ADDRESSES", []) or None
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Child data (attachments, packs) is written here and served only through access-checked views.
# They are kept through the "protected" storage (config/settings/storage.py, ops/storage.py): on this machine's disk
# under PROTECTED_ROOT by default, or in an S3-compatible bucket with PROTECTED_STORAGE=s3.
PROTECTED_ROOT = Path(env_str("PROTECTED_ROOT", str(BASE_DIR / "var" / "protected")))
# Local working folders of confined renders and of files copied out of the storage for a build (removed after).
SCRATCH_ROOT = Path(env_str("SCRATCH_ROOT", tempfile.gettempdir()))
STORAGES = {
    "default": media_storage_from_env(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "protected": protected_storage_from_env(),
}

SERVICE_NAME = "Secure welfare referrals"
SERVICE_PHASE = env_str("SERVICE_PHASE", "beta")
FEEDBACK_EMAIL = env_str("FEEDBACK_EMAIL", "swcu@example.org")

WAGTAIL_SITE_NAME = "Secure Accommodation Network"
WAGTAILADMIN_BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
# Restricted pages send people to the service's own sign-in (password, then second factor), not Wagtail's form.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# Passwords are reset and changed only through the service's own pages (accounts/urls.py), which check the
# second factor, apply the password rules, tell the account holder and write the audit log. Nobody sets another
# person's password: new accounts are invited by a single-use link.
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": (
            "wagtail.search.backends.database.postgres.postgres"
            if DATABASE_URL.startswith(("postgres://", "postgresql://"))
            else "wagtail.search.backends.database"
        )
    }
}
# Documents are streamed through Wagtail's serve view (its privacy checks, our CSP), also from a bucket (MEDIA_STORAGE).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No third-party avatar look-ups: they would send a hash of each user's e-mail address off-site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Wagtail's page-editing tasks run in-process; our own background work goes through django-q2.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@secure-welfare.example")
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY")
# One Notify e-mail template whose subject is ((subject)) and body ((body)).
NOTIFY_TEMPLATE_ID = env_str("NOTIFY_TEMPLATE_ID")

# Hours a secure home has to answer a circulated referral before the coordinator is prompted to chase it.
CIRCULATION_RESPONSE_HOURS = env_int("CIRCULATION_RESPONSE_HOURS", 24)

# Demo users and synthetic children may be created only where this is true (never in production).
DEMO_DATA_ALLOWED = True

# /metrics for Prometheus, only with `Authorization: Bearer <METRICS_TOKEN>` (ops/metrics.py); unset: no endpoint.
METRICS_TOKEN = env_str("METRICS_TOKEN")
LOG_FORMAT = env_str("LOG_FORMAT", "plain")  # "plain" or "json"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "accounts.middleware.RequestIdLogFilter"},
        # Request lines lose their query strings, which may hold a name or a reference (docs/data-protection.md).
        "no_query_strings": {"()": "ops.log_filters.QueryStringRedactingFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        # One JSON object a line for a log collector; production's default (LOG_FORMAT).
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
        "requests": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "no_query_strings"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        **{name: {"level": "WARNING"} for name in ("axes", "django_tasks", "wagtail")},
        # The development server's request lines, and Django's own "Not Found: /path" warnings.
        "django.server": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["requests"], "level": "WARNING", "propagate": False},
    },
}

# Content-Security-Policy and Permissions-Policy (config/settings/headers.py).
from .headers import *  # noqa: E402,F403
