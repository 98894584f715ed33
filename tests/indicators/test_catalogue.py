from decimal import Decimal

import pytest

from indicators.catalogue import CATALOGUE_FILE, load_catalogue, read_catalogue
from indicators.derived.stamps import EVERYWHERE, stamps_read
from indicators.models import CatalogueRule, Indicator, Section, StampKind
from tests.factories import DataValueFactory, ReportFactory, town

pytestmark = pytest.mark.django_db


def test_the_catalogue_has_five_sections_and_at_least_forty_indicators(catalogue):
    assert list(Section.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert len(catalogue) >= 40
    for section in Section.objects.all():
        assert section.indicators.count() >= 2, section.code


def test_units_are_kept_exactly_as_the_report_writes_them(catalogue):
    assert catalogue["coal_design_capacity"].unit == "万吨／年"
    assert catalogue["raw_coal_output"].unit == "万吨"
    assert catalogue["coal_output_value"].unit == "亿元"
    assert catalogue["street_lights"].unit == "盏"
    assert catalogue["study_participants"].unit == "人次"
    units = {indicator.unit for indicator in catalogue.values()}
    assert {"万吨", "万吨／年", "亿元", "万元", "亩", "个", "座", "辆", "盏", "所"} <= units
    assert {"次", "年", "件", "场次", "人次", "人", "户", "%"} <= units


def test_every_indicator_quotes_the_report_sentence_it_comes_from(catalogue):
    # shared/ lies beside the checkout, on a developer's machine and in CI.
    reference = CATALOGUE_FILE.parents[2].parent / "shared" / "reference"
    report_text = "".join(path.read_text(encoding="utf-8") for path in reference.glob("000_*.txt"))
    for indicator in catalogue.values():
        assert indicator.source_sentence, indicator.code
        if report_text:
            assert indicator.source_sentence in report_text, indicator.code


def test_loading_twice_changes_nothing(catalogue):
    summary = load_catalogue()
    assert not summary.changed
    rows = Section.objects.count() + Indicator.objects.count() + CatalogueRule.objects.count()
    assert summary.unchanged == rows


def test_a_changed_name_or_unit_is_updated_in_place(catalogue, tmp_path):
    text = CATALOGUE_FILE.read_text(encoding="utf-8").replace(
        'name = "安装路灯"\nname_en = "Street lights installed"\nunit = "盏"',
        'name = "安装路灯（含太阳能）"\nname_en = "Street lights installed"\nunit = "座"',
    )
    edited = tmp_path / "catalogue.toml"
    edited.write_text(text, encoding="utf-8")

    summary = load_catalogue(edited)

    assert summary.updated == ["street_lights"]
    lights = Indicator.objects.get(code="street_lights")
    assert (lights.name, lights.unit) == ("安装路灯（含太阳能）", "座")


def test_an_indicator_with_figures_is_never_deleted(catalogue, county, tmp_path):
    DataValueFactory(
        report=ReportFactory(region=town(county, 1)),
        indicator=catalogue["street_lights"],
        value=Decimal(5),
    )
    _sections, indicators = read_catalogue()
    start = CATALOGUE_FILE.read_text(encoding="utf-8").index('code = "street_lights"')
    text = CATALOGUE_FILE.read_text(encoding="utf-8")
    block_start = text.rindex("[[indicators]]", 0, start)
    block_end = text.index("[[indicators]]", start)
    edited = tmp_path / "catalogue.toml"
    edited.write_text(text[:block_start] + text[block_end:], encoding="utf-8")

    summary = load_catalogue(edited)

    assert summary.kept_with_values == ["street_lights"]
    assert Indicator.objects.filter(code="street_lights").exists()
    assert len(indicators) == Indicator.objects.count()


def test_integer_indicators_have_no_decimals_and_bounds_are_sane(catalogue):
    for indicator in catalogue.values():
        assert indicator.min_value < indicator.max_value
        if indicator.value_type == "integer":
            assert indicator.decimals == 0
        if indicator.value_type == "percent":
            assert indicator.max_value == 100


@pytest.mark.django_db
def test_a_first_load_moves_the_stamps_of_every_province_once_and_a_second_not_at_all():
    def versions():
        return [stamps_read(kind, []).rows[0][:2] for kind in (StampKind.VALUES, StampKind.TARGETS)]

    load_catalogue()
    assert versions() == [(EVERYWHERE, 1), (EVERYWHERE, 1)]
    load_catalogue()
    assert versions() == [(EVERYWHERE, 1), (EVERYWHERE, 1)]
