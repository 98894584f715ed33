"""A template row refused because a colleague changed the figure after the download:
the preview shows the figure there now, who changed it and when."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.excel.batches import batch_rows
from indicators.excel.preview import preview_build
from indicators.figures import figures_import
from indicators.models import DataValue, ImportBatch, Source
from tests.dashboard.test_excel_round_trip import download, fill
from tests.factories import save_figures

CODES = ("street_lights", "public_toilets", "raw_coal_output")


@pytest.fixture
def signed_in(client, clerk, catalogue):
    client.force_login(clerk)
    return client


def stale_upload(client, towns, clerk, reviewer, codes) -> ImportBatch:
    """The clerk downloads the template, the reviewer changes ``codes``, the clerk uploads."""
    save_figures(towns[0], 2024, dict.fromkeys(codes, 3), user=clerk)
    template = download(client, towns[0])
    save_figures(towns[0], 2024, dict.fromkeys(codes, 5), user=reviewer)
    content = fill(template, dict.fromkeys(codes, 7))
    client.post("/upload/", {"file": SimpleUploadedFile("模板.xlsx", content)})
    return ImportBatch.objects.latest("created_at")


def test_the_conflict_row_shows_the_figure_there_now_and_who_changed_it(
    signed_in, towns, clerk, reviewer
):
    reviewer.first_name = "王审核"
    reviewer.save()
    batch = stale_upload(signed_in, towns, clerk, reviewer, ["street_lights"])
    changed = DataValue.history.filter(indicator_id="street_lights").latest("history_date")

    html = signed_in.get(f"/upload/{batch.pk}/").content.decode()

    row = html.split('data-kind="error"')[1].split("</tr>")[1]
    assert '<td class="num">5<span class="changed-by">' in row
    assert "王审核 于 " in row and changed.history_date.astimezone().strftime("%Y-%m-%d") in row
    assert "7" in row  # the file's figure beside it
    assert DataValue.objects.get(indicator_id="street_lights").value == 5


def test_who_changed_the_figures_is_read_in_one_query_for_any_number_of_rows(
    signed_in, towns, clerk, reviewer
):
    counts = []
    for codes in (CODES[:1], CODES):
        batch = stale_upload(signed_in, towns, clerk, reviewer, codes)
        summary = figures_import(
            rows=batch_rows(batch), user=clerk, source=Source.IMPORT, dry_run=True
        )
        assert len(summary.conflicts_with("stale")) == len(codes)
        with CaptureQueriesContext(connection) as queries:
            preview = preview_build(batch, summary)
        assert [Decimal(row["old"]) for row in preview["groups"]["error"]] == [5] * len(codes)
        counts.append(len(queries))
    assert counts[0] == counts[1] == 3  # indicators, towns, the figures' history
