"""The raw anchor: a minimal WSGI app, one SELECT through psycopg, encoded with orjson.

What the product's read API would cost with nothing but the query and the encoding:
no framework, no region lookup, no ETag query, no count query. Served by the same
gunicorn as the product (``gunicorn --pythonpath bench _raw_app:app``), reading
``DATABASE_URL``. Same rows, same columns, same shapes as the product:

    /values?region=CODE&year=YEAR            {"count", "next", "previous", "results"}
    /values?region=CODE&indicator=CODE       the same
    /aggregates?region=CODE&indicator=A,B    a list
"""

import os
from urllib.parse import parse_qs

import orjson
import psycopg
from _anchors_sql import AGGREGATES, VALUES_OF_INDICATOR, VALUES_OF_YEAR, subtree_bounds

_connection = None


def _cursor():
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    return _connection.cursor()


def _rows(sql: str, params: dict) -> list[dict]:
    with _cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
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
            rows = _rows(VALUES_OF_YEAR, {"low": low, "high": high, "year": int(query["year"])})
        else:
            params = {"low": low, "high": high, "indicator": query.get("indicator", "")}
            rows = _rows(VALUES_OF_INDICATOR, params)
        body = {"count": len(rows), "next": None, "previous": None, "results": rows}
        return _answer(start_response, "200 OK", body)
    if path == "/aggregates":
        indicators = query.get("indicator", "").split(",")
        params = {"region": query["region"], "low": low, "high": high, "indicators": indicators}
        return _answer(start_response, "200 OK", _rows(AGGREGATES, params))
    return _answer(start_response, "404 Not Found", {"error": "path"})
