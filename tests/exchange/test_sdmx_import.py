import pytest
import sdmx

from indicators.models import DataValue, Report, Source

from .sdmx_support import (
    BASE,
    FLOW,
    anonymous,
    body,
    client_of,
    figures,
    fresh_caches,
    read,
    structures,
)

__all__ = ["anonymous", "figures", "fresh_caches"]
pytestmark = pytest.mark.django_db
HEADER = "STRUCTURE,STRUCTURE_ID,ACTION,REGION,INDICATOR,TIME_PERIOD,OBS_VALUE,"
HEADER += "UNIT_MEASURE,OBS_STATUS,COMMENT\r\n"
CSV_TYPE = "application/vnd.sdmx.data+csv"


def line(region, indicator="street_lights", year="2025", value="12", unit="LIGHTS", comment=""):
    cells = ["dataflow", "TOWNDASH:TOWN_FIGURES(1.0)", "I", region, indicator, year, value, unit]
    return ",".join([*cells, "draft", comment]) + "\r\n"


def post(client, data, content_type=CSV_TYPE, dry_run="false"):
    return client.post(f"{BASE}/data/?dry_run={dry_run}", data=data, content_type=content_type)


def snapshot():
    return sorted(
        DataValue.objects.values_list("report__region_id", "indicator_id", "value", "comment")
    )


@pytest.mark.parametrize("fmt", ["sdmx-csv", "sdmx-ml"])
def test_round_trip_out_and_back_in_changes_nothing(figures, towns, clerk, fmt):
    client = client_of(clerk)
    out = client.get(f"{FLOW}/{towns[0].code}.?startPeriod=2025&format={fmt}")
    versions = list(Report.objects.values_list("version", flat=True))
    before = snapshot()
    content_type = CSV_TYPE if fmt == "sdmx-csv" else "application/xml"
    response = post(client, body(out), content_type)
    summary = response.json()
    assert response.status_code == 200, summary
    assert (summary["created"], summary["updated"], summary["deleted"]) == (0, 0, 0)
    assert summary["unchanged"] == int(out["X-Row-Count"]) == 1
    assert (
        snapshot() == before and list(Report.objects.values_list("version", flat=True)) == versions
    )


def test_dry_run_checks_and_writes_nothing(figures, towns, clerk):
    before = snapshot()
    response = post(client_of(clerk), HEADER + line(towns[0].code), dry_run="true")
    assert response.json()["created"] == 1 and response.json()["dry_run"] is True
    assert snapshot() == before


def test_import_writes_through_the_write_path_with_source_sdmx(figures, towns, clerk):
    response = post(client_of(clerk), HEADER + line(towns[0].code, comment="新装"))
    assert response.status_code == 200 and response.json()["created"] == 1
    value = DataValue.objects.get(
        report__region=towns[0], report__year=2025, indicator_id="street_lights"
    )
    assert (str(value.value), value.comment, value.source) == ("12.0000", "新装", Source.SDMX)


def test_sdmx_ml_message_with_series_is_imported(figures, towns, clerk):
    message = f"""<?xml version="1.0" encoding="UTF-8"?>
<message:StructureSpecificData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
 xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">
 <message:Header><message:ID>X</message:ID><message:Test>false</message:Test>
  <message:Prepared>2026-01-01T00:00:00</message:Prepared><message:Sender id="S"/>
  <message:Structure structureID="S1" dimensionAtObservation="TIME_PERIOD">
   <common:StructureUsage><Ref agencyID="TOWNDASH" id="TOWN_FIGURES" version="1.0"/>
   </common:StructureUsage>
  </message:Structure></message:Header>
 <message:DataSet><Series REGION="{towns[0].code}" INDICATOR="street_lights" UNIT_MEASURE="LIGHTS">
  <Obs TIME_PERIOD="2025" OBS_VALUE="15"/></Series></message:DataSet>
</message:StructureSpecificData>"""
    response = post(client_of(clerk), message.encode(), "application/xml")
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 1


