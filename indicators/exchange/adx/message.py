"""ADX messages (IHE QRPH Aggregate Data Exchange), written and read.

    <adx xmlns="urn:ihe:qrph:adx:2015" exported="2026-12-07T05:00:00+00:00">
      <group orgUnit="330102001000" period="2025-01-01/P1Y" dataSet="TOWN_INDICATORS">
        <dataValue dataElement="gdp" value="123.4"/>
      </group>
    </adx>

``categoryOptionCombo`` on a data value is DHIS2's own attribute (its ADX import reads
it as the combo's identifier); ``annotation`` carries the figure's comment.
Reading never resolves entities nor touches the network, and a DOCTYPE is refused
outright: it is the door of external entities and entity expansion bombs.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from lxml import etree

from ..safexml import safe_parser
from .mapping import Mapping
from .period import period_of, year_of

NS = "urn:ihe:qrph:adx:2015"
CONTENT_TYPE = "application/adx+xml"
MAX_PROBLEMS = 20
_GROUP_ATTRIBUTES = {"orgUnit", "period", "dataSet"}
_VALUE_ATTRIBUTES = {"dataElement", "value", "categoryOptionCombo"}


@dataclass(frozen=True)
class Figure:
    """One figure to write: our codes, as the mapping reads them."""

    indicator: str
    region: str
    year: int
    value: Decimal
    comment: str = ""


@dataclass(frozen=True)
class AdxValue:
    """One ``dataValue`` read from a message, with the group's identifiers."""

    line: int
    org_unit: str
    year: int
    data_element: str
    combo: str
    value: str
    comment: str | None


class AdxInvalid(Exception):
    """A message that cannot be read; ``problems`` are (line, message) pairs."""

    def __init__(self, problems: list[tuple[int | None, str]]):
        super().__init__(problems[0][1])
        self.problems = problems


def figure_text(value: Decimal) -> str:
    """A figure as plain digits without trailing zeros: 12.5000 → 12.5, 100 → 100."""
    return format(value.normalize(), "f")


def message_write(figures: Iterable[Figure], mapping: Mapping, exported: datetime) -> bytes:
    """An ADX message, one group per town and year, in the order the figures come."""
    root = etree.Element(f"{{{NS}}}adx", nsmap={None: NS})
    root.set("exported", exported.isoformat(timespec="seconds"))
    group, place = None, None
    for figure in figures:
        if (figure.region, figure.year) != place:
            place = (figure.region, figure.year)
            group = etree.SubElement(root, f"{{{NS}}}group")
            group.set("orgUnit", mapping.org_unit(figure.region))
            group.set("period", period_of(figure.year))
            group.set("dataSet", mapping.dataset)
        element, combo = mapping.data_element(figure.indicator)
        node = etree.SubElement(group, f"{{{NS}}}dataValue")
        node.set("dataElement", element)
        if combo:
            node.set("categoryOptionCombo", combo)
        node.set("value", figure_text(figure.value))
        if figure.comment:
            etree.SubElement(node, f"{{{NS}}}annotation").text = figure.comment
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _parse(body: bytes):
    try:
        tree = etree.ElementTree(etree.fromstring(body, safe_parser()))
    except etree.XMLSyntaxError as error:
        # The line, not lxml's English words: the message is read by people.
        line = error.lineno if error.lineno else None
        raise AdxInvalid([(line, _("不是格式正确的 XML。"))]) from None
    except ValueError:  # e.g. an encoding declaration lxml cannot honour
        raise AdxInvalid([(None, _("不是格式正确的 XML，或声明了无法读取的编码。"))]) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise AdxInvalid([(1, _("不接受含 DOCTYPE 的 XML（可能引用外部实体）。"))])
    return tree.getroot()


def _elements(node):
    return [child for child in node if isinstance(child.tag, str)]


def _extra(node, allowed: set[str]) -> str | None:
    extra = sorted(set(node.attrib) - allowed)
    if extra:
        return _("<%(tag)s> 有不支持的属性：%(names)s。") % {
            "tag": etree.QName(node).localname,
            "names": ", ".join(extra),
        }
    return None


def message_read(body: bytes, mapping: Mapping) -> list[AdxValue]:
    """The data values of a message; :class:`AdxInvalid` with every problem (up to 20)."""
    root = _parse(body)
    problems: list[tuple[int | None, str]] = []
    if root.tag != f"{{{NS}}}adx":
        raise AdxInvalid(
            [(root.sourceline, _("根元素应为命名空间 %(ns)s 中的 <adx>。") % {"ns": NS})]
        )
    values = []
    for group in _elements(root):
        if group.tag != f"{{{NS}}}group":
            problems.append((group.sourceline, _("<adx> 下只能有 <group>。")))
            continue
        values.extend(_group_values(group, mapping, problems))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise AdxInvalid(problems[:MAX_PROBLEMS])
    return values


def _group_values(group, mapping: Mapping, problems: list) -> list[AdxValue]:
    line = group.sourceline
    missing = [name for name in ("orgUnit", "period", "dataSet") if not group.get(name)]
    if missing:
        problems.append((line, _("<group> 缺少属性：%(names)s。") % {"names": ", ".join(missing)}))
        return []
    extra = _extra(group, _GROUP_ATTRIBUTES)
    if extra:
        problems.append((line, extra))
    year = year_of(group.get("period"))
    if year is None:
        message = _("期间应为整年，如 2025-01-01/P1Y；收到 %(period)s。")
        problems.append((line, message % {"period": group.get("period")}))
    if group.get("dataSet") != mapping.dataset:
        message = _("数据集应为 %(expected)s，收到 %(got)s。")
        problems.append(
            (line, message % {"expected": mapping.dataset, "got": group.get("dataSet")})
        )
    values = []
    for node in _elements(group):
        value = _value(node, problems)
        if value is not None and year is not None:
            data_element, combo, text, comment = value
            values.append(
                AdxValue(
                    node.sourceline, group.get("orgUnit"), year, data_element, combo, text, comment
                )
            )
    return values


def _value(node, problems: list) -> tuple[str, str, str, str | None] | None:
    line = node.sourceline
    if node.tag != f"{{{NS}}}dataValue":
        problems.append((line, _("<group> 下只能有 <dataValue>。")))
        return None
    extra = _extra(node, _VALUE_ATTRIBUTES)
    if extra:
        problems.append((line, extra))
        return None
    if not node.get("dataElement") or not (node.get("value") or "").strip():
        problems.append((line, _("<dataValue> 应有非空的 dataElement 和 value 属性。")))
        return None
    children = _elements(node)
    if any(child.tag != f"{{{NS}}}annotation" for child in children) or len(children) > 1:
        problems.append((line, _("<dataValue> 下最多一个 <annotation>。")))
        return None
    comment = (children[0].text or "") if children else None
    return node.get("dataElement"), node.get("categoryOptionCombo", ""), node.get("value"), comment
