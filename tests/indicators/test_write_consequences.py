"""A write owns its consequences: the summaries, the stamps and the audit entry of
every write and workflow move are updated by the write service itself, in its
transaction, in one lock order, with no signal receiver behind it."""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from indicators.derived.summaries import summaries_rebuild
from indicators.figures import figures_import
from indicators.models import DataStamp, DataValue, RegionSummary, Report, Role, Source, Target
from indicators.workflow import transitions as workflow
from tests import factories
from tests.dashboard.entry.conftest import entry_url, form_data

CODES = ("raw_coal_output", "street_lights")
YEARS = (2023, 2024)


def summaries() -> list[tuple]:
    fields = [f.name for f in RegionSummary._meta.fields if f.name != "id"]
    return sorted(RegionSummary.objects.values_list(*fields))


# -- No hidden receivers -----------------------------------------------------------


@pytest.mark.parametrize("model", [DataValue, Report, Target])
def test_nothing_but_history_listens_to_figures_reports_and_targets(db, model):
    for signal in (pre_save, post_save, pre_delete, post_delete):
        sync, async_ = signal._live_receivers(model)
        modules = {receiver.__module__ for receiver in (*sync, *async_)}
        assert {m for m in modules if not m.startswith("simple_history")} == set(), signal


def test_a_form_save_costs_a_fixed_number_of_statements(
    client, clerk, towns, catalogue, django_assert_num_queries
):
    factories.save_figures(towns[0], 2024, {"street_lights": 10}, user=clerk)
    version = Report.objects.get(region=towns[0], year=2024).version
    client.force_login(clerk)
    data = form_data(
        catalogue,
        version=version,
        values={"street_lights": "12", "raw_coal_output": "3"},
        shown={"street_lights": "10"},
    )
    # Reading the page's report, the user's rights to see it and the form's
    # indicators; planning the write (with the rules);
    # under the lock the report, the figures and their history, the version; then the
    # stamp, the summaries (county, prefecture, province: a DELETE and an INSERT
    # each) and the audit entry with its chain head. Counted, not bounded: a receiver
    # added behind the write would show here.
    with django_assert_num_queries(FORM_SAVE_STATEMENTS[connection.vendor]):
        response = client.post(entry_url(towns[0], 2024), data)
    assert response.status_code == 302
    assert DataValue.objects.get(indicator="street_lights").value == 12


# 29 statements on SQLite, and the test's SAVEPOINT and RELEASE; PostgreSQL adds the
# summaries' advisory lock and writes changed figures through a temporary table.
# (36/38 before the entry view stopped reading the page's figures, targets, steps and
# rules ahead of a save that redirects: the page is read only when it is shown.)
FORM_SAVE_STATEMENTS = {"sqlite": 31, "postgresql": 33}


# -- One lock order ----------------------------------------------------------------


def _lock_order(statements: list[str]) -> list[str]:
    """The derived rows a write locks, in the order it first touches each kind."""
    stamp = DataStamp._meta.db_table
    summary = RegionSummary._meta.db_table
    order = []
    for sql in statements:
        kind = None
        if stamp in sql and sql.lstrip().upper().startswith("INSERT"):
            kind = "stamp"
        elif "pg_advisory_xact_lock" in sql or (summary in sql and "DELETE" in sql.upper()):
            kind = "summary"
        elif "audit_chain_head" in sql or 'INSERT INTO "audit_auditevent"' in sql:
            kind = "audit"
        if kind and kind not in order:
            order.append(kind)
    return order


def test_a_write_and_a_save_and_submit_take_their_locks_in_one_order(towns, reviewer, catalogue):
    rows = factories.figure_rows(towns[0], 2023, {"street_lights": 10})
    with CaptureQueriesContext(connection) as plain:
        figures_import(rows=rows, user=reviewer, source=Source.FORM)
    rows = factories.figure_rows(towns[0], 2024, {"street_lights": 10})
    with CaptureQueriesContext(connection) as submitted:
        workflow.figures_submit(rows=rows, user=reviewer, source=Source.FORM)

    assert Report.objects.get(region=towns[0], year=2024).status == "submitted"
    first = _lock_order([q["sql"] for q in plain.captured_queries])
    second = _lock_order([q["sql"] for q in submitted.captured_queries])
    assert first == second == ["stamp", "summary", "audit"]


# -- The summaries are never stale ---------------------------------------------------

write = st.tuples(
    st.sampled_from(["form", "api", "excel", "seed"]),
    st.integers(0, 3),  # the town
    st.sampled_from(YEARS),
    st.sampled_from(CODES),
    st.none() | st.integers(0, 5000).map(lambda n: Decimal(n) / 4),
)
move = st.tuples(
    st.just("move"),
    st.integers(0, 3),
    st.sampled_from(YEARS),
    st.sampled_from(["submit", "approve", "return", "reopen", "seed_approve"]),
)
MOVES = {
    "submit": workflow.report_submit,
    "approve": workflow.report_approve,
    "return": workflow.report_return,
    "reopen": workflow.report_reopen,
}


@pytest.fixture
def places(towns, other_county, catalogue):
    """Four towns: three in one county, one in a county of another province."""
    elsewhere = factories.county("778801000000", "外省县")
    return [*towns, factories.town(elsewhere, 1)]


def _step(step, places, catalogue, admin, browser, api) -> None:
    town = places[step[1]]
    year = step[2]
    if step[0] == "move":
        report = Report.objects.filter(region=town, year=year).first()
        if report is None:
            return
        try:
            if step[3] == "seed_approve":  # as seed_scale moves a batch
                workflow.reports_approve(
                    reports=workflow.reports_submit(reports=[report], user=admin), user=admin
                )
            else:
                MOVES[step[3]](report=report, user=admin, reason="理由")
        except workflow.TransitionRefused:
            pass
        return
    channel, code, value = step[0], step[3], step[4]
    if channel == "form":
        report = Report.objects.filter(region=town, year=year).first()
        current = DataValue.objects.filter(report=report, indicator=code).first()
        shown = {code: f"{current.value}"} if current else {}
        data = form_data(
            catalogue,
            version=report.version if report else 0,
            values={code: "" if value is None else f"{value}"},
            shown=shown,
        )
        response = browser.post(entry_url(town, year), data)
        assert response.status_code in (200, 302, 400, 403, 409), response.status_code
    elif channel == "api":
        item = {"indicator": code, "region": town.code, "year": year}
        item["value"] = None if value is None else f"{value}"
        response = api.post("/api/v1/values/bulk/", {"values": [item]}, format="json")
        assert response.status_code in (200, 403, 409), response.content
    else:
        source = Source.IMPORT if channel == "excel" else Source.SEED
        rows = factories.figure_rows(town, year, {code: value})
        figures_import(rows=rows, user=admin, source=source)


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(write | move, min_size=1, max_size=6))
def test_the_kept_summaries_equal_a_rebuild_after_any_writes_and_moves(
    steps, places, catalogue, client
):
    with transaction.atomic():  # each example rolled back
        admin = factories.seed_user()
        client.force_login(factories.user_with_role(Role.CLERK, places[0], "entry-clerk"))
        api = APIClient()
        api.force_authenticate(user=admin)
        for step in steps:
            if step[0] == "form" and step[1] != 0:
                step = (step[0], 0, *step[2:])  # the clerk's own town
            _step(step, places, catalogue, admin, client, api)
        kept = summaries()
        summaries_rebuild()
        assert summaries() == kept
        transaction.set_rollback(True)