def test_duplicate_observation_is_a_conflict_and_nothing_is_written(figures, towns, clerk):
    before = snapshot()
    data = HEADER + line(towns[0].code) + line(towns[0].code, value="13")
    response = post(client_of(clerk), data)
    assert response.status_code == 409
    assert [c["code"] for c in response.json()["conflicts"]] == ["duplicate"]
    assert snapshot() == before


def test_approved_figures_are_refused_as_locked(figures, towns, clerk):
    response = post(client_of(clerk), HEADER + line(towns[0].code, year="2024", value="99"))
    assert [c["code"] for c in response.json()["conflicts"]] == ["locked"]


def test_region_not_in_codelist_gets_the_write_paths_code(figures, clerk):
    response = post(client_of(clerk), HEADER + line("777701001000"))
    assert [c["code"] for c in response.json()["conflicts"]] == ["unknown_region"]


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<message:StructureSpecificData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">
<message:DataSet><Obs REGION="&x;" INDICATOR="street_lights" TIME_PERIOD="2025" OBS_VALUE="1"/>
</message:DataSet></message:StructureSpecificData>"""


@pytest.mark.parametrize(
    ("data", "content_type", "code"),
    [
        (
            HEADER.replace("STRUCTURE_ID", "STRUCTURE_ID").encode()
            + line("x", unit="NOPE").encode(),
            CSV_TYPE,
            "unknown_code",
        ),
        (
            (HEADER + line("999901001000")).replace("TOWN_FIGURES", "OTHER").encode(),
            CSV_TYPE,
            "unknown_dataflow",
        ),
        (HEADER.replace("COMMENT", "COLOUR").encode(), CSV_TYPE, "unknown_dimension"),
        ((HEADER + line("999901001000", year="2025-01")).encode(), CSV_TYPE, "invalid_period"),
        (b"REGION,VALUE\r\n1,2\r\n", CSV_TYPE, "malformed"),
        (HEADER.encode(), CSV_TYPE, "malformed"),
        (b"\xff\xfe", CSV_TYPE, "malformed"),
        (b"<message:StructureSpecificData", "application/xml", "malformed"),
        (XXE, "application/xml", "xml_entities"),
    ],
)
def test_bad_message_gets_a_clear_error_and_nothing_is_written(
    figures, clerk, data, content_type, code
):
    before = snapshot()
    response = post(client_of(clerk), data, content_type)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    assert "root:" not in response.content.decode()
    assert snapshot() == before


def test_dry_run_takes_true_or_false_only(figures, towns, clerk):
    response = post(client_of(clerk), HEADER + line(towns[0].code), dry_run="yes")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"


def test_other_content_types_are_a_415(figures, towns, clerk):
    response = post(client_of(clerk), b"{}", "application/json")
    assert response.status_code == 415


def test_anonymous_callers_cannot_write(figures, towns, anonymous):
    response = post(anonymous, HEADER + line(towns[0].code))
    assert response.status_code == 401


def test_county_officials_cannot_write_figures(figures, towns, county_official):
    response = post(client_of(county_official), HEADER + line(towns[0].code))
    assert response.status_code == 403


def test_a_body_over_the_upload_limit_is_a_413(figures, towns, clerk, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    data = HEADER + line(towns[0].code) * 5
    response = post(client_of(clerk), data)
    assert response.status_code == 413


def test_an_empty_comment_cell_keeps_the_stored_comment(figures, towns, clerk):
    response = post(
        client_of(clerk),
        HEADER + line(towns[0].code, "raw_coal_output", value="1234.50", unit="10K_T"),
    )
    stored = DataValue.objects.get(report__region=towns[0], report__year=2025)
    assert response.json()["unchanged"] == 1 and stored.comment == "估算"


def test_a_message_written_by_sdmx1_reads_back_without_changes(figures, towns, clerk):
    client = client_of(clerk)
    dsd = structures(client).structure["DSD_TOWN_FIGURES"]
    out = client.get(f"{FLOW}/{towns[0].code}.?startPeriod=2025&format=sdmx-ml")
    rewritten = sdmx.to_xml(read(body(out), structure=dsd))
    response = post(client, rewritten, "application/xml")
    summary = response.json()
    assert (summary["unchanged"], summary["created"], summary["updated"]) == (1, 0, 0)
