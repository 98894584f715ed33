"""The raw anchor: a minimal WSGI app, one SELECT through psycopg, encoded with orjson.

What the product's read API would cost with nothing but the query and the encoding:
no framework, no region lookup, no ETag query, no count query. Served by the same
gunicorn as the product (``gunicorn --pythonpath bench _raw_app:app``), reading
``DATABASE_URL`` (PostgreSQL, or ``sqlite:///path`` for the product's schema on
SQLite). Same rows, same columns, same shapes as the product:

    /values?region=CODE&year=YEAR            {"count", "next", "previous", "results"}
    /values?region=CODE&indicator=CODE       the same
    /aggregates?region=CODE&indicator=A,B    a list
"""

import os
import sqlite3
from urllib.parse import parse_qs

import orjson
import psycopg
from _anchors_sql import (
    AGGREGATES,
    SQLITE_AGGREGATES,
    SQLITE_VALUES_OF_INDICATOR,
    SQLITE_VALUES_OF_YEAR,
    VALUES_OF_INDICATOR,
    VALUES_OF_YEAR,
    subtree_bounds,
)

URL = os.environ["DATABASE_URL"]
SQLITE = URL.startswith("sqlite:///")
_connection = None


def _connect():
    if SQLITE:
        return sqlite3.connect(URL.removeprefix("sqlite:///"), check_same_thread=False)
    return psycopg.connect(URL, autocommit=True)


def _rows(sql: str, params: dict) -> list[dict]:
    global _connection
    if _connection is None:
        _connection = _connect()
    cursor = _connection.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _answer(start_response, status: str, body) -> list[bytes]:
    payload = orjson.dumps(body)
    start_response(
        status,
        [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
    )
    return [payload]


def app(environ, start_response):
    query = {key: values[0] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
    path = environ.get("PATH_INFO", "")
    if "region" not in query:
        return _answer(start_response, "400 Bad Request", {"error": "region"})
    low, high = subtree_bounds(query["region"])
    if path == "/values":
        if "year" in query:
            sql = SQLITE_VALUES_OF_YEAR if SQLITE else VALUES_OF_YEAR
            rows = _rows(sql, {"low": low, "high": high, "year": int(query["year"])})
        else:
            params = {"low": low, "high": high, "indicator": query.get("indicator", "")}
            rows = _rows(SQLITE_VALUES_OF_INDICATOR if SQLITE else VALUES_OF_INDICATOR, params)
        body = {"count": len(rows), "next": None, "previous": None, "results": rows}
        return _answer(start_response, "200 OK", body)
    if path == "/aggregates":
        indicators = query.get("indicator", "").split(",")
        params = {"region": query["region"], "low": low, "high": high}
        if SQLITE:  # the benchmark asks for two indicators
            params.update(first=indicators[0], second=indicators[-1])
            return _answer(start_response, "200 OK", _rows(SQLITE_AGGREGATES, params))
        params["indicators"] = indicators
        return _answer(start_response, "200 OK", _rows(AGGREGATES, params))
    return _answer(start_response, "404 Not Found", {"error": "path"})
