"""The read API against two anchors, in one interleaved run (issue 11).

- product: the values/ and aggregates/ API under gunicorn (2 workers, DEBUG off);
- Datasette 0.65: the same approved public figures as one flat SQLite table;
- raw: the same SELECT through psycopg, encoded with orjson, under the same gunicorn.

For each query, at 1 and 16 connections, wrk runs product, Datasette, raw, then again
(rotating who starts), so machine noise hits all three alike. Before any timing, the
three must answer the same rows. Then the full CSV export against psql's \\copy.

Province scale, on a seeded database that is only read (``manage.py seed_scale``):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/indicators_scale \\
        .venv/bin/python bench/bench_anchors.py --duration 15 --repeat 3 --write-docs

The same on SQLite (``--sqlite FILE``): the province is copied once into the product's
own schema in FILE (``manage.py migrate``, then the read tables row for row; reused
while it holds every figure), and product and raw read that file; Datasette serves its
flat copy of the same figures as before:

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/indicators_scale \\
        .venv/bin/python bench/bench_anchors.py --sqlite /tmp/province.sqlite3 --write-docs

Demo scale (a throwaway PostgreSQL database with the demo county; 3 s, once):

    .venv/bin/python bench/bench_anchors.py

Needs wrk (/usr/bin/wrk) and Datasette in a virtualenv of its own, never the
project's (it is an anchor, not a dependency):

    python3 -m venv /tmp/datasette-venv && /tmp/datasette-venv/bin/pip install 'datasette==0.65.*'
"""

import argparse
import os
import shlex
import shutil
import signal
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg
from _anchors_csv import product_csv, psql_copy
from _anchors_data import (
    create_demo_database,
    database_name,
    drop_database,
    export_sqlite,
    pick_sample,
    unanalyzed,
)
from _anchors_queries import DATASETTE_DB, check, queries
from _anchors_report import (
    SERVERS,
    anchors_table,
    context,
    csv_table,
    write_section,
)
from _anchors_servers import running, start_datasette, start_product, start_raw
from _anchors_sqlite import product_sqlite
from _anchors_wrk import WRK, wrk

DEFAULT_DATASETTE = "/tmp/datasette-venv/bin/datasette"


def arguments():
    seeded = bool(os.environ.get("BENCH_DATABASE_URL"))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=15 if seeded else 3, help="s per run")
    parser.add_argument("--repeat", type=int, default=3 if seeded else 1)
    parser.add_argument("--connections", default="1,16", help="comma-separated, e.g. 1,16")
    parser.add_argument("--only", default="", help="query keys, comma-separated")
    parser.add_argument("--datasette", default=os.environ.get("DATASETTE", DEFAULT_DATASETTE))
    parser.add_argument(
        "--server",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="PostgreSQL server for the throwaway demo database",
    )
    parser.add_argument("--no-csv", action="store_true", help="skip the CSV export")
    parser.add_argument(
        "--sqlite", type=Path, help="product and raw read a SQLite copy kept in this file"
    )
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    return parser.parse_args()


def command_line() -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    prefix = f"BENCH_DATABASE_URL={url} " if url else ""
    return prefix + ".venv/bin/python bench/bench_anchors.py " + shlex.join(sys.argv[1:])


def sqlite_folder(url: str) -> Path:
    """Where the SQLite copy is kept, per database: reused while it has every row."""
    return Path(tempfile.gettempdir()) / "bench_anchors" / database_name(url)


def interleaved(chosen, connections: list[int], bases: dict[str, str], args) -> dict:
    """wrk on each query and connection count, the three servers in turn, ``repeat`` times;
    each round starts with a different server. Runs by (query, connections) and server."""
    results = {
        (query.key, count): {name: [] for name in SERVERS}
        for query in chosen
        for count in connections
    }
    for repeat in range(args.repeat):
        order = SERVERS[repeat % 3 :] + SERVERS[: repeat % 3]
        for query in chosen:
            for count in connections:
                for name in order:
                    run = wrk(bases[name] + query.paths[name], count, args.duration)
                    results[(query.key, count)][name].append(run)
                    print(
                        f"  run {repeat + 1} {query.key} c{count} {name}: "
                        f"{run.rps:,.0f} req/s, p50 {run.p50 * 1000:.1f} ms"
                        + (f", {run.errors} errors" if run.errors else ""),
                        flush=True,
                    )
    return results


