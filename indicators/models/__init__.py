from .accounts import Profile, Role
from .backup_codes import BackupCode, BackupCodeDevice
from .catalogue import (
    DECIMAL_PLACES,
    MAX_DIGITS,
    Aggregation,
    CatalogueRule,
    CatalogueVersion,
    Indicator,
    RuleKind,
    Section,
    ValueType,
)
from .facts import FactKind, RegionFact
from .imports import ImportBatch
from .jobs import Job
from .past_reports import PastReport
from .regions import (
    CODE_LENGTH,
    PREFIX_LENGTH,
    ChangeKind,
    Level,
    Region,
    RegionChange,
    RegionName,
    subtree_bounds,
)
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
from .templates import ReportTemplateVersion
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
    "CatalogueRule",
    "CatalogueVersion",
    "ChangeKind",
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
    "RegionChange",
    "RegionFact",
    "RegionName",
    "RegionSummary",
    "Report",
    "ReportTemplateVersion",
    "ReportTransition",
    "ResetKind",
    "Role",
    "RoleChange",
    "RuleKind",
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
