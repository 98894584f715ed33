"""Test settings: the product's one settings module, with a throwaway key and fast hashing."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-insecure-key")
# The throttle's counters are files shared by processes: each test run gets its own
# directory, or runs side by side on one machine would share one budget. Processes
# the run starts inherit it.
if "API_THROTTLE_DIR" not in os.environ:
    os.environ["API_THROTTLE_DIR"] = tempfile.mkdtemp(prefix="indicators-throttle-")
    atexit.register(shutil.rmtree, os.environ["API_THROTTLE_DIR"], ignore_errors=True)
# Playwright's sync API runs an event loop in the test thread; the ORM calls that
# tests make beside it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SECURE_SSL_REDIRECT = False
# Live-server threads must not keep connections open past a test: PostgreSQL
# could not drop the test database at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Browsers send Secure cookies only over https; the live test server speaks http.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The suite signs in with force_login and no TOTP device; tests of the second factor
# set OTP_REQUIRED_ROLES themselves (tests/dashboard/test_sign_in_security.py).
OTP_REQUIRED_ROLES = []
# Background tasks run at once, in the request that queues them; the tests of the
# worker itself switch to the database backend (tests/indicators/test_jobs.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A test database needs no durable commits: without waiting for each commit's WAL
# flush, the tests that commit (live servers, the browser, TRUNCATE between them) run
# faster. Nothing else changes: the same SQL, locks and isolation.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
