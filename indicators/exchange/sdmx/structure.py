"""The structure message (SDMX-ML 2.1): dataflow, data structure, concepts, codelists.

Built from the catalogue and the region table at each request: an indicator added
to or retired from the catalogue is in or out of CL_INDICATOR in the next message.
The caller's rights decide which indicators are listed, as on ``/api/v1/indicators/``.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree
from lxml.builder import ElementMaker

from indicators.accounts import access

from . import model
from .errors import SdmxError
from .query import region_codes, unit_of
from .xml import COMMON, MESSAGE, STRUCTURE, XML_LANG

M = ElementMaker(namespace=MESSAGE, nsmap={"mes": MESSAGE, "str": STRUCTURE, "com": COMMON})
S = ElementMaker(namespace=STRUCTURE)
C = ElementMaker(namespace=COMMON)
R = ElementMaker()  # Ref has no namespace in SDMX-ML 2.1

CODELISTS = (model.CL_REGION, model.CL_INDICATOR, model.CL_UNIT, model.CL_OBS_STATUS)
# resource → the artefacts of that kind, and those each one refers to.
ARTEFACTS = {
    "dataflow": {model.FLOW: ("datastructure", model.DSD)},
    "datastructure": {model.DSD: ("conceptscheme", model.CONCEPTS)},
    "conceptscheme": {model.CONCEPTS: None},
    "codelist": dict.fromkeys(CODELISTS),
}
ORDER = ("dataflow", "codelist", "conceptscheme", "datastructure")  # the schema's order
NAMES = {
    model.FLOW: ("镇域发展指标", "Town development indicators"),
    model.DSD: ("镇域发展指标数据结构", "Town development indicators structure"),
    model.CONCEPTS: ("镇域发展指标概念", "Town development indicator concepts"),
    model.CL_REGION: ("行政区划", "Regions"),
    model.CL_INDICATOR: ("指标", "Indicators"),
    model.CL_UNIT: ("单位", "Units"),
    model.CL_OBS_STATUS: ("审核状态", "Observation status"),
}
REFERENCES = ("none", "parents", "parentsandsiblings", "children", "descendants", "all")


def structure_select(resource: str, agency: str, ident: str, version: str, references: str):
    """The artefacts a structure query names, as {(kind, id)}; unknown ones are a 404."""
    wild = ("all", "*")
    if references not in REFERENCES:
        raise SdmxError("invalid", _("references 应为 %(v)s 之一。") % {"v": ", ".join(REFERENCES)})
    kinds = ARTEFACTS if resource in ("structure", *wild) else {}
    if resource in ARTEFACTS:
        kinds = {resource: ARTEFACTS[resource]}
    chosen = {
        (kind, name) for kind, names in kinds.items() for name in names if ident in (*wild, name)
    }
    if (
        not chosen
        or agency not in (*wild, model.AGENCY)
        or version not in (*wild, "latest", "~", "+", model.VERSION)
    ):
        message = _("没有这个结构：%(what)s。") % {
            "what": "/".join((resource, agency, ident, version))
        }
        raise SdmxError("unknown_structure", message, 404)
    if references == "all":
        return {(kind, name) for kind, names in ARTEFACTS.items() for name in names}
    if references in ("children", "descendants"):
        for kind, name in list(chosen):
            while ARTEFACTS[kind][name] is not None:
                kind, name = ARTEFACTS[kind][name]
                chosen.add((kind, name))
        if ("datastructure", model.DSD) in chosen:
            chosen |= {("codelist", name) for name in CODELISTS}
    return chosen


def structure_message(user, chosen: set[tuple[str, str]]) -> bytes:
    builders = {
        "dataflow": lambda name: _dataflow(),
        "codelist": lambda name: _codelist(user, name),
        "conceptscheme": lambda name: _concepts(),
        "datastructure": lambda name: _dsd(),
    }
    groups = []
    wrappers = {
        "dataflow": S.Dataflows,
        "codelist": S.Codelists,
        "conceptscheme": S.Concepts,
        "datastructure": S.DataStructures,
    }
    for kind in ORDER:
        names = [name for k, name in sorted(chosen) if k == kind]
        if names:
            groups.append(wrappers[kind](*[builders[kind](name) for name in names]))
    message = M.Structure(header(), M.Structures(*groups))
    return etree.tostring(message, xml_declaration=True, encoding="UTF-8")


def header():
    now = timezone.now().replace(microsecond=0).isoformat()
    return M.Header(
        M.ID("IDREF" + timezone.now().strftime("%Y%m%d%H%M%S")),
        M.Test("false"),
        M.Prepared(now),
        M.Sender(id=model.AGENCY),
    )


def names(chinese: str, english: str) -> list:
    items = [C.Name(chinese, {XML_LANG: "zh"})]
    if english:
        items.append(C.Name(english, {XML_LANG: "en"}))
    return items


def maintained(element, ident: str, **extra):
    return element(
        *names(*NAMES[ident]),
        id=ident,
        agencyID=model.AGENCY,
        version=model.VERSION,
        isFinal="false",
        **extra,
    )


def _maintainable_ref(ident: str, cls: str, package: str):
    return R.Ref(
        {"class": cls},
        id=ident,
        agencyID=model.AGENCY,
        version=model.VERSION,
        package=package,
    )


def _dataflow():
    flow = maintained(S.Dataflow, model.FLOW)
    flow.append(S.Structure(_maintainable_ref(model.DSD, "DataStructure", "datastructure")))
    return flow


def _code(ident: str, chinese: str, english: str, parent: str | None = None):
    code = S.Code(*names(chinese, english), id=ident)
    if parent:
        code.append(S.Parent(R.Ref(id=parent)))
    return code


def _codelist(user, ident: str):
    codelist = maintained(S.Codelist, ident)
    if ident == model.CL_REGION:
        rows = region_codes().values_list("code", "name", "name_en", "parent_id")
        known = set()
        for code, name, name_en, parent in rows:
            known.add(code)
            codelist.append(_code(code, name, name_en, parent if parent in known else None))
    elif ident == model.CL_INDICATOR:
        for indicator in access.visible_indicators(user):
            codelist.append(_code(indicator.code, indicator.name, indicator.name_en))
    elif ident == model.CL_UNIT:
        units = {}
        for indicator in access.visible_indicators(user):
            units.setdefault(unit_of(indicator), (indicator.unit, indicator.unit_en))
        for code, (unit, unit_en) in sorted(units.items()):
            codelist.append(_code(code, unit, unit_en))
    else:
        for code, chinese, english in model.OBS_STATUSES:
            codelist.append(_code(code, chinese, english))
    return codelist


def _concepts():
    scheme = maintained(S.ConceptScheme, model.CONCEPTS)
    for ident, (chinese, english) in model.CONCEPT_NAMES.items():
        scheme.append(S.Concept(*names(chinese, english), id=ident))
    return scheme


def _concept(ident: str):
    return S.ConceptIdentity(
        R.Ref(
            {"class": "Concept"},
            id=ident,
            maintainableParentID=model.CONCEPTS,
            maintainableParentVersion=model.VERSION,
            agencyID=model.AGENCY,
            package="conceptscheme",
        )
    )


def _enumeration(codelist: str):
    return S.LocalRepresentation(S.Enumeration(_maintainable_ref(codelist, "Codelist", "codelist")))


def _dsd():
    dimensions = S.DimensionList(
        S.Dimension(_concept("REGION"), _enumeration(model.CL_REGION), id="REGION", position="1"),
        S.Dimension(
            _concept("INDICATOR"), _enumeration(model.CL_INDICATOR), id="INDICATOR", position="2"
        ),
        S.TimeDimension(
            _concept("TIME_PERIOD"),
            S.LocalRepresentation(S.TextFormat(textType="ObservationalTimePeriod")),
            id="TIME_PERIOD",
            position="3",
        ),
        id="DimensionDescriptor",
    )
    to_obs = S.AttributeRelationship(S.PrimaryMeasure(R.Ref(id=model.MEASURE)))
    attributes = S.AttributeList(
        S.Attribute(
            _concept("UNIT_MEASURE"),
            _enumeration(model.CL_UNIT),
            to_obs,
            id="UNIT_MEASURE",
            assignmentStatus="Mandatory",
        ),
        S.Attribute(
            _concept("OBS_STATUS"),
            _enumeration(model.CL_OBS_STATUS),
            S.AttributeRelationship(S.PrimaryMeasure(R.Ref(id=model.MEASURE))),
            id="OBS_STATUS",
            assignmentStatus="Conditional",
        ),
        S.Attribute(
            _concept("COMMENT"),
            S.LocalRepresentation(S.TextFormat(textType="String", maxLength="500")),
            S.AttributeRelationship(S.PrimaryMeasure(R.Ref(id=model.MEASURE))),
            id="COMMENT",
            assignmentStatus="Conditional",
        ),
        id="AttributeDescriptor",
    )
    measures = S.MeasureList(
        S.PrimaryMeasure(
            _concept(model.MEASURE),
            S.LocalRepresentation(S.TextFormat(textType="Decimal")),
            id=model.MEASURE,
        ),
        id="MeasureDescriptor",
    )
    dsd = maintained(S.DataStructure, model.DSD)
    dsd.append(S.DataStructureComponents(dimensions, attributes, measures))
    return dsd
