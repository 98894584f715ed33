"""SDMX-CSV (1.0 and 2.0) and SDMX-ML 2.1 structure-specific data messages as figure rows.

Only the message is checked here: that it is well formed, names our dataflow and
our dimensions, gives years as periods and uses our unit and status codes. What
the figures mean (codes that exist, rights, locks, duplicates) is the write
service's, with the codes every other channel gets.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from lxml import etree

from ...figures import FigureRow
from ..safexml import safe_parser
from . import model
from .errors import SdmxError
from .query import YEAR

COLUMNS = {*model.DIMENSIONS, model.MEASURE, *model.ATTRIBUTES}
REQUIRED = (*model.DIMENSIONS, model.MEASURE)
FLOW_NAMES = {model.FLOW_REF, f"{model.AGENCY}:{model.FLOW}", model.FLOW}


@dataclass(frozen=True)
class Observation:
    """One observation as sent: each component's text; an attribute not sent is None."""

    number: int  # the line of a CSV file, the position of an Obs in an XML message
    cells: dict[str, str | None]


def malformed(message: str) -> SdmxError:
    return SdmxError("malformed", message)


def csv_observations(data: bytes) -> list[Observation]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise malformed(_("SDMX-CSV 应为 UTF-8 编码。")) from None
    lines = list(csv.reader(io.StringIO(text, newline="")))
    if not lines:
        raise malformed(_("SDMX-CSV 是空的。"))
    header, body = lines[0], lines[1:]
    if header[:2] == ["STRUCTURE", "STRUCTURE_ID"]:  # SDMX-CSV 2.0
        flow_columns, known = 2, {"ACTION"}
    elif header[:1] == ["DATAFLOW"]:  # SDMX-CSV 1.0
        flow_columns, known = 1, set()
    else:
        raise malformed(_("SDMX-CSV 的第一列应为 STRUCTURE（2.0）或 DATAFLOW（1.0）。"))
    names = header[flow_columns:]
    _check_columns(names, known)
    observations = []
    for number, cells in enumerate(body, start=2):
        if not any(cells):
            continue
        if len(cells) != len(header):
            message = _("第 %(n)s 行有 %(got)s 列，表头有 %(want)s 列。")
            raise malformed(message % {"n": number, "got": len(cells), "want": len(header)})
        structure = cells[flow_columns - 1]
        if (flow_columns == 2 and cells[0] != "dataflow") or structure not in FLOW_NAMES:
            raise _unknown_flow(structure)
        row = dict(zip(names, cells[flow_columns:], strict=True))
        action = row.pop("ACTION", "I") or "I"
        if action not in ("I", "A", "R"):
            message = _("第 %(n)s 行：ACTION 只支持 I、A、R（写入）；删除请用空的 OBS_VALUE。")
            raise malformed(message % {"n": number})
        observations.append(Observation(number, row))
    return observations


def _check_columns(names: list[str], known: set[str]) -> None:
    unknown = [name for name in names if name not in COLUMNS | known]
    if unknown:
        message = _("本数据流没有这些维度或属性：%(names)s。")
        raise SdmxError("unknown_dimension", message % {"names": ", ".join(unknown)})
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise malformed(_("缺少列：%(names)s。") % {"names": ", ".join(missing)})
    if len(set(names)) != len(names):
        raise malformed(_("表头中有重复的列。"))


def _unknown_flow(name: str) -> SdmxError:
    message = _("未知的数据流：%(flow)s。本系统只有 %(ours)s。")
    return SdmxError("unknown_dataflow", message % {"flow": name, "ours": model.FLOW_REF}, 400)


def xml_observations(data: bytes) -> list[Observation]:
    """A structure-specific data message; a DOCTYPE (and so any entity) is refused."""
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise SdmxError("xml_entities", _("SDMX-ML 中不能有 DOCTYPE 或实体声明。"))
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        # Where, not lxml's English words: the message is read by people too.
        line, column = error.position if error.position else (0, 0)
        raise malformed(
            _("SDMX-ML 不是格式正确的 XML（第 %(line)s 行第 %(column)s 列附近）。")
            % {"line": line, "column": column}
        ) from None
    if root.getroottree().docinfo.doctype:
        raise SdmxError("xml_entities", _("SDMX-ML 中不能有 DOCTYPE 或实体声明。"))
    if etree.QName(root).localname != "StructureSpecificData":
        raise malformed(_("应为 SDMX-ML 2.1 structure-specific 数据消息。"))
    refs = root.xpath(
        "./*[local-name()='Header']/*[local-name()='Structure']//*[local-name()='Ref']"
    )
    if not refs:
        raise malformed(_("消息头中缺少 Structure（数据流或数据结构的引用）。"))
    for ref in refs:
        ours = ref.get("id") in (model.FLOW, model.DSD)
        if not ours or ref.get("agencyID", model.AGENCY) != model.AGENCY:
            raise _unknown_flow(f"{ref.get('agencyID')}:{ref.get('id')}({ref.get('version')})")
    observations = []
    number = 0
    for dataset in root.xpath("./*[local-name()='DataSet']"):
        action = dataset.get("action", "Information")
        if action not in ("Information", "Append", "Replace"):
            raise malformed(_("DataSet 的 action 只支持 Information、Append、Replace。"))
        for child in dataset:
            name = etree.QName(child).localname
            parents = [({}, child)] if name == "Obs" else []
            if name == "Series":
                parents = [(dict(child.attrib), obs) for obs in child]
            elif name != "Obs":
                message = _("DataSet 中只能有 Series 或 Obs，而不是 %(name)s。")
                raise malformed(message % {"name": name})
            for inherited, obs in parents:
                number += 1
                cells = {**inherited, **obs.attrib}
                _check_columns(list(cells), set())
                observations.append(Observation(number, cells))
    return observations


def figure_rows(observations: list[Observation], units: dict[str, str]) -> list[FigureRow]:
    """Rows for the write service. ``units`` is each indicator's unit code: a unit that
    is not the indicator's would store a figure in the wrong unit, so it is refused."""
    statuses = {code for code, _chinese, _english in model.OBS_STATUSES}
    rows = []
    problems = []
    for observation in observations:
        cells = observation.cells
        where = {"n": observation.number}
        period = cells["TIME_PERIOD"] or ""
        if not YEAR.fullmatch(period):
            message = _("第 %(n)s 条：TIME_PERIOD 应为年度（四位数字），收到：%(p)s。")
            raise SdmxError("invalid_period", message % {**where, "p": period})
        unit = cells.get("UNIT_MEASURE")
        expected = units.get(cells["INDICATOR"])
        if unit and expected is not None and unit != expected:
            message = _("第 %(n)s 条：UNIT_MEASURE %(unit)s 不是指标 %(code)s 的单位（%(want)s）。")
            code = cells["INDICATOR"]
            problems.append(message % {**where, "unit": unit, "code": code, "want": expected})
        status = cells.get("OBS_STATUS")
        if status and status not in statuses:
            message = _("第 %(n)s 条：OBS_STATUS %(s)s 不在代码表 CL_OBS_STATUS 中。")
            problems.append(message % {**where, "s": status})
        value = cells[model.MEASURE]
        rows.append(
            FigureRow(
                indicator=cells["INDICATOR"],
                region=cells["REGION"],
                year=int(period),
                value=None if value in ("", "NaN") else value,
                # Absent or empty: no value for the attribute, so the stored comment stays.
                comment=cells.get("COMMENT") or None,
            )
        )
    if problems:
        raise SdmxError("unknown_code", problems[0], details=problems)
    return rows
