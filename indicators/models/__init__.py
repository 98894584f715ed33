from .accounts import Profile, Role
from .backup_codes import BackupCode, BackupCodeDevice
from .catalogue import (
    DECIMAL_PLACES,
    MAX_DIGITS,
    Aggregation,
    Indicator,
    Section,
    ValueType,
)
from .facts import FactKind, RegionFact
from .imports import ImportBatch
from .jobs import Job
from .past_reports import PastReport
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
from .resets import AccountReset, ResetKind
from .role_changes import ChangeState, RoleChange
from .stamps import DataStamp, StampKind
from .summaries import RegionSummary
from .tokens import TokenRecord, TokenSource

__all__ = [
    "CODE_LENGTH",
    "DECIMAL_PLACES",
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_DIGITS",
    "PREFIX_LENGTH",
    "AccountReset",
    "Aggregation",
    "BackupCode",
    "BackupCodeDevice",
    "ChangeState",
    "DataStamp",
    "DataValue",
    "FactKind",
    "ImportBatch",
    "Indicator",
    "Job",
    "Level",
    "PastReport",
    "Profile",
    "Region",
    "RegionFact",
    "RegionSummary",
    "Report",
    "ReportTransition",
    "ResetKind",
    "Role",
    "RoleChange",
    "Section",
    "Source",
    "StampKind",
    "Status",
    "Target",
    "TokenRecord",
    "TokenSource",
    "ValueType",
    "subtree_bounds",
]
