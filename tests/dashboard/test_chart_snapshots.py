"""A few representative charts give the same figure dicts as when they were recorded.

The figures were recorded before dashboard/charts became a package of small modules
(issue 24); a refactor of the builders must not change a single property. To record
again after a deliberate change of a chart: ``python -m tests.dashboard.test_chart_snapshots``
with DJANGO_SETTINGS_MODULE=tests.settings, then review the fixture's diff.
"""

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest

from dashboard import charts

D = Decimal
FIXTURE = Path(__file__).parent / "fixtures" / "chart_figures.json"
LONG = "某某某某某某某某满族自治乡人民政府"


def _trends() -> dict:
    years = [2020, 2021, 2022, 2023]
    towns = [
        charts.Series("青山镇", [D("1.10"), None, D("3.30"), D("2.5")], "#4e79a7"),
        charts.Series(
            LONG, [D(4), D(5), D(6), D(7)], "#f28e2b", unapproved=(False, True, False, False)
        ),
    ]
    merge = charts.Marker(2021, "撤并", "青山镇并入煤岭镇")
    return {
        "trend_towns": charts.trend_chart(
            title="原煤产量 历年变化 各镇比较很长的标题",
            unit="万吨",
            years=years,
            series=towns,
            targets=[None, D(3), D(4), None],
            subtitle="演示县 · 2020–2023年 · 含未审核数据的说明",
            markers=[merge, charts.Marker(2030, "外")],
        ),
        "trend_county_partial": charts.trend_chart(
            title="原煤产量 历年变化",
            unit="万吨",
            years=years,
            series=[
                charts.county_series(
                    "演示县", [D(900), D(980), D(600), D(950)], (8, 8, 5, 7), (8, 8, 8, 7)
                )
            ],
            partial_label="仅 %(towns)s/%(total)s 镇填报",
        ),
        "trend_empty": charts.trend_chart(title="t", unit="亩", years=[], series=[]),
    }


def _comparisons() -> dict:
    bars = [
        charts.Bar("甲镇", D("5.5"), "#111111", target=D(6), label="5.50"),
        charts.Bar(LONG, D("7"), "#222222", unapproved=True, label="7.00"),
        charts.Bar("丙镇", None, "#333333", target=D(2)),
        charts.Bar("丁镇", D("-1"), "#444444", label="-1.00"),
    ]
    crowded = [charts.Bar(f"镇{n:02d}", D(n), "#555555", label=str(n)) for n in range(30)]
    crowded.append(charts.Bar("无数镇", None, "#555555"))
    return {
        "comparison_full": charts.comparison_chart(
            title="2025年 各镇原煤产量 比较 很长的标题会换行",
            unit="万吨",
            bars=bars,
            subtitle="演示县 · 2025年",
        ),
        "comparison_short": charts.comparison_chart(
            title="t", unit="u", bars=[charts.Bar("甲镇", D("5"), "#111")]
        ),
        "comparison_extremes": charts.comparison_chart(
            title="t", unit="u", bars=crowded, extremes=10, name_em=8, label_size=18
        ),
    }


def _attainments() -> dict:
    items = [
        ("农业总产值", D("92.5")),
        ("规模以上工业企业营业收入增长", D("100.0")),
        ("第三产业增加值", D("131.2")),
        ("新签约项目", None),
        ("招商引资到位资金", D("88.0")),
    ]
    return {
        "attainment": charts.attainment_chart(
            title="产业发展 目标完成情况 各项指标与目标的差距",
            items=items,
            subtitle="演示县 · 2025年",
        ),
        "attainment_above": charts.attainment_chart(
            title="t", items=[("甲", D("130.0")), ("乙", D("110.0"))]
        ),
        "attainment_empty": charts.attainment_chart(title="t", items=[]),
    }


def _sparklines() -> dict:
    values = [D(800), D(900), None, D(980), D(600), D(950)]
    return {
        "sparkline_partial": dataclasses.asdict(
            charts.sparkline(values, (8, 8, 0, 8, 5, 8), 8, width=220, height=48)
        ),
        "sparkline_path": charts.sparkline_path([D(1), D(3), None, D(2), D(5)]),
    }


def representative() -> dict:
    return {**_trends(), **_comparisons(), **_attainments(), **_sparklines()}


def _plain(value):
    """JSON with a Decimal kept apart from a float or a string ("D:1.10")."""
    if isinstance(value, Decimal):
        return f"D:{value}"
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def as_json(figures: dict) -> dict:
    return json.loads(json.dumps(figures, default=_plain, ensure_ascii=False))


NAMES = [
    "trend_towns",
    "trend_county_partial",
    "trend_empty",
    "comparison_full",
    "comparison_short",
    "comparison_extremes",
    "attainment",
    "attainment_above",
    "attainment_empty",
    "sparkline_partial",
    "sparkline_path",
]


def recorded() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_a_representative_chart_is_unchanged(name):
    assert as_json(representative())[name] == recorded()[name]


def test_every_representative_chart_is_recorded():
    assert sorted(representative()) == sorted(recorded()) == sorted(NAMES)


if __name__ == "__main__":
    import django

    django.setup()
    FIXTURE.parent.mkdir(exist_ok=True)
    text = json.dumps(as_json(representative()), ensure_ascii=False, indent=1, sort_keys=True)
    FIXTURE.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE}")
