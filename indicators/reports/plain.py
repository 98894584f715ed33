"""The report as text: for the API's JSON and for comparing with the reference report."""

from .document import FigureRun, Paragraph, WorkReport

MARK_OPEN, MARK_CLOSE = "【", "】"


def report_text(report: WorkReport, *, title: bool = True) -> str:
    """The whole report, one paragraph or heading a line, as it prints."""
    lines = [report.title] if title and report.title else []
    for part in report.parts:
        if part.heading:
            lines.append(part.numbered_heading)
        lines += [paragraph.text for paragraph in part.paragraphs]
    return "\n".join(lines)


def figure_json(run: FigureRun, start: int, end: int) -> dict:
    return {
        "indicator": run.code,
        "name": run.name,
        "value": run.value_text,
        "unit": run.unit,
        "text": run.text,
        "approved": run.approved if not run.missing else None,
        "year_on_year": run.year_on_year or None,
        "target": run.target or None,
        "towns": run.towns if run.total_towns else None,
        "start": start,
        "end": end,
    }


def paragraph_json(paragraph: Paragraph) -> dict:
    """The paragraph's text, the same with each figure in 【】, and where each figure is.

    ``start`` and ``end`` index ``text`` (Unicode code points) and cover the number
    or XX, its unit and any phrases.
    """
    text, marked, figures = [], [], []
    length = 0
    for run in paragraph.runs:
        piece = run.text
        if isinstance(run, FigureRun):
            figures.append(figure_json(run, length, length + len(piece)))
            marked.append(f"{MARK_OPEN}{run.number}{MARK_CLOSE}{run.unit_text}{run.phrases}")
        else:
            marked.append(piece)
        text.append(piece)
        length += len(piece)
    return {"text": "".join(text), "marked": "".join(marked), "figures": figures}


def report_json(report: WorkReport) -> dict:
    region = report.region
    return {
        "region": {"code": region.code, "name": region.name, "level": region.level},
        "year": report.year,
        "title": report.title,
        "missing": [
            {"indicator": run.code, "name": run.name, "unit": run.unit} for run in report.missing
        ],
        "unapproved": len(report.unapproved),
        "sections": [
            {
                "kind": part.kind,
                "code": part.code,
                "number": part.number or None,
                "heading": part.numbered_heading or None,
                "paragraphs": [paragraph_json(paragraph) for paragraph in part.paragraphs],
            }
            for part in report.parts
        ],
    }
