"""One report's figures: its text read and matched against the catalogue's sentences."""

from dataclasses import dataclass, field

from ...models import Indicator
from .matching import Figure, Spec, figures_find
from .naming import year_from_text
from .text import report_text


@dataclass
class ParsedReport:
    figures: list[Figure] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    year: int | None = None  # the year the text names, if it names one clearly
    text: str = ""


def catalogue_specs() -> list[Spec]:
    """Every indicator of the catalogue, in report order, as the parser needs it."""
    indicators = Indicator.objects.order_by("section__number", "order").only(
        "code", "unit", "source_sentence", "decimals", "min_value", "max_value"
    )
    return [
        Spec(
            code=indicator.code,
            unit=indicator.unit,
            sentence=indicator.source_sentence,
            decimals=indicator.decimals,
            min=indicator.min_value,
            max=indicator.max_value,
        )
        for indicator in indicators
    ]


def file_specs() -> list[Spec]:
    """The same from catalogue.toml, without a database (benchmarks, pure tests)."""
    from ...catalogue import read_catalogue

    return [
        Spec(
            code=row["code"],
            unit=row["unit"],
            sentence=row["source_sentence"],
            decimals=row["decimals"],
            min=row["min_value"],
            max=row["max_value"],
        )
        for row in read_catalogue()[1]
    ]


def report_parse(
    *, text: str | None = None, name: str = "", data: bytes | None = None, specs=None
) -> ParsedReport:
    """The figures a report states, from its ``text`` or its file (``name``, ``data``).

    Writes nothing. A file that cannot be read raises
    :class:`~indicators.excel.reader.UploadError` with a Chinese message.
    """
    if text is None:
        text = report_text(name, data or b"")
    specs = catalogue_specs() if specs is None else specs
    figures, not_found = figures_find(text, specs)
    return ParsedReport(figures, not_found, year_from_text(text), text)
