"""The anchors benchmark's tables, the context they were measured in, and docs/benchmarks.md."""

import os
import re
import statistics
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from _anchors_csv import Export
from _anchors_wrk import Run

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
SERVERS = ("product", "datasette", "raw")
# Issue 11: the values API at least twice Datasette's rate, at most 3× the raw time.
TARGET_VS_DATASETTE = 2.0
TARGET_VS_RAW = 3.0


def _git(*args: str) -> str:
    result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip()


def context(database_version: str, command: str) -> list[str]:
    meminfo = Path("/proc/meminfo").read_text()
    ram_gb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1)) / 1024 / 1024
    cpu = re.search(r"model name\s+:\s+(.+)", Path("/proc/cpuinfo").read_text())
    changed = _git("diff", "--stat").splitlines()
    untracked = [line for line in _git("status", "--short").splitlines() if line.startswith("??")]
    head = _git("rev-parse", "--short", "HEAD")
    state = f"HEAD {head}" if head else f"{ROOT} (not a git checkout)"
    if changed:
        state += f" + uncommitted: {changed[-1].strip()}"
    if untracked:
        state += f", {len(untracked)} untracked paths"
    return [
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; load average before: "
        f"{' '.join(f'{load:.2f}' for load in os.getloadavg())}",
        f"- machine: {os.cpu_count()} cores ({cpu.group(1) if cpu else 'unknown CPU'}), "
        f"{ram_gb:.0f} GB RAM; {database_version}",
        f"- code: {state}",
        f"- command: `{command}`",
    ]


def _range(values: list[float], fmt: str) -> str:
    low, high = min(values), max(values)
    if fmt.format(low) == fmt.format(high):
        return fmt.format(low)
    return f"{fmt.format(low)}–{fmt.format(high)}"


def _cell(runs: list[Run]) -> str:
    rps = _range([run.rps for run in runs], "{:,.0f}")
    p50 = statistics.median(run.p50 for run in runs) * 1000
    errors = sum(run.errors for run in runs)
    shown = f"{rps} ({p50:.1f} ms)" if p50 < 100 else f"{rps} ({p50:.0f} ms)"
    return shown + (f" **{errors} errors**" if errors else "")


def _mark(met: bool) -> str:
    return "✓" if met else "✗"


def anchors_table(labels: dict[str, str], rows: dict[str, int], results: dict) -> list[str]:
    """results[(query, connections)][server] = [Run, ...] over the repeats."""
    lines = [
        "| query (rows) | c | product req/s (p50) | Datasette | raw SELECT + JSON "
        f"| product ÷ Datasette (≥ {TARGET_VS_DATASETTE:g}×) "
        f"| product time ÷ raw (≤ {TARGET_VS_RAW:g}×) |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for (key, connections), by_server in results.items():
        median = {name: statistics.median(run.rps for run in by_server[name]) for name in SERVERS}
        versus_datasette = median["product"] / median["datasette"]
        versus_raw = median["raw"] / median["product"]
        lines.append(
            f"| {labels[key]} ({rows[key]:,}) | {connections} | "
            + " | ".join(_cell(by_server[name]) for name in SERVERS)
            + f" | {versus_datasette:.2f}× {_mark(versus_datasette >= TARGET_VS_DATASETTE)}"
            + f" | {versus_raw:.1f}× {_mark(versus_raw <= TARGET_VS_RAW)} |"
        )
    return lines


def _size(count: int) -> str:
    return f"{count / 1e6:,.0f} MB" if count >= 10e6 else f"{count / 1e3:,.0f} kB"


def csv_table(product: Export, copy: Export) -> list[str]:
    def line(name: str, export: Export, memory: str) -> str:
        return (
            f"| {name} | {export.rows:,} | {export.seconds:.1f} s | {_size(export.bytes)} "
            f"| {export.rows_per_second:,.0f} | {memory} |"
        )

    memory = (
        f"{product.rss_before_mb:.0f} → {product.rss_peak_mb:.0f} MB "
        f"(VmHWM {product.hwm_mb:.0f} MB)"
    )
    return [
        "| export | rows | time | size | rows/s | worker memory (VmRSS before → peak) |",
        "|---|--:|--:|--:|--:|---|",
        line("product `GET /api/v1/values/?format=csv` (anonymous)", product, memory),
        line("`psql \\copy (SELECT …) TO file` of the same rows", copy, "—"),
        "",
        f"The product takes {product.seconds / copy.seconds:.1f}× the time of `\\copy`.",
    ]


def write_section(marker: str, heading: str, lines: list[str]) -> None:
    """Replace what lies between this section's markers (or append the section)."""
    begin, end = f"<!-- bench_anchors:{marker} -->", f"<!-- /bench_anchors:{marker} -->"
    block = "\n".join([begin, *lines, end])
    text = DOCS.read_text()
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + f"\n\n{heading}\n\n{block}\n"
    DOCS.write_text(text)
