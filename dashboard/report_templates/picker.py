"""The slot picker beside the editor: what a part may refer to, and the syntax each
inserts. Clicking an item inserts its ``insert`` text at the cursor (static/js/
report_templates.js); without script the syntax stands beside each item to copy."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from indicators.catalogue.reads import indicators_asked
from indicators.models import FactKind, Indicator, Region
from indicators.reports.loader import kind_of
from indicators.reports.places import VILLAGES, read_places
from indicators.reports.syntax import PLACES


@dataclass(frozen=True)
class Item:
    label: str
    insert: str  # the template syntax the item stands for
    value: str = ""  # what it prints for this region today, if known
    note: str = ""
    kind: str = "place"  # "figure" takes the picker's 同比/目标/零则略 choices


@dataclass(frozen=True)
class Group:
    title: str
    items: tuple[Item, ...]
    hint: str = ""


# Place keys a template writes directly (the facts and villages go in 〔〕).
PLAIN_PLACES = ("镇", "县", "省", "镇简称", "县简称", "省简称", "级", "上级", "年度", "全会精神")


def _figure(indicator: Indicator) -> Item:
    note = ""
    if indicator.retired_from:
        note = _("%(year)s 年起停用") % {"year": indicator.retired_from}
    return Item(
        label=indicator.display_name,
        insert=f"【{indicator.name}】{indicator.unit}",
        value=indicator.unit,
        note=note,
        kind="figure",
    )


def _figure_groups(region: Region, name: str, year: int) -> list[Group]:
    """A section's part: its own indicators; the preamble and closing: every section's.
    Only those the catalogue asks of the region that year: not retired by then, already
    reported, in its scope."""
    kind, code = kind_of(name)
    indicators = indicators_asked(region, year, code if kind == "section" else None)
    groups: dict[str, list[Item]] = {}
    titles: dict[str, str] = {}
    for indicator in indicators:
        groups.setdefault(indicator.section_id, []).append(_figure(indicator))
        titles[indicator.section_id] = indicator.section.display_name
    hint = _("插入“【指标名称】单位”；印出时填入该年的数字，没有数字印 XX。")
    return [
        Group(_("指标：%(section)s") % {"section": titles[code]}, tuple(items), hint)
        for code, items in groups.items()
    ]


def picker_groups(region: Region, name: str, year: int) -> list[Group]:
    """The picker's groups for one part of the region's template, for ``year``."""
    places = read_places(region)
    plain = tuple(
        Item(label=key, insert="{" + key + "}", value=places.get(key) or "")
        for key in PLAIN_PLACES
        if key in PLACES
    )
    facts = tuple(
        Item(
            label=str(kind.label),
            insert="〔{" + kind.value + "}〕",
            value=places.get(kind.value) or "",
            note="" if places.get(kind.value) else _("未填写：所在的〔〕略去"),
        )
        for kind in FactKind
    )
    villages = tuple(
        Item(label=f"村{n}", insert="〔{村" + str(n) + "}〕", value=places.get(f"村{n}") or "")
        for n in range(1, VILLAGES + 1)
    )
    writing = (
        Item(
            _("可略去的句子"), "〔〕", note=_("其中的本地名称未填写、或“零则略”的数字为 0 时略去")
        ),
        Item(_("两种说法"), "〔｜〕", note=_("先印“｜”前的说法，不行再印后面的")),
        Item(_("小标题"), "小标题：", note=_("写在一段的开头")),
    )
    return [
        *_figure_groups(region, name, year),
        Group(_("地名与年度"), plain),
        Group(
            _("本地名称"),
            facts + villages,
            _("在“报告用地方名称”页填写；要写在〔〕中，没有填写时整句略去。"),
        ),
        Group(_("写法"), writing),
    ]
