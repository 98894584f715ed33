"""The past-report corpus (tests/report_corpus/, written by its make_corpus.py)."""

import tomllib
from decimal import Decimal
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "report_corpus"


def expected(name: str) -> dict[str, Decimal]:
    """indicator → value a reader must find in the corpus file ``name``."""
    toml = name.removesuffix(".txt") + ".toml" if name.endswith(".txt") else name + ".toml"
    figures = tomllib.loads((CORPUS / toml).read_text())["figures"]
    return {code: Decimal(value) for code, value in figures.items()}


def read(name: str) -> bytes:
    return (CORPUS / name).read_bytes()
