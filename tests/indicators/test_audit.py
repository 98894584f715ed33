"""The audit trail: what is recorded (who, when, from where, what), that the table
is append-only on SQLite and on PostgreSQL, and the archive command.

Run on PostgreSQL too: DATABASE_URL=postgres://postgres@127.0.0.1:5432/indicators_audit10
"""

import gzip
import hashlib
import io
import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from indicators.audit import events, receivers
from indicators.audit.models import Action, AuditEvent
from indicators.figures import figures_import
from indicators.figures.targets import targets_import
from indicators.models import DataValue, Profile, Region, Role, Status
from indicators.workflow.transitions import report_submit
from tests import factories
from tests.dashboard.conftest import fill_county

ADDRESS = "10.20.30.40"


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    # The TOTP step is another control (tests/dashboard/account); here it would only
    # stand between a signed-in administrator and the page.
    settings.OTP_REQUIRED_ROLES = []


def only(action: str) -> AuditEvent:
    events = list(AuditEvent.objects.filter(action=action))
    assert len(events) == 1, events
    return events[0]


def recent(event: AuditEvent) -> bool:
    return timezone.now() - timedelta(seconds=60) < event.created_at <= timezone.now()


# --- sign-in, sign-out, failures, lockouts


def test_a_sign_in_is_recorded_with_who_when_and_where(client, clerk):
    clerk.set_password("a-long-passphrase-7")
    clerk.save()
    client.post(
        "/accounts/login/",
        {"username": "clerk", "password": "a-long-passphrase-7"},
        REMOTE_ADDR=ADDRESS,
    )
    event = only(Action.LOGIN)
    assert (event.user, event.username, event.address) == (clerk, "clerk", ADDRESS)
    assert recent(event)


def test_a_sign_out_is_recorded(client, clerk):
    client.force_login(clerk)
    client.post("/accounts/logout/", REMOTE_ADDR=ADDRESS)
    event = only(Action.LOGOUT)
    assert (event.user, event.address) == (clerk, ADDRESS)


def test_a_failed_sign_in_keeps_the_name_tried_and_never_the_password(client, clerk):
    client.post(
        "/accounts/login/", {"username": "clerk", "password": "wrong-guess-1"}, REMOTE_ADDR=ADDRESS
    )
    event = only(Action.LOGIN_FAILED)
    assert (event.user, event.username, event.address) == (None, "clerk", ADDRESS)
    assert "wrong-guess-1" not in json.dumps(event.details)