def measure(args, url: str) -> None:
    sample = pick_sample(url)
    guessed = unanalyzed(url)
    if guessed:
        print(
            f"WARNING: never analyzed: {', '.join(guessed)}; PostgreSQL plans without "
            "statistics. Run VACUUM ANALYZE on the database first (autovacuum may be off)."
        )
    with psycopg.connect(url) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
    engine = f"PostgreSQL {version.split()[0]}"
    served = url
    if args.sqlite:
        figures, seconds = product_sqlite(url, args.sqlite)
        served = f"sqlite:///{args.sqlite.resolve()}"
        engine = f"SQLite {sqlite3.sqlite_version} (product and raw: {args.sqlite})"
        made = f"copied in {seconds:.0f} s" if seconds else "reused"
        print(f"product's SQLite copy: {figures:,} figures, {made}, {args.sqlite}")
    header = context(engine, command_line())
    sqlite_path = sqlite_folder(url) / f"{DATASETTE_DB}.sqlite3"
    sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    exported, seconds = export_sqlite(url, sqlite_path)
    print(
        f"database {database_name(url)}: {sample.figures:,} approved public figures, "
        f"{sample.reports:,} reports; county {sample.county} ({sample.towns} towns), "
        f"town {sample.town}, year {sample.year}"
    )
    print(
        f"SQLite copy for Datasette: {exported:,} rows "
        + (f"exported in {seconds:.0f} s" if seconds else "(reused)")
        + f", {sqlite_path}"
    )
    chosen = queries(sample)
    if args.only:
        chosen = [query for query in chosen if query.key in args.only.split(",")]
    connections = [int(count) for count in args.connections.split(",")]
    starters = (
        lambda: start_product(served),
        lambda: start_datasette(args.datasette, sqlite_path),
        lambda: start_raw(served, chosen[0].paths["raw"]),
    )
    with running(*starters) as servers:
        bases = {server.name: server.base for server in servers}
        rows = {}
        for query in chosen:
            floating = ("datasette", "raw") if args.sqlite else ("datasette",)
            rows[query.key] = check(query, bases, floating)
            print(f"same rows from all three: {query.label}: {rows[query.key]}")
        results = interleaved(chosen, connections, bases, args)
        labels = {query.key: query.label for query in chosen}
        table = anchors_table(labels, rows, results)
        exports = None
        if not args.no_csv and not args.sqlite:
            exports = product_csv(servers[0]), psql_copy(url)
    data = (
        f"- data: {database_name(url)}, {sample.figures:,} approved public figures; "
        f"county {sample.county} ({sample.towns} towns), town {sample.town}, "
        f"year {sample.year}; wrk {args.duration:g} s per run, {args.repeat} runs each"
        + (f"; **never analyzed: {', '.join(guessed)}**" if guessed else "")
    )
    print("\n".join(["", *header, data, "", *table]))
    if exports:
        print("\n".join(["", *csv_table(*exports)]))
    if args.write_docs:
        marker = "anchors-sqlite" if args.sqlite else "anchors"
        write_section(marker, "## API against the anchors", [*header, data, "", *table])
        if exports:
            write_section("csv", "## CSV export", [*header, "", *csv_table(*exports)])
        print("\nwritten to docs/benchmarks.md")


def main():
    # A plain kill must still stop the servers and drop the throwaway database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args = arguments()
    missing = [path for path in (WRK, args.datasette) if not Path(path).exists()]
    if missing:
        print(f"bench_anchors skipped: {', '.join(missing)} not found (see the docstring)")
        return
    url = os.environ.get("BENCH_DATABASE_URL")
    throwaway = None
    if not url:
        try:
            psycopg.connect(args.server, connect_timeout=5).close()
        except psycopg.OperationalError as error:
            print(f"bench_anchors skipped: no PostgreSQL at {args.server} ({error})")
            return
        print("building a throwaway demo database (migrate, load_catalogue, seed_demo)…")
        url = throwaway = create_demo_database(args.server)
    try:
        measure(args, url)
    finally:
        if throwaway:
            drop_database(throwaway)
            shutil.rmtree(sqlite_folder(throwaway), ignore_errors=True)


if __name__ == "__main__":
    main()
