"""/audit/: the audit administrator's page, nobody else's (a superuser neither)."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from indicators.audit.models import Action, AuditEvent
from indicators.models import Profile, Role
from tests import factories

# Signing the auditor in records entries of today; the tests' own entries are in March.
MARCH = {"since": "2026-03-01", "until": "2026-03-31"}


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    # The TOTP step for auditors is another control, tested with it.
    settings.OTP_REQUIRED_ROLES = []


@pytest.fixture
def auditor(db):
    user = factories.user_with_role(Role.AUDITOR, None, "audit")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


def at(day: str, hour: int = 12, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(day) + timedelta(hours=hour, minutes=minute))


def event(day: str, username: str = "clerk", **fields) -> AuditEvent:
    fields.setdefault("action", Action.LOGIN)
    return AuditEvent.objects.create(created_at=at(day), username=username, **fields)


def shown(response) -> list[int]:
    """The entries listed, in the page's order."""
    html = response.content.decode()
    marks = {f'data-event="{pk}"': pk for pk in AuditEvent.objects.values_list("pk", flat=True)}
    return [pk for mark, pk in sorted(marks.items(), key=lambda m: html.find(m[0])) if mark in html]


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/audit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.CLERK, Role.COUNTY, Role.SYSADMIN, Role.SECADMIN])
def test_nobody_but_the_auditor_reads_the_page(client, towns, role):
    region = None if role in (Role.SYSADMIN, Role.SECADMIN) else towns[0]
    client.force_login(factories.user_with_role(role, region, f"u-{role}"))
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/", {"export": "csv"}).status_code == 403


def test_a_business_admin_who_is_not_a_superuser_cannot_read_it(client, db):
    user = User.objects.create_user("boss")
    Profile.objects.create(user=user, role=Role.ADMIN)
    client.force_login(user)
    assert client.get("/audit/").status_code == 403


def test_the_auditor_reads_it_and_a_superuser_does_not(auditor_client, client, db):
    entry = event("2026-03-01")
    assert shown(auditor_client.get("/audit/", MARCH)) == [entry.pk]
    client.force_login(User.objects.create_superuser("root"))
    assert client.get("/audit/", MARCH).status_code == 403


def test_the_nav_links_the_page_for_auditors_only(auditor_client, client, clerk):
    assert 'href="/audit/"' in auditor_client.get("/rules/").content.decode()
    client.force_login(clerk)
    assert 'href="/audit/"' not in client.get("/rules/").content.decode()


def test_filters_by_who_action_dates_and_address(auditor_client, db):
    a = event("2026-03-01", "wang", address="10.0.0.1")
    b = event("2026-03-02", "li", action=Action.LOGIN_FAILED, address="10.0.0.2")
    c = event("2026-03-03", "wang", action=Action.EXPORT, address="10.0.0.2")
    assert shown(auditor_client.get("/audit/", {"who": "wang"})) == [c.pk, a.pk]
    assert shown(auditor_client.get("/audit/", {"action": "login_failed"})) == [b.pk]
    dates = {"since": "2026-03-02", "until": "2026-03-02"}
    assert shown(auditor_client.get("/audit/", dates)) == [b.pk]
    assert shown(auditor_client.get("/audit/", {"address": "10.0.0.2"})) == [c.pk, b.pk]


def test_a_day_is_a_local_day(auditor_client, db):
    # 23:30 in Beijing is 15:30 UTC: the same day, either way it is counted.
    late = AuditEvent.objects.create(action=Action.LOGIN, created_at=at("2026-03-01", 23, 30))
    after = AuditEvent.objects.create(action=Action.LOGIN, created_at=at("2026-03-02", 0, 30))
    response = auditor_client.get("/audit/", {"since": "2026-03-01", "until": "2026-03-01"})
    assert shown(response) == [late.pk]
    assert after.pk in shown(auditor_client.get("/audit/", {"since": "2026-03-02"}))


def test_bad_filters_are_a_message_not_a_list(auditor_client, db):
    event("2026-03-01")
    response = auditor_client.get("/audit/", {"since": "2026-03-05", "until": "2026-03-01"})
    assert response.status_code == 400
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert shown(response) == []


def test_the_list_is_paged_newest_first(auditor_client, db):
    entries = [event(f"2026-03-{day:02d}", f"u{day}") for day in range(1, 31)]
    entries += [event(f"2026-03-{day:02d}", f"v{day}") for day in range(1, 29)]
    newest_first = [e.pk for e in sorted(entries, key=lambda e: (e.created_at, e.pk))][::-1]
    first = auditor_client.get("/audit/", MARCH)
    second = auditor_client.get("/audit/", {**MARCH, "page": 2})
    assert shown(first) == newest_first[:50]
    assert shown(second) == newest_first[50:]


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_has_the_filtered_entries_and_neutralised_cells(auditor_client, db):
    formula = '=HYPERLINK("http://evil.example","x")'
    event("2026-03-01", formula, object_repr="@SUM(A1)")
    event("2026-03-01", "li", object_repr="-5")
    event("2026-03-01", "wang")
    response = auditor_client.get("/audit/", {**MARCH, "export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv_rows(response)
    assert rows[0][:4] == ["时间", "用户名", "来源地址", "操作"]
    by_name = {row[1]: row for row in rows[1:]}
    assert set(by_name) == {"'" + formula, "li", "wang"}
    assert by_name["'" + formula][6] == "'@SUM(A1)"
    assert by_name["li"][6] == "-5"  # a plain number stays a number
    assert by_name["wang"][3] == "登录"


def test_exporting_the_trail_is_itself_recorded(auditor_client, auditor, db):
    b"".join(auditor_client.get("/audit/", {"export": "csv", "who": "x"}).streaming_content)
    exported = AuditEvent.objects.get(action=Action.EXPORT)
    assert (exported.user, exported.details["what"]) == (auditor, "audit")
    assert exported.details["query"] == {"export": "csv", "who": "x"}


def _march_entries(count: int) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(action=Action.LOGIN, created_at=at("2026-03-02"), username=f"u{i}")
        for i in range(count)
    )


@pytest.mark.parametrize("count", [3, 120])
def test_the_page_reads_a_fixed_number_of_queries(auditor_client, count, django_assert_num_queries):
    _march_entries(count)
    # session, user, profile (the right), count, page
    with django_assert_num_queries(5):
        response = auditor_client.get("/audit/", {**MARCH, "action": "login"})
    assert len(shown(response)) == min(count, 50)


@pytest.mark.parametrize("count", [3, 120])
def test_the_csv_reads_a_fixed_number_of_queries(auditor_client, count, django_assert_num_queries):
    _march_entries(count)
    # session, user, profile, the export's own entry (the chain's head under the
    # append lock, the insert), the rows
    with django_assert_num_queries(6):
        rows = _csv_rows(auditor_client.get("/audit/", {**MARCH, "export": "csv"}))
    assert len(rows) == count + 1


def test_details_read_as_text_not_as_program_data(auditor_client, db):
    event("2026-03-01", details={"role": "auditor", "region": None, "towns": ["青山镇"]})
    html = auditor_client.get("/audit/").content.decode()
    assert "region: null；role: auditor；towns: [&quot;青山镇&quot;]" in html
    assert "{&#x27;role&#x27;" not in html
