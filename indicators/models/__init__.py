from .accounts import Profile, Role
from .catalogue import (
    DECIMAL_PLACES,
    MAX_DIGITS,
    Aggregation,
    Indicator,
    Section,
    ValueType,
)
from .imports import ImportBatch
from .regions import CODE_LENGTH, PREFIX_LENGTH, Level, Region, subtree_bounds
from .reports import (
    FIRST_YEAR,
    LAST_YEAR,
    DataValue,
    Report,
    ReportTransition,
    Source,
    Status,
    Target,
)
from .stamps import DataStamp, StampKind
from .summaries import RegionSummary

__all__ = [
    "CODE_LENGTH",
    "DECIMAL_PLACES",
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_DIGITS",
    "PREFIX_LENGTH",
    "Aggregation",
    "DataStamp",
    "DataValue",
    "ImportBatch",
    "Indicator",
    "Level",
    "Profile",
    "Region",
    "RegionSummary",
    "Report",
    "ReportTransition",
    "Role",
    "Section",
    "Source",
    "StampKind",
    "Status",
    "Target",
    "ValueType",
    "subtree_bounds",
]
