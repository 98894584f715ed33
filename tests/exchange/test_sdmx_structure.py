import pytest

from indicators.exchange.sdmx.model import unit_code
from indicators.models import Indicator

from .sdmx_support import BASE, anonymous, client_of, fresh_caches, read, structures

__all__ = ["anonymous", "fresh_caches"]

pytestmark = pytest.mark.django_db


def test_sdmx1_reads_the_structures_with_our_dimensions_and_attributes(catalogue, towns, anonymous):
    message = structures(anonymous)
    dsd = message.structure["DSD_TOWN_FIGURES"]
    assert message.dataflow["TOWN_FIGURES"].structure is dsd
    assert [d.id for d in dsd.dimensions.components] == ["REGION", "INDICATOR", "TIME_PERIOD"]
    assert [a.id for a in dsd.attributes.components] == ["UNIT_MEASURE", "OBS_STATUS", "COMMENT"]
    assert sorted(message.codelist["CL_OBS_STATUS"].items) == ["approved", "draft", "submitted"]


def test_region_codelist_has_12_digit_codes_with_chinese_and_english_names(towns, anonymous):
    towns[0].name_en = "Qingshan"
    towns[0].save()
    regions = structures(anonymous).codelist["CL_REGION"]
    town = regions[towns[0].code]
    assert (town.name.localizations["zh"], town.name.localizations["en"]) == (
        towns[0].name,
        "Qingshan",
    )
    assert town.parent.id == towns[0].parent_id
    assert all(len(code.id) == 12 and code.id.isdigit() for code in regions)


def test_indicator_codelist_follows_the_catalogue(catalogue, anonymous):
    before = structures(anonymous).codelist["CL_INDICATOR"]
    Indicator.objects.filter(code="raw_coal_output").update(is_public=False)
    new = catalogue["street_lights"]
    new.pk, new.code, new.order, new.name = None, "public_benches", 99, "公共座椅"
    new.save(force_insert=True)
    after = structures(anonymous).codelist["CL_INDICATOR"]
    assert "raw_coal_output" in before and "raw_coal_output" not in after
    assert str(after["public_benches"].name.localizations["zh"]) == "公共座椅"


def test_units_codelist_names_each_indicators_unit(catalogue, anonymous):
    units = structures(anonymous).codelist["CL_UNIT"]
    indicator = catalogue["raw_coal_output"]
    unit = units[unit_code(indicator.unit, indicator.unit_en)]
    assert str(unit.name.localizations["zh"]) == indicator.unit


def test_signed_in_reader_sees_non_public_indicators_of_own_subtree(catalogue, clerk, anonymous):
    Indicator.objects.filter(code="raw_coal_output").update(is_public=False)
    codes = structures(client_of(clerk)).codelist["CL_INDICATOR"]
    assert "raw_coal_output" in codes


def test_structure_query_by_codelist_returns_only_that_codelist(catalogue, anonymous):
    response = anonymous.get(f"{BASE}/structure/codelist/TOWNDASH/CL_UNIT/latest")
    message = read(response.content)
    assert list(message.codelist) == ["CL_UNIT"] and not message.structure


def test_sdmx_21_paths_without_structure_prefix_answer_too(catalogue, anonymous):
    response = anonymous.get(f"{BASE}/dataflow/TOWNDASH/all/latest")
    assert list(read(response.content).dataflow) == ["TOWN_FIGURES"]


@pytest.mark.parametrize(
    "path",
    [
        "structure/dataflow/OTHER/TOWN_FIGURES",
        "structure/codelist/all/CL_NOPE",
        "structure/hierarchy",
    ],
)
def test_unknown_structure_is_a_json_404(anonymous, db, path):
    response = anonymous.get(f"{BASE}/{path}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] in ("unknown_structure", "not_found")
