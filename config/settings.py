"""Settings for the town indicators dashboard, read from the environment.

One module for every environment. Development needs nothing set: DEBUG on gives
an SQLite file under var/. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL (see docs/deploy.md).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only for a developer's machine: DEBUG is on, nothing is deployed.
    SECRET_KEY = "dev-only-insecure-key-do-not-deploy"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    # API tokens stored hashed (SHA-512), shown once; replaces rest_framework.authtoken.
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    # Background tasks (uploads, large exports) queued in the database: django-tasks.
    "django_tasks",
    "django_tasks_db",
    # Sign-in security: lockout (axes), second factor (django-otp), our receivers.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "dashboard.account.apps.AccountConfig",
    "indicators",
    "indicators.audit",
    "indicators.exchange",
    "indicators.maps",
    "indicators.assessment",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions: a NUL in the session cookie must never reach the database.
    "dashboard.middleware.RejectNulMiddleware",
    # An API list asked again at the same data stamps, by a token or anonymously:
    # its kept answer, after the caller's check and count (indicators/api/kept.py).
    "indicators.api.kept.KeptAnswerMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dashboard.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether the TOTP code was given in this session.
    "django_otp.middleware.OTPMiddleware",
    # The request for audit entries recorded by signal receivers (indicators.audit).
    "indicators.audit.context.CurrentRequestMiddleware",
    # Every 403 answer is an audit entry: who, from where, which path.
    "indicators.audit.refusals.RefusalAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # TOTP code, enrolment or a new password first, when owed (dashboard/account/security.py).
    "dashboard.account.security.SignInPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "dashboard.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into our lockout page.
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
            ],
        },
    },
]

# SQLite under var/ is the embedded default so the product runs anywhere with one
# command; PostgreSQL (postgres://...) is the production database.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A clerk saving while a county official reads must wait, not fail with
    # "database is locked"; WAL lets reads go on during a write.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Connections are kept between requests as on PostgreSQL (CONN_MAX_AGE above):
    # opening one and running its PRAGMAs was a third of a kept API answer's time.
    # Restoring a backup stops the server first (docs/deploy.md), so no kept
    # connection can outlive the file it opened.

# PostgreSQL in production: DATABASE_URL is the application's role, which owns no
# table and may only read and append the audit trail; DATABASE_OWNER_URL is the
# owner role of the same database, used by `migrate` and `audit_purge` alone
# (indicators/audit/roles.py, docs/deploy.md "Database roles"). Unset: one role.
DATABASE_OWNER_URL = os.environ.get("DATABASE_OWNER_URL", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Excel and CSV uploads: a county's workbook of 10,000 figures is under 1 MB; the
# unpacked limit refuses zip bombs before openpyxl reads them.
EXCEL_UPLOAD_MAX_BYTES = int(os.environ.get("EXCEL_UPLOAD_MAX_MB", "5")) * 1024 * 1024
EXCEL_UPLOAD_MAX_UNPACKED = 100 * 1024 * 1024

# Long work (reading and checking an upload, writing it, the county's template) runs
# in `manage.py db_worker`, queued in the same database on SQLite and PostgreSQL; pages
# poll its progress. `make run` starts the worker beside the server (docs/deploy.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# AUTH_PASSWORD_VALIDATORS: see "Sign-in and sessions" below.

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# A failed CSRF check shows a Chinese page that says how to get the typing back.
CSRF_FAILURE_VIEW = "dashboard.errors.csrf_failure"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# plotly.min.js comes from the installed plotly package (no CDN on an intranet);
# this finder exposes only that file, also to collectstatic (dashboard/staticfiles.py).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "dashboard.staticfiles.PlotlyFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The default cache is each process's memory: the API's cached row counts and kept
# answers are keyed by the data stamps, so a worker that has not seen one yet only
# computes it once more.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The throttle's counters must be one count for all workers (gunicorn --workers 3 would
# otherwise allow three times the rate), so they live in files that every worker on the
# machine shares, each changed under a lock (indicators/api/counters.py). Not the
# database: it would add a SELECT and a write to every API request, and on SQLite that
# write would queue behind imports for the one write lock.
API_THROTTLE_DIR = os.environ.get("API_THROTTLE_DIR", str(BASE_DIR / "var" / "throttle"))

REST_FRAMEWORK = {
    # Token first: an anonymous call to a write endpoint then gets a 401 with
    # "WWW-Authenticate: Token", which tells a script what to send.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "indicators.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON numbers are read as Decimal, never float; bodies over 10 MB are a 413.
    "DEFAULT_PARSER_CLASSES": ["indicators.api.parsers.DecimalJSONParser"],
    # List endpoints add CSV themselves; no browsable HTML API (Swagger UI is at docs/).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # ?format= outside the endpoint's formats (or blank) is a 400, not DRF's 404.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "indicators.api.negotiation.StrictContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "indicators.api.pagination.ApiPagination",
    "PAGE_SIZE": 100,
    # One JSON error shape for every error: {"error": {status, code, message, details}}.
    "EXCEPTION_HANDLER": "indicators.api.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "indicators.api.throttles.AnonymousThrottle",
        "indicators.api.throttles.UserThrottle",
    ],
    # Per client IP for anonymous callers, per user (token or session) otherwise.
    # Counted in files under API_THROTTLE_DIR, shared by the workers of one machine.
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "600/minute"),
    },
    # How many proxies in front append to X-Forwarded-For. 0: the client is REMOTE_ADDR
    # and the header is ignored (None would make DRF trust whatever a client sends).
    "NUM_PROXIES": max(0, int(os.environ.get("API_NUM_PROXIES", "0"))),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "镇域发展指标看板 API",
    "DESCRIPTION": (
        "Town indicators dashboard: figures of the annual town work report. "
        "Everything is addressed by code; figures are strings with the indicator's decimals. "
        "Send `Authorization: Token <key>`; see docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's assets come from drf-spectacular-sidecar: no CDN on an intranet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Status choices appear in several serializers; one named enum in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ReportStatusEnum": "indicators.models.Status",
        "ImportStatusEnum": ["ok", "conflict"],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "indicators.api.schema.closed_bodies",
        "indicators.api.schema.required_bodies",
    ],
}

# Production hardening. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER_ON=1.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    if env_bool("SECURE_PROXY_SSL_HEADER_ON", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Headers, API hardening, backups (等保 level 3)
# Content-Security-Policy (django-csp): no inline or eval'd script and no inline style
# anywhere, in `make run` too. Plotly's own rules come from css/plotly.css rather than a
# <style> element it would add (dashboard/charts/styles.py); its style.* properties,
# set from script, are not inline style to the policy. Bars are SVG with a width attribute.
# Plotly's PNG download and the TOTP QR code are data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Powerful browser features the product never uses (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# API tokens expire API_TOKEN_DAYS after they are issued (indicators/accounts/tokens.py); a
# user holds at most API_TOKEN_LIMIT and revokes them on 我的账户. The last use is
# written at most once per API_TOKEN_USE_RESOLUTION, not on every request.
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "90"))
if API_TOKEN_DAYS < 1:
    raise ImproperlyConfigured("API_TOKEN_DAYS must be at least 1.")
API_TOKEN_LIMIT = 5
API_TOKEN_USE_RESOLUTION = timedelta(minutes=10)
REST_KNOX = {"TOKEN_TTL": timedelta(days=API_TOKEN_DAYS), "AUTH_HEADER_PREFIX": "Token"}
# Every 500 gets a short incident id, shown to the user and added to django.request's
# log line with the traceback (config/incidents.py).
LOGGING.setdefault("filters", {})["incident"] = {"()": "config.incidents.IncidentFilter"}
_request_logger = LOGGING.setdefault("loggers", {}).setdefault("django.request", {})
_request_logger.setdefault("filters", []).append("incident")
# manage.py backup writes here unless --out says otherwise.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "var" / "backups"))
# --- end of headers, API hardening, backups

# --- Audit trail and separated administrators (等保 level 3)
# Audit entries are kept at least this many days (GB/T 22239-2019 8.1.4.3; the
# Cybersecurity Law art. 21 asks for six months). Nothing deletes them: the table is
# append-only; `manage.py audit_archive` copies older entries to a file, and a DBA
# moves them off-line by the procedure in docs/deploy.md.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "180"))
if AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("AUDIT_RETENTION_DAYS must be at least 180.")
# --- end of audit trail and separated administrators

# --- Sign-in and sessions (等保 level 3)
# GB/T 22239-2019 8.1.4.1 身份鉴别: a) complex passwords replaced regularly; b) lockout
# after failed sign-ins and an idle timeout; d) two authentication factors.
# Everything here is on under DEBUG too, except requiring the second factor.
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out account or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins (django-axes; how they are handled is in dashboard/account/lockout.py):
# SIGNIN_FAILURE_LIMIT failures for one account from one address lock that pair for
# SIGNIN_LOCKOUT_MINUTES, even with the right password then; the account elsewhere and
# other accounts at that address are not locked. SIGNIN_ADDRESS_LIMIT failures from one
# address, over all accounts, lock the address. From SIGNIN_SLOWDOWN_AFTER failures on
# one account, from any address, each further try waits (5 s, doubling, at most
# SIGNIN_SLOWDOWN_MAX_SECONDS), except at an address where the account signed in within
# SIGNIN_KNOWN_ADDRESS_DAYS. A failure counts while it is less than
# SIGNIN_LOCKOUT_MINUTES old; tries refused meanwhile do not count. Wrong TOTP codes
# count too; the admin's login is the same. The security administrator unlocks early
# in the admin (Axes > access attempts) or with `manage.py axes_reset_username NAME`.
AXES_FAILURE_LIMIT = int(os.environ.get("SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGNIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "dashboard.account.lockout.SignInLockoutHandler"
SIGNIN_ADDRESS_LIMIT = int(os.environ.get("SIGNIN_ADDRESS_LIMIT", "100"))
SIGNIN_SLOWDOWN_AFTER = 10
SIGNIN_SLOWDOWN_MAX_SECONDS = 300
SIGNIN_KNOWN_ADDRESS_DAYS = 30
# Tries during a lockout do not extend it, so the time the page gives stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "dashboard.account.lockout.lockout_response"
# The client address as the API throttle sees it: API_NUM_PROXIES hops of X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "dashboard.account.security.client_ip"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]

# Passwords: at least 10 characters of 3 of the 4 classes (upper, lower, digit,
# symbol), not like the user's name, not common, not all digits, none of the last
# PASSWORD_HISTORY_COUNT; older than PASSWORD_MAX_AGE_DAYS days (0: never) must be
# changed before anything else. Messages in Chinese (indicators/accounts/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "indicators.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "indicators.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {
        "NAME": "indicators.accounts.passwords.CharacterClassesValidator",
        "OPTIONS": {"min_classes": 3},
    },
    {"NAME": "indicators.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "indicators.accounts.passwords.NumericPasswordValidator"},
    # Also records each new password's hash: the history behind expiry and reuse.
    {"NAME": "indicators.accounts.passwords.PasswordHistoryValidator"},
]
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", "90"))
PASSWORD_HISTORY_COUNT = 5

# Second factor (django-otp, TOTP): users of these roles must enrol an authenticator
# app on /account/two-factor/ before using anything else; anyone may enrol, and then
# always gives the code. Empty under DEBUG so the demo accounts sign in with the
# printed password.
OTP_REQUIRED_ROLES = env_list(
    "OTP_REQUIRED_ROLES", "" if DEBUG else "admin,county,sysadmin,secadmin,auditor"
)
OTP_TOTP_ISSUER = "镇域发展指标看板"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Sessions end after SESSION_IDLE_MINUTES without a request (at most one refresh
# step later), and when the browser closes. The expiry slides with activity: the
# session is written at most once a SESSION_REFRESH_SECONDS (a tenth of the idle
# limit, at most a minute), not on every request, and lives the idle limit plus that
# step, so a request within the limit always finds it (SignInPolicyMiddleware).
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_REFRESH_SECONDS = max(1, min(60, SESSION_IDLE_SECONDS // 10))
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + SESSION_REFRESH_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
# --- end of sign-in and sessions

# Demo content: a fictional county under province code 99, which no real
# statistical division code uses (real province codes are 11-65, 71, 81, 82).
DEMO_COUNTY_CODE = "999901000000"
