"""Long names on the maps and the 大屏's ranking are written whole, in short lines,
and the map's title follows the page's language."""

import json

import pytest

from dashboard.bigscreen.wall import wall_chart
from dashboard.charts import Bar
from dashboard.maps.charts import map_label
from indicators.models import Level

LONG = "黔东南苗族侗族自治州示范新区镇"


def rank(bars):
    return wall_chart(
        "rank",
        bars,
        unit="座",
        target_name="目标",
        missing_label="未填报",
        filename="x",
        child_level=Level.TOWN,
    )


def test_a_long_name_is_a_map_label_of_short_lines():
    assert map_label("青山镇（演示）") == "青山镇"
    assert map_label(LONG) == "黔东南苗族<br>侗族自治州<br>示范新区镇"
    assert map_label("娄山关街道办") == "娄山关街道办"  # six characters: one line
    assert map_label("Shuanghe Town") == "Shuanghe Town"
    assert map_label("Loushanguan Subdistrict Office").split("<br>") == [
        "Loushanguan",
        "Subdistrict",
        "Office",
    ]


def test_the_wall_ranking_writes_a_long_name_whole_in_smaller_type():
    bars = [Bar("青山镇", None, "#000"), Bar(LONG, None, "#000")]
    figure = rank(bars).figure
    yaxis = figure["layout"]["yaxis"]
    assert LONG in yaxis.get("ticktext", yaxis.get("tickvals", [LONG]))
    assert not any("…" in text for text in yaxis.get("ticktext", []))
    assert yaxis["tickfont"]["size"] == 18
    assert figure["layout"]["meta"]["rows"] == 2  # the rows keep their height
    short = rank(bars[:1]).figure
    assert short["layout"]["yaxis"]["tickfont"]["size"] == 24


def test_a_name_longer_than_fifteen_characters_is_shortened_on_the_wall():
    name = "一二三四五六七八九十甲乙丙丁戊己庚辛"
    bars = [Bar(name, None, "#000")]
    yaxis = rank(bars).figure["layout"]["yaxis"]
    assert yaxis["ticktext"] == ["一二三四五六七八九十甲乙丙丁…"]


@pytest.mark.django_db
def test_the_english_map_title_has_no_chinese_brackets(client, admin_user, catalogue, county):
    from indicators.maps.services import boundaries_seed
    from indicators.models import Level
    from tests import factories

    from .files import squares

    towns = [factories.town(county, number) for number in (1, 2)]
    boundaries_seed(
        geometries=dict(zip([t.code for t in towns], squares(towns), strict=True)),
        level=Level.TOWN,
        valid_from=2000,
    )
    client.force_login(admin_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    indicator = next(i for i in catalogue.values() if i.unit and i.unit_en and i.name_en)
    response = client.get(
        f"/maps/?county={county.code}&year=2024&indicator={indicator.code}&format=json"
    )
    layout = json.loads(response.content)["layout"]
    assert layout["title"]["text"] == f"{indicator.name_en} ({indicator.unit_en})"
    assert "（" not in layout["title"]["text"]
