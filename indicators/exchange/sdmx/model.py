"""The SDMX artefacts that describe the product's figures: ids, versions, codes.

One dataflow, ``TOWNDASH:TOWN_FIGURES(1.0)``, over one data structure definition
with the dimensions REGION, INDICATOR and TIME_PERIOD and the attributes
UNIT_MEASURE, OBS_STATUS and COMMENT. Codelists are built from the catalogue and
the region table at each request, so a new or retired indicator shows up in the
next structure message.
"""

import hashlib
import re

from ...models import Status

AGENCY = "TOWNDASH"
VERSION = "1.0"
FLOW = "TOWN_FIGURES"
DSD = "DSD_TOWN_FIGURES"
CONCEPTS = "CS_TOWN_FIGURES"
CL_REGION = "CL_REGION"
CL_INDICATOR = "CL_INDICATOR"
CL_UNIT = "CL_UNIT"
CL_OBS_STATUS = "CL_OBS_STATUS"

DIMENSIONS = ("REGION", "INDICATOR", "TIME_PERIOD")
ATTRIBUTES = ("UNIT_MEASURE", "OBS_STATUS", "COMMENT")
MEASURE = "OBS_VALUE"

#: "TOWNDASH:TOWN_FIGURES(1.0)", as SDMX-CSV and URNs name the dataflow.
FLOW_REF = f"{AGENCY}:{FLOW}({VERSION})"
#: The structure-specific schema's id of the data structure.
STRUCTURE_ID = f"{AGENCY}_{DSD}_{VERSION.replace('.', '_')}"

# (code, Chinese name, English name). "returned" is a draft handed back for
# changes: for a reader of the data it is a draft.
OBS_STATUSES = (
    ("approved", "已审核", "Approved"),
    ("submitted", "已提交", "Submitted"),
    ("draft", "草稿", "Draft"),
)
OBS_STATUS_OF = {
    Status.APPROVED: "approved",
    Status.SUBMITTED: "submitted",
    Status.DRAFT: "draft",
    Status.RETURNED: "draft",
}

# (Chinese, English) for each concept, in the order of the structure.
CONCEPT_NAMES = {
    "REGION": ("行政区划", "Region"),
    "INDICATOR": ("指标", "Indicator"),
    "TIME_PERIOD": ("年度", "Year"),
    "OBS_VALUE": ("数值", "Observation value"),
    "UNIT_MEASURE": ("单位", "Unit of measure"),
    "OBS_STATUS": ("审核状态", "Observation status"),
    "COMMENT": ("备注", "Comment"),
}

MEDIA = {
    "sdmx-ml": "application/vnd.sdmx.structurespecificdata+xml;version=2.1",
    "sdmx-json": "application/vnd.sdmx.data+json;version=1.0.0",
    "sdmx-csv": "application/vnd.sdmx.data+csv;version=2.0.0",
}
STRUCTURE_MEDIA = "application/vnd.sdmx.structure+xml;version=2.1"

SDMX_ID = re.compile(r"[A-Za-z0-9_@$-]+")


def unit_code(unit: str, unit_en: str) -> str:
    """A stable SDMX id for an indicator's unit: its English unit as an id ("10K_T_YR").

    The same Chinese unit counts different things ("个" villages, "个" projects), so
    the pair is the unit; without an English unit, a digest of the Chinese one.
    """
    if unit_en == "%":
        return "PCT"
    slug = re.sub(r"[^A-Za-z0-9]+", "_", unit_en).strip("_").upper()
    if slug:
        return slug
    return "U_" + hashlib.sha256(unit.encode()).hexdigest()[:8].upper()
