"""The report's place names: the region data (the town, its county and province, villages)
and the region's own facts (models/facts.py)."""

import re

from django.db.models import CharField, F, Q
from django.db.models.functions import Coalesce

from ..divisions.names import with_name_in
from ..models import CODE_LENGTH, PREFIX_LENGTH, FactKind, Level, Region, RegionFact

# Level words a short name drops, longest first: "演示县（虚构）" → "演示". Villages
# keep their names whole ("鸡田村"): the report writes them in full.
SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "街道办事处",
    "街道",
    "省",
    "市",
    "盟",
    "地区",
    "县",
    "区",
    "旗",
    "镇",
    "乡",
)
NOTE = re.compile(r"\s*[（(][^（）()]*[)）]\s*$")
VILLAGES = 9  # {村1} … {村9}
NAME_SEPARATOR = "、"


def superior_word(prefecture: str | None) -> str:
    """The level above a county as its Party committee is called: 市委, 州委, 盟委."""
    bare = NOTE.sub("", prefecture or "").strip()
    for word in ("州", "盟"):
        if bare.endswith(word):
            return word
    return "市"


def short_name(name: str) -> str:
    """A place's name without a trailing note and level word: "青山镇（演示）" → "青山"."""
    bare = NOTE.sub("", name).strip()
    for suffix in SUFFIXES:
        if bare.endswith(suffix) and len(bare) > len(suffix):
            return bare[: -len(suffix)]
    return bare


def ancestor_code(code: str, level: str) -> str:
    return code[: PREFIX_LENGTH[level]].ljust(CODE_LENGTH, "0")


def read_places(region: Region, year: int | None = None) -> dict[str, str | None]:
    """The place names and facts a template may use for ``region``, in two queries.

    With ``year``, every place is named as it was then (a town renamed in 2021 is
    still its old name in the 2019 report: :class:`~indicators.models.RegionName`).
    None where the region lacks the place or fact (a county without its province row,
    a town that gave no rivers): a clause in 〔〕 drops, elsewhere the report prints XX.
    Villages come from the region data, else from the villages the town listed.
    """
    ancestors = {
        level: ancestor_code(region.code, level)
        for level in (Level.COUNTY, Level.PREFECTURE, Level.PROVINCE)
    }
    low, high = region.bounds
    queryset = Region.objects.filter(
        Q(code__in=[region.code, *ancestors.values()])
        | Q(code__gte=low, code__lte=high, level=Level.VILLAGE)
    )
    if year is not None:
        queryset = with_name_in(queryset, year).annotate(
            shown=Coalesce("name_then", "name", output_field=CharField())
        )
    else:
        queryset = queryset.annotate(shown=F("name"))
    rows = list(queryset.order_by("code").values_list("code", "shown", "level"))
    names = {code: name for code, name, _level in rows}
    own = names.get(region.code, region.name)
    county = names.get(ancestors[Level.COUNTY]) if region.level != Level.COUNTY else own
    province = names.get(ancestors[Level.PROVINCE])
    facts = RegionFact.objects.names_for(region)
    villages = [name for _code, name, level in rows if level == Level.VILLAGE]
    villages = villages or facts.get(FactKind.VILLAGE, [])
    is_county = region.level == Level.COUNTY
    places: dict[str, str | None] = {
        "镇": own,
        "县": county,
        "省": province,
        "镇简称": short_name(own),
        "县简称": short_name(county) if county else None,
        "省简称": short_name(province) if province else None,
        "级": "县" if is_county else "镇",
        "上级": superior_word(names.get(ancestors[Level.PREFECTURE])) if is_county else "县",
    }
    for kind in FactKind.values:
        places[kind] = NAME_SEPARATOR.join(facts[kind]) if kind in facts else None
    for number in range(1, VILLAGES + 1):
        places[f"村{number}"] = villages[number - 1] if number <= len(villages) else None
    return places
