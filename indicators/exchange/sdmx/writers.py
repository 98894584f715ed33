"""A data query's observations as SDMX-CSV 2.0, SDMX-ML 2.1 structure-specific and
SDMX-JSON 1.0, streamed in blocks of about 256 KB.

Each observation stands alone (``dimensionAtObservation=AllDimensions``): a row of
the values list is one observation, whatever the key selects. Rows come as
:data:`indicators.exchange.sdmx.query.COLUMNS`.
"""

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from xml.sax.saxutils import quoteattr

from django.utils import timezone

from . import model
from .query import figure_text

BLOCK = 256 * 1024
# Characters XML 1.0 cannot carry, even escaped; a comment typed with one still
# yields a well-formed message.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
REPLACEMENT = "\ufffd"
CSV_HEADER = ["STRUCTURE", "STRUCTURE_ID", "ACTION", *model.DIMENSIONS, model.MEASURE]
CSV_HEADER += list(model.ATTRIBUTES)


def blocks(pieces: Iterable[str]) -> Iterator[bytes]:
    buffer, size = [], 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= BLOCK:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()


def csv_line(cells: list) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def csv_cells(row: tuple) -> list:
    region, indicator, year, value, decimals, unit, status, comment = row
    return [
        "dataflow",
        model.FLOW_REF,
        "I",
        region,
        indicator,
        year,
        figure_text(value, decimals),
        unit,
        status,
        comment,
    ]


def sdmx_csv(rows: Iterable[tuple]) -> Iterator[bytes]:
    """SDMX-CSV 2.0.0: one line per observation, CRLF after every line, the last too."""

    def lines():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        yield csv_line(CSV_HEADER)
        for row in rows:
            writer.writerow(csv_cells(row))
            if out.tell() >= BLOCK:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    return blocks(lines())


def message_id() -> str:
    return "TOWNDASH" + timezone.now().strftime("%Y%m%d%H%M%S%f")


def prepared() -> str:
    return timezone.now().replace(microsecond=0).isoformat()


def sdmx_ml(rows: Iterable[tuple]) -> Iterator[bytes]:
    urn = (
        "urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure="
        f"{model.AGENCY}:{model.DSD}({model.VERSION}):ObsLevelDim:AllDimensions"
    )
    head = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<message:StructureSpecificData xmlns:message="{m}" xmlns:ss="{ss}" '
        'xmlns:common="{c}" xmlns:xsi="{xsi}" xmlns:ns1="{urn}">'
        "<message:Header><message:ID>{id}</message:ID><message:Test>false</message:Test>"
        "<message:Prepared>{prepared}</message:Prepared>"
        '<message:Sender id="{agency}"/>'
        '<message:Structure structureID="{sid}" namespace="{urn}" '
        'dimensionAtObservation="AllDimensions">'
        '<common:Structure><Ref agencyID="{agency}" id="{dsd}" version="{version}"/>'
        "</common:Structure></message:Structure></message:Header>"
        '<message:DataSet ss:dataScope="DataStructure" xsi:type="ns1:DataSetType" '
        'ss:structureRef="{sid}" action="Information">\n'
    ).format(
        m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message",
        ss="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific",
        c="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common",
        xsi="http://www.w3.org/2001/XMLSchema-instance",
        urn=urn,
        id=message_id(),
        prepared=prepared(),
        agency=model.AGENCY,
        sid=model.STRUCTURE_ID,
        dsd=model.DSD,
        version=model.VERSION,
    )

    def pieces():
        yield head
        for region, indicator, year, value, decimals, unit, status, comment in rows:
            extra = f" COMMENT={quoteattr(NOT_XML.sub(REPLACEMENT, comment))}" if comment else ""
            yield (
                f'<Obs REGION="{region}" INDICATOR="{indicator}" TIME_PERIOD="{year}" '
                f'OBS_VALUE="{figure_text(value, decimals)}" UNIT_MEASURE="{unit}" '
                f'OBS_STATUS="{status}"{extra}/>\n'
            )
        yield "</message:DataSet></message:StructureSpecificData>\n"

    return blocks(pieces())


class Positions(dict):
    """Each distinct value's index, in order of first appearance."""

    def of(self, value) -> int:
        index = self.get(value)
        if index is None:
            index = self[value] = len(self)
        return index


def sdmx_json(rows: Iterable[tuple], labels: Callable[[dict], dict]) -> Iterator[bytes]:
    """SDMX-JSON 1.0.0 data message. The observations come first and the structure
    after them, so that each value's index is known when its observation is written
    (JSON objects are unordered; readers load the whole message). ``labels`` gives
    the names of the codes used, ``{dimension or attribute: {code: name}}``."""
    dims = {name: Positions() for name in model.DIMENSIONS}
    attrs = {name: Positions() for name in model.ATTRIBUTES}

    def pieces():
        yield json.dumps(
            {
                "header": {
                    "id": message_id(),
                    "test": False,
                    "prepared": prepared(),
                    "sender": {"id": model.AGENCY},
                }
            },
            ensure_ascii=False,
        )[:-1]
        yield ',"dataSets":[{"action":"Information","observations":{'
        first = True
        for region, indicator, year, value, decimals, unit, status, comment in rows:
            key = ":".join(
                str(dims[name].of(code))
                for name, code in zip(model.DIMENSIONS, (region, indicator, str(year)), strict=True)
            )
            cells = [figure_text(value, decimals), str(attrs["UNIT_MEASURE"].of(unit))]
            cells.append(str(attrs["OBS_STATUS"].of(status)))
            cells.append(str(attrs["COMMENT"].of(comment)) if comment else "null")
            yield ("" if first else ",") + f'"{key}":[{",".join(cells)}]'
            first = False
        yield "}}],"
        structure = _json_structure(dims, attrs, labels(dims | attrs))
        yield '"structure":' + json.dumps(structure, ensure_ascii=False)
        yield "}\n"

    return blocks(pieces())


def _json_structure(dims, attrs, labels: dict) -> dict:
    def values(name: str, positions: Positions) -> list[dict]:
        names = labels.get(name, {})
        return [{"id": value, "name": names.get(value, value)} for value in positions]

    observation = []
    for position, name in enumerate(model.DIMENSIONS):
        entry = {
            "id": name,
            "name": model.CONCEPT_NAMES[name][0],
            "keyPosition": position,
            "values": values(name, dims[name]),
        }
        if name == "TIME_PERIOD":
            entry["role"] = "time"
        observation.append(entry)
    # An attribute without a value (no comment visible) is left out of the list; the
    # observations' trailing null for it then points at nothing.
    attributes = [
        {"id": name, "name": model.CONCEPT_NAMES[name][0], "values": values(name, attrs[name])}
        for name in model.ATTRIBUTES
        if attrs[name] or name != "COMMENT"
    ]
    return {
        "name": "镇域发展指标",
        "dimensions": {"dataSet": [], "series": [], "observation": observation},
        "attributes": {"dataSet": [], "series": [], "observation": attributes},
    }
