"""CSV of a whole list at the database's speed: PostgreSQL's COPY … TO STDOUT.

The server formats every cell (the figure with its indicator's decimals, the time
in the current time zone, the formula guard of :func:`indicators.reads.exports.safe_cell`)
and writes the CSV; Python only turns its line ends into the CRLF that Python's
``csv`` module writes, and hands blocks of about 256 KB to the WSGI server. The
bytes are those of the row-by-row path used on SQLite (``tests/api/test_fast_read.py``
runs on both databases).
"""

from collections.abc import Iterator

from django.db import connection
from django.db.models import Func, TextField
from django.utils import timezone

BLOCK = 256 * 1024


class Sql(Func):
    """A SQL template over column expressions: ``{0}``, ``{1}``… are their SQL."""

    output_field = TextField()

    def __init__(self, template: str, *expressions):
        self.sql_template = template
        super().__init__(*expressions)

    def as_sql(self, compiler, connection, **extra_context):
        parts = []
        for expression in self.get_source_expressions():
            sql, params = compiler.compile(expression)
            if params:  # columns only: the template may use each more than once
                raise ValueError("Sql() takes column expressions without parameters")
            parts.append(sql)
        return self.sql_template.format(*parts), []


# Python's csv module writes "" for None and leaves an empty text unquoted; COPY
# quotes an empty text, so empty becomes NULL. Formula-like text gets the apostrophe;
# the nested CASE keeps the regular expression off the ordinary rows.
SAFE_TEXT = (
    "CASE WHEN {0} = '' THEN NULL "
    "WHEN left({0}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN "
    "CASE WHEN {0} ~ '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$' "
    "THEN {0} ELSE chr(39) || {0} END "
    "ELSE {0} END"
)
# A stored figure has at most its indicator's decimals (validation refuses more), so
# trunc() is exact; otherwise Decimal.quantize's half to even (SQL's round() rounds
# half away from zero).
FIGURE_TEXT = (
    "CASE WHEN {0} = trunc({0}, {1}) THEN trunc({0}, {1})::text "
    "ELSE round(CASE WHEN mod({0} * power(10::numeric, {1}), 1) = 0.5 "
    "THEN round({0} * power(10::numeric, {1}) / 2) * 2 / power(10::numeric, {1}) "
    "ELSE {0} END, {1})::text END"
)
# Python's isoformat() in the session's time zone (copy_csv sets the current one):
# no fraction when the microseconds are 0; DRF's "Z" for UTC when asked.
TIME_TEXT = "replace(to_char({0}, 'YYYY-MM-DD\"T\"HH24:MI:SS.USTZH:TZM'), '.000000', '')"


def safe_text(column) -> Sql:
    return Sql(SAFE_TEXT, column)


def figure_text(value, decimals) -> Sql:
    return Sql(FIGURE_TEXT, value, decimals)


def time_text(column, *, utc_as_z: bool) -> Sql:
    template = f"replace({TIME_TEXT}, '+00:00', 'Z')" if utc_as_z else TIME_TEXT
    return Sql(template, column)


def copy_csv(queryset, columns: list[str], first_line: bytes) -> Iterator[bytes]:
    """``first_line`` (the BOM and header), then the rows of ``queryset.values_list(*columns)``
    as COPY writes them, line ends made CRLF, in blocks."""
    sql, params = queryset.values_list(*columns).query.sql_with_params()
    zone = timezone.get_current_timezone_name()
    yield first_line
    buffer = bytearray()
    quoted = False
    with connection.cursor() as wrapper:
        raw = wrapper.cursor  # psycopg's own cursor: COPY is not in the DB-API
        # The server formats times in the current time zone; Django's own queries
        # expect the connection's zone back, whatever happens to the stream.
        raw.execute("SELECT set_config('TimeZone', %s, false)", [zone])
        try:
            with raw.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy:
                for data in copy:  # one row a message
                    buffer += data
                    if len(buffer) >= BLOCK:
                        block, quoted = crlf(bytes(buffer), quoted)
                        buffer.clear()
                        yield block
        finally:
            raw.execute("SELECT set_config('TimeZone', %s, false)", [connection.timezone_name])
    if buffer:
        block, quoted = crlf(bytes(buffer), quoted)
        yield block


def crlf(block: bytes, quoted: bool) -> tuple[bytes, bool]:
    """Line ends outside quoted fields as CRLF; a newline inside a quoted field stays.

    ``quoted`` says whether the block starts inside a quoted field; the answer says
    whether the next one does.
    """
    if b'"' not in block:
        return (block if quoted else block.replace(b"\n", b"\r\n")), quoted
    parts = block.split(b'"')
    for index, part in enumerate(parts):
        if not quoted ^ (index % 2 == 1):
            parts[index] = part.replace(b"\n", b"\r\n")
    return b'"'.join(parts), quoted ^ (len(parts) % 2 == 0)
