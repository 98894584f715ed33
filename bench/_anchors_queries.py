"""The four queries of issue 11, as each server is asked them, and the check that the
three answer the same rows before anything is timed."""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from urllib.parse import urlencode

from _anchors_data import AGGREGATE_INDICATORS, SERIES_INDICATOR, Sample
from _anchors_sql import DATASETTE_AGGREGATES, VALUE_COLUMNS

DATASETTE_DB = "anchors"


@dataclass(frozen=True)
class Query:
    key: str
    label: str
    kind: str  # "values" or "aggregates"
    paths: dict[str, str]  # server name -> path and query string


def _path(base: str, params: dict) -> str:
    return f"{base}?{urlencode(params)}"


def queries(sample: Sample) -> list[Query]:
    low, high = sample.bounds
    table = f"/{DATASETTE_DB}/figures.json"
    objects = {"_shape": "objects", "_size": "max"}
    county_range = {"region__gte": low, "region__lte": high}
    series = {"indicator": SERIES_INDICATOR}
    pair = ",".join(AGGREGATE_INDICATORS)
    return [
        Query(
            "town_year",
            "one town, one year",
            "values",
            {
                "product": _path("/api/v1/values/", {"region": sample.town, "year": sample.year}),
                "datasette": _path(table, {"region": sample.town, "year": sample.year, **objects}),
                "raw": _path("/values", {"region": sample.town, "year": sample.year}),
            },
        ),
        Query(
            "county_year",
            "one county, one year",
            "values",
            {
                "product": _path(
                    "/api/v1/values/",
                    {"region": sample.county, "year": sample.year, "page_size": 1000},
                ),
                "datasette": _path(table, {**county_range, "year": sample.year, **objects}),
                "raw": _path("/values", {"region": sample.county, "year": sample.year}),
            },
        ),
        Query(
            "indicator_county",
            "one indicator, one county, all years",
            "values",
            {
                "product": _path(
                    "/api/v1/values/",
                    {"region": sample.county, **series, "page_size": 1000},
                ),
                "datasette": _path(table, {**county_range, **series, **objects}),
                "raw": _path("/values", {"region": sample.county, **series}),
            },
        ),
        Query(
            "aggregates",
            "aggregates, one county, two indicators",
            "aggregates",
            {
                "product": _path(
                    "/api/v1/aggregates/", {"region": sample.county, "indicator": pair}
                ),
                "datasette": _path(
                    f"/{DATASETTE_DB}.json",
                    {
                        "sql": DATASETTE_AGGREGATES,
                        "region": sample.county,
                        "low": low,
                        "high": high,
                        "first": AGGREGATE_INDICATORS[0],
                        "second": AGGREGATE_INDICATORS[1],
                        "_shape": "objects",
                    },
                ),
                "raw": _path("/aggregates", {"region": sample.county, "indicator": pair}),
            },
        ),
    ]


def fetch(url: str):
    try:
        with urllib.request.urlopen(url, timeout=120) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as error:
        raise AssertionError(f"{url}: {error.code} {error.read()[:500]!r}") from None


def _rows_of(server: str, body) -> list[dict]:
    if isinstance(body, list):
        return body
    if server == "datasette":
        if body.get("next"):
            raise AssertionError("datasette answered more than one page")
        return body["rows"]
    if body.get("next") or body.get("count") != len(body["results"]):
        raise AssertionError(f"{server} answered more than one page")
    return body["results"]


def _value_row(row: dict) -> tuple:
    normal = dict(row)
    normal["value"] = Decimal(str(row["value"]))
    normal["year"] = int(row["year"])
    normal["version"] = int(row["version"])
    normal["updated_at"] = datetime.fromisoformat(row["updated_at"])
    return tuple(normal[column] for column in VALUE_COLUMNS)


def _aggregate_row(row: dict) -> tuple:
    value = None if row["value"] is None else Decimal(str(row["value"]))
    return (row["indicator"], int(row["year"]), value, int(row["towns"]), int(row["approved"]))


def _same_aggregate(mine: tuple, theirs: tuple, datasette: bool) -> bool:
    if mine[:2] + mine[3:] != theirs[:2] + theirs[3:]:
        return False
    if mine[2] is None or theirs[2] is None:
        return mine[2] is theirs[2]
    if not datasette:
        return mine[2] == theirs[2]
    # SQLite adds REAL: allow one unit of the product's last decimal.
    return abs(mine[2] - theirs[2]) <= Decimal(1).scaleb(mine[2].as_tuple().exponent)


def check(query: Query, bases: dict[str, str], floating: tuple[str, ...] = ("datasette",)) -> int:
    """The rows every server answers, in order; raises when any differs from the product's.

    ``floating``: the anchors whose aggregates SQLite sums as REAL (one unit of leeway).
    """
    answers = {
        name: _rows_of(name, fetch(bases[name] + path)) for name, path in query.paths.items()
    }
    normal = _value_row if query.kind == "values" else _aggregate_row
    rows = {name: [normal(row) for row in answer] for name, answer in answers.items()}
    mine = rows["product"]
    if not mine:
        raise AssertionError(f"{query.key}: the product answered no rows")
    for name in ("datasette", "raw"):
        theirs = rows[name]
        if len(theirs) != len(mine):
            raise AssertionError(f"{query.key}: {name} {len(theirs)} rows, product {len(mine)}")
        for index, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            same = a == b if query.kind == "values" else _same_aggregate(a, b, name in floating)
            if not same:
                raise AssertionError(f"{query.key} row {index}: product {a} != {name} {b}")
    return len(mine)