def test_a_forwarded_address_is_ignored_without_trusted_proxies(client, clerk):
    client.post(
        "/accounts/login/",
        {"username": "clerk", "password": "x"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    assert only(Action.LOGIN_FAILED).address == "127.0.0.1"


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(client, clerk, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client.post(
        "/accounts/login/",
        {"username": "clerk", "password": "x"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 10.9.8.7",
    )
    assert only(Action.LOGIN_FAILED).address == "10.9.8.7"


def test_a_lockout_is_recorded(rf, db):
    request = rf.post("/accounts/login/", REMOTE_ADDR=ADDRESS)
    try:  # django-axes sends the signal when it is installed
        from axes.signals import user_locked_out
    except ImportError:
        receivers._locked_out(None, request=request, username="clerk", ip_address=ADDRESS)
    else:
        user_locked_out.send("axes", request=request, username="clerk", ip_address=ADDRESS)
    event = only(Action.LOCKED_OUT)
    assert (event.username, event.address) == ("clerk", ADDRESS)


# --- writes: figures, targets, workflow


def test_a_write_of_figures_is_one_event_with_counts_and_town_years(towns, catalogue):
    county_admin = factories.user_with_role(Role.ADMIN, None, "boss")
    rows = factories.figure_rows(towns[0], 2024, {"street_lights": 3, "raw_coal_output": 2})
    rows += factories.figure_rows(towns[1], 2024, {"street_lights": 4})
    summary = figures_import(rows=rows, user=county_admin, source="api")
    assert summary.created == 3
    event = only(Action.FIGURES_WRITTEN)
    assert (event.user, event.username) == (county_admin, "boss")
    assert event.details == {
        "source": "api",
        "created": 3,
        "updated": 0,
        "deleted": 0,
        "places": [[towns[0].code, 2024], [towns[1].code, 2024]],
    }


def test_refused_dry_run_and_unchanged_writes_record_nothing(clerk, towns, catalogue):
    factories.save_figures(towns[0], 2024, {"street_lights": 3}, user=clerk)
    assert AuditEvent.objects.filter(action=Action.FIGURES_WRITTEN).count() == 1
    factories.save_figures(towns[0], 2024, {"street_lights": 3}, user=clerk)  # unchanged
    assert factories.refusal_codes(towns[1], 2024, {"street_lights": 9}, user=clerk) == [
        "forbidden"
    ]
    rows = factories.figure_rows(towns[0], 2024, {"street_lights": 5})
    figures_import(rows=rows, user=clerk, source="form", dry_run=True)
    assert AuditEvent.objects.filter(action=Action.FIGURES_WRITTEN).count() == 1


def test_a_write_of_targets_is_recorded(county_official, towns, catalogue):
    rows = factories.figure_rows(towns[0], timezone.localdate().year, {"street_lights": 7})
    targets_import(rows=rows, user=county_official)
    event = only(Action.TARGETS_WRITTEN)
    assert event.user == county_official
    assert event.details["created"] == 1


def test_a_workflow_step_is_recorded(reviewer, towns, catalogue):
    factories.save_figures(towns[0], 2024, {"street_lights": 3}, user=reviewer)
    report = towns[0].reports.get(year=2024)
    report_submit(report=report, user=reviewer, reason="按时上报")
    event = only(Action.REPORT_MOVED)
    assert (event.user, event.object_type, event.object_id) == (
        reviewer,
        "indicators.report",
        str(report.pk),
    )
    assert event.details == {"from": Status.DRAFT, "to": Status.SUBMITTED, "reason": "按时上报"}


# --- exports of non-public data


def test_an_api_export_of_values_by_a_signed_in_user_is_recorded(clerk, towns, catalogue):
    from rest_framework.test import APIClient

    factories.save_figures(towns[0], 2024, {"street_lights": 3}, user=clerk)
    api = APIClient()
    api.force_authenticate(clerk)
    for fmt in ("csv", "xlsx"):
        response = api.get("/api/v1/values/", {"format": fmt, "year": 2024}, REMOTE_ADDR=ADDRESS)
        assert response.status_code == 200
    events = AuditEvent.objects.filter(action=Action.EXPORT).order_by("id")
    assert [(e.username, e.address, e.details["format"]) for e in events] == [
        ("clerk", ADDRESS, "csv"),
        ("clerk", ADDRESS, "xlsx"),
    ]
    assert events[0].details["what"] == "values"
    assert events[0].details["rows"] == 1
    assert events[0].details["query"] == {"format": "csv", "year": "2024"}


def test_an_anonymous_download_of_public_figures_is_recorded_with_its_address(
    client, towns, catalogue
):
    from rest_framework.test import APIClient

    response = APIClient().get("/api/v1/values/", {"format": "csv"}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    event = only(Action.EXPORT)
    assert (event.user, event.username, event.address) == (None, "", ADDRESS)
    assert (event.details["what"], event.details["format"]) == ("values", "csv")


def test_a_dashboard_download_by_a_signed_in_user_is_recorded(
    client, county_official, towns, catalogue
):
    fill_county(towns[0].parent, catalogue, towns=1, years=1)
    client.force_login(county_official)
    page = client.get(f"/towns/{towns[0].code}/", {"year": 2020}).content.decode()
    key = re.findall(r'data-table="([^"]+)"', page)[0]
    response = client.get(
        f"/towns/{towns[0].code}/",
        {"year": 2020, "export": "csv", "table": key},
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 200
    event = only(Action.EXPORT)
    assert (event.user, event.address, event.details["format"]) == (
        county_official,
        ADDRESS,
        "csv",
    )
    assert key in event.details["what"]


# --- accounts, roles, the admin, tokens


def test_account_changes_are_recorded_by_field_without_the_password(db):
    user = User.objects.create_user("wang", password="first-Passphrase-1")
    assert only(Action.USER_CREATED).object_repr == "wang"
    user.set_password("second-Passphrase-2")
    user.is_active = False
    user.save()
    changed = only(Action.USER_CHANGED)
    assert changed.details == {"changed": ["password", "is_active"]}
    assert "Passphrase" not in json.dumps([e.details for e in AuditEvent.objects.all()])


def test_a_sign_in_is_not_also_an_account_change(client, clerk):
    client.force_login(clerk)
    assert not AuditEvent.objects.filter(action=Action.USER_CHANGED).exists()


def test_deleting_an_account_keeps_its_entries_and_records_the_deletion(db):
    user = User.objects.create_user("li")
    user.delete()
    created, deleted = only(Action.USER_CREATED), only(Action.USER_DELETED)
    assert (created.object_repr, deleted.object_repr) == ("li", "li")


def test_role_grants_changes_and_revocations_are_recorded(towns):
    user = User.objects.create_user("zhao")
    profile = Profile.objects.create(user=user, role=Role.CLERK, region=towns[0])
    profile.role, profile.region = Role.REVIEWER, towns[1]
    profile.save()
    profile.delete()
    assert only(Action.ROLE_GRANTED).details == {
        "account": "zhao",
        "role": "clerk",
        "region": towns[0].code,
    }
    assert only(Action.ROLE_CHANGED).details == {
        "account": "zhao",
        "before": {"role": "clerk", "region": towns[0].code},
        "after": {"role": "reviewer", "region": towns[1].code},
    }
    assert only(Action.ROLE_REVOKED).details["role"] == "reviewer"


def test_an_admin_action_is_recorded_with_who_and_where(client, admin_user, county):
    client.force_login(admin_user)
    url = f"/admin/indicators/region/{county.code}/change/"
    response = client.post(
        url,
        {"code": county.code, "name": "改名县", "name_en": "", "level": county.level},
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Region.objects.get(pk=county.code).name == "改名县"
    event = only(Action.ADMIN_ACTION)
    assert (event.user, event.address) == (admin_user, ADDRESS)
    assert event.details["model"] == "indicators.region"
    assert event.details["object_id"] == county.code


def test_issuing_and_revoking_an_api_token_are_recorded(client, clerk):
    client.force_login(clerk)
    client.post("/account/", {"action": "issue"}, REMOTE_ADDR=ADDRESS)
    client.post("/account/", {"action": "revoke"}, REMOTE_ADDR=ADDRESS)
    issued, revoked = only(Action.TOKEN_ISSUED), only(Action.TOKEN_REVOKED)
    assert (issued.user, issued.address, issued.object_id) == (clerk, ADDRESS, str(clerk.pk))
    assert (revoked.user, revoked.address) == (clerk, ADDRESS)


# --- append-only, on whichever database the tests run (SQLite and PostgreSQL)


@pytest.fixture
def event(db):
    return AuditEvent.objects.create(action=Action.LOGIN, username="clerk")


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_auditevent SET username = 'someone else'", "DELETE FROM audit_auditevent"],
)
def test_raw_sql_cannot_update_or_delete_audit_entries(event, statement):
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    event.refresh_from_db()
    assert event.username == "clerk"


@pytest.mark.parametrize(
    "change",
    [
        lambda e: AuditEvent.objects.filter(pk=e.pk).update(username="x"),
        lambda e: AuditEvent.objects.all().delete(),
        lambda e: e.delete(),
        lambda e: (setattr(e, "action", Action.LOGOUT), e.save()),
    ],
    ids=["queryset-update", "queryset-delete", "instance-delete", "instance-save"],
)
def test_the_orm_cannot_update_or_delete_audit_entries(event, change):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        change(event)
    assert AuditEvent.objects.get(pk=event.pk).action == Action.LOGIN


def test_the_guard_is_in_the_database_of_this_vendor(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass"
                " AND NOT tgisinternal"
            )
            assert [row[0] for row in cursor.fetchall()] == ["audit_auditevent_append_only"]
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND tbl_name = 'audit_auditevent' ORDER BY name"
            )
            assert [row[0] for row in cursor.fetchall()] == [
                "audit_auditevent_no_delete",
                "audit_auditevent_no_update",
            ]


@pytest.mark.django_db(transaction=True)
def test_the_test_database_flush_still_empties_the_table():
    # TRUNCATE on PostgreSQL, a DELETE inside the flush command on SQLite.
    AuditEvent.objects.create(action=Action.LOGIN, username="clerk")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()


# --- archive


def _old_events(days_ago: int, count: int) -> list[AuditEvent]:
    when = timezone.now() - timedelta(days=days_ago)
    return [
        AuditEvent.objects.create(
            action=Action.LOGIN, username=f"user{i}", created_at=when, details={"n": i}
        )
        for i in range(count)
    ]


def test_the_archive_holds_older_entries_with_a_checksum_and_deletes_nothing(db, tmp_path):
    old = _old_events(400, 3)
    _old_events(10, 2)
    before = timezone.localdate() - timedelta(days=200)
    out = tmp_path / "audit.jsonl.gz"
    printed = io.StringIO()
    call_command("audit_archive", before=before.isoformat(), out=str(out), stdout=printed)
    lines = [json.loads(line) for line in gzip.decompress(out.read_bytes()).splitlines()]
    assert [line["id"] for line in lines] == [event.pk for event in old]
    assert lines[0]["username"] == "user0" and lines[0]["details"] == {"n": 0}
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert (tmp_path / "audit.jsonl.gz.sha256").read_text() == f"{digest}  audit.jsonl.gz\n"
    assert AuditEvent.objects.count() == 5
    assert f"3 entries before {before} (last id {old[-1].pk})" in printed.getvalue()
    assert digest in printed.getvalue()


def test_the_archive_refuses_entries_younger_than_the_retention(db, tmp_path):
    too_recent = timezone.localdate() - timedelta(days=30)
    with pytest.raises(CommandError, match="AUDIT_RETENTION_DAYS"):
        call_command(
            "audit_archive", before=too_recent.isoformat(), out=str(tmp_path / "a.jsonl.gz")
        )
    assert not (tmp_path / "a.jsonl.gz").exists()


def test_the_archive_never_overwrites_a_file(db, tmp_path):
    out = tmp_path / "a.jsonl.gz"
    out.write_bytes(b"kept")
    before = (timezone.localdate() - timedelta(days=200)).isoformat()
    with pytest.raises(CommandError, match="never overwritten"):
        call_command("audit_archive", before=before, out=str(out))
    assert out.read_bytes() == b"kept"


def test_a_write_whose_audit_entry_fails_is_not_saved(towns, catalogue, clerk, monkeypatch):
    # The entry is written inside the write's transaction: both commit, or neither.
    def broken(**kwargs):
        raise RuntimeError("audit table unavailable")

    monkeypatch.setattr(events, "audit_record", broken)
    rows = factories.figure_rows(towns[0], 2024, {"street_lights": 3})
    with pytest.raises(RuntimeError):
        figures_import(rows=rows, user=clerk, source="form")
    assert not DataValue.objects.exists()
