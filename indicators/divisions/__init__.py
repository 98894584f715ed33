"""Changes of the division tree (撤并乡镇): rename, merge, split, move, create and retire
regions from a year, and load a new edition of the division code list as a diff.

Pages and the other domain modules import from here.
"""

from .accounts import stranded_accounts
from .carry import Carried, Carry
from .changes import (
    NewRegion,
    region_create,
    region_move,
    region_rename,
    region_retire,
    region_split,
    regions_merge,
    succession_preview,
)
from .checks import RegionChangeRefused
from .codes_csv import CodesDiff, codes_apply, codes_diff
from .history import TreeChange, changes_within, starts_or_ends_within
from .names import name_in, named_as_in, names_in, names_in_years, with_name_in

__all__ = [
    "Carried",
    "Carry",
    "CodesDiff",
    "NewRegion",
    "RegionChangeRefused",
    "TreeChange",
    "changes_within",
    "codes_apply",
    "codes_diff",
    "name_in",
    "named_as_in",
    "names_in",
    "names_in_years",
    "region_create",
    "region_move",
    "region_rename",
    "region_retire",
    "region_split",
    "regions_merge",
    "starts_or_ends_within",
    "stranded_accounts",
    "succession_preview",
    "with_name_in",
]
