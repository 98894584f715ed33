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
    # Sign-in security: lockout (axes), second factor (django-otp), our receivers.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "dashboard.account.apps.AccountConfig",
    "indicators",
    "indicators.audit",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions: a NUL in the session cookie must never reach the database.
    "dashboard.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dashboard.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether the TOTP code was given in this session.
    "django_otp.middleware.OTPMiddleware",
    # The request for audit entries recorded by signal receivers (indicators.audit).
    "indicators.audit.context.CurrentRequestMiddleware",
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
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Excel and CSV uploads: a county's workbook of 10,000 figures is under 1 MB; the
# unpacked limit refuses zip bombs before openpyxl reads them.
EXCEL_UPLOAD_MAX_BYTES = int(os.environ.get("EXCEL_UPLOAD_MAX_MB", "5")) * 1024 * 1024
EXCEL_UPLOAD_MAX_UNPACKED = 100 * 1024 * 1024

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
    "DEFAULT_PAGINATION_CLASS": "indicators.api.pagination.ApiPagination",
    "PAGE_SIZE": 100,
    # One JSON error shape for every error: {"error": {status, code, message, details}}.
    "EXCEPTION_HANDLER": "indicators.api.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "indicators.api.throttles.AnonymousThrottle",
        "indicators.api.throttles.UserThrottle",
    ],
    # Per client IP for anonymous callers, per user (token or session) otherwise.
    # Counted in the default cache: per process unless CACHES points at a shared one.
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
# Content-Security-Policy (django-csp): no inline or eval'd script anywhere; styles may be
# inline because Plotly writes style attributes and a few templates colour bars with them.
# Plotly's PNG download and the TOTP QR code are data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
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
# Tokens never expire by themselves: a user revokes or rotates them on 我的账户.
REST_KNOX = {"TOKEN_TTL": None, "AUTH_HEADER_PREFIX": "Token"}
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
# Lockout (django-axes): SIGNIN_FAILURE_LIMIT failed sign-ins for one account, or from
# one address, lock it for SIGNIN_LOCKOUT_MINUTES, even with the right password then.
# Counted separately per account and per address; a failure older than the cool-off
# no longer counts. Wrong TOTP codes count as failures too. The admin's login is the
# same. An administrator unlocks early in the admin (Axes > access attempts) or with
# `manage.py axes_reset_username NAME`.
AXES_FAILURE_LIMIT = int(os.environ.get("SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGNIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Tries during a lockout do not extend it, so the time the page gives stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "dashboard.account.security.lockout_response"
# The client address as the API throttle sees it: API_NUM_PROXIES hops of X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "dashboard.account.security.client_ip"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]

# Passwords: at least 10 characters of 3 of the 4 classes (upper, lower, digit,
# symbol), not like the user's name, not common, not all digits, none of the last
# PASSWORD_HISTORY_COUNT; older than PASSWORD_MAX_AGE_DAYS days (0: never) must be
# changed before anything else. Messages in Chinese (indicators/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "indicators.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "indicators.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "indicators.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "indicators.passwords.CommonPasswordValidator"},
    {"NAME": "indicators.passwords.NumericPasswordValidator"},
    # Also records each new password's hash: the history behind expiry and reuse.
    {"NAME": "indicators.passwords.PasswordHistoryValidator"},
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

# Sessions end after SESSION_IDLE_MINUTES without a request, and when the browser
# closes. The expiry slides with activity, refreshed at most once a minute
# (SignInPolicyMiddleware) rather than writing the session on every request.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
# --- end of sign-in and sessions

# Demo content: a fictional county under province code 99, which no real
# statistical division code uses (real province codes are 11-65, 71, 81, 82).
DEMO_COUNTY_CODE = "999901000000"
