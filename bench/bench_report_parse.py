"""Benchmark of reading past reports: how many figures are found, how many wrong, how fast.

Reads every variant of the corpus in tests/report_corpus/ (make_corpus.py writes it)
against the catalogue file, with no database, and prints per variant the figures
found of those the file states, the wrong ones (must be 0), and the time to read it:

    DEBUG=1 .venv/bin/python bench/bench_report_parse.py

Targets (issue 20): the reference's own wording 100 % found; the variants written as
people write them ≥ 90 % found; 0 wrong everywhere; a figure left as XX never proposed.
"""

import os
import sys
import time
import tomllib
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from indicators.reports.parsing import report_parse  # noqa: E402
from indicators.reports.parsing.service import file_specs  # noqa: E402

CORPUS = ROOT / "tests" / "report_corpus"
FILES = [
    "reference.txt",
    "reference.docx",
    "chinese.txt",
    "gbk.txt",
    "fullwidth.txt",
    "wan_yi.txt",
    "about.txt",
    "reworded.txt",
    "partial.txt",
]
ROUNDS = 20


def main() -> None:
    specs = file_specs()
    print(f"{'file':16} {'found':>9} {'%':>6} {'wrong':>5} {'ms/file':>8}")
    for name in FILES:
        toml = name.removesuffix(".txt") + ".toml" if name.endswith(".txt") else name + ".toml"
        want = tomllib.loads((CORPUS / toml).read_text())["figures"]
        data = (CORPUS / name).read_bytes()
        start = time.perf_counter()
        for _ in range(ROUNDS):
            parsed = report_parse(name=name, data=data, specs=specs)
        ms = (time.perf_counter() - start) / ROUNDS * 1000
        got = {figure.indicator: figure.value for figure in parsed.figures}
        wrong = [code for code, value in got.items() if Decimal(want.get(code, "NaN")) != value]
        right = len(got) - len(wrong)
        share = 100 * right / len(want)
        print(f"{name:16} {right:>4}/{len(want):<4} {share:>6.1f} {len(wrong):>5} {ms:>8.1f}")


if __name__ == "__main__":
    main()
