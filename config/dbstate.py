"""Whether a database error means "busy or unreachable for now": a 503, not a 500.

Pages (dashboard.middleware) and the API (indicators.api.exceptions) answer such
errors with 503 and Retry-After; any other database error stays a 500.
"""

from django.db.utils import OperationalError
from django.utils.translation import gettext_lazy as _

# What a client is told to wait before trying again (the Retry-After header).
RETRY_AFTER_SECONDS = 5

MESSAGE = _("数据库暂时繁忙或不可用，请稍后重试。")

# SQLite: another connection holds the write lock past the busy timeout.
# PostgreSQL (libpq's words): the server cannot be reached or refuses new sessions.
_PHRASES = (
    "database is locked",
    "database table is locked",
    "connection refused",
    "could not connect",
    "connection failed",
    "server closed the connection unexpectedly",
    "the database system is starting up",
    "the database system is shutting down",
    "too many clients",
)
# PostgreSQL SQLSTATEs: class 08 is "connection exception"; admin/crash shutdown,
# cannot connect now, too many connections, lock not available (lock_timeout);
# deadlock detected and serialization failure, which roll the whole transaction
# back (nothing is half-written) and succeed when tried again.
_SQLSTATES = {"57P01", "57P02", "57P03", "53300", "55P03", "40P01", "40001"}


def database_unavailable(error: BaseException) -> bool:
    """True when ``error`` says the database is locked, busy or cannot be reached."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if sqlstate and (sqlstate.startswith("08") or sqlstate in _SQLSTATES):
        return True
    text = str(error).lower()
    return any(phrase in text for phrase in _PHRASES)
