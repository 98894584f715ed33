"""A backup restored into an empty database holds every figure, its history and the
audit trail, row for row; a damaged backup or a database in use is refused."""

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection

from indicators.catalogue.years import current_year
from indicators.management.commands.backup import kept
from indicators.models import DataValue, Region, Report, ReportTransition, Status
from indicators.workflow.transitions import report_approve, report_submit
from tests.factories import save_figures

SCRATCH = "indicators_backup_test"
# Tables that must not be empty in the copy: figures, their history, the audit trail.
ESSENTIAL = [
    DataValue._meta.db_table,
    DataValue.history.model._meta.db_table,
    Report._meta.db_table,
    ReportTransition._meta.db_table,
    LogEntry._meta.db_table,
]


@pytest.fixture
def history(catalogue, towns, clerk, reviewer, county_official, admin_user):
    """Figures saved, changed and removed, a report submitted and approved, an admin action."""
    year = current_year() - 1
    save_figures(towns[0], year, {"raw_coal_output": "12.5", "street_lights": "40"}, user=clerk)
    save_figures(towns[0], year, {"raw_coal_output": "13.25", "street_lights": None}, user=clerk)
    save_figures(towns[1], year, {"raw_coal_output": "7"}, user=admin_user)
    report = Report.objects.get(region=towns[0], year=year)
    report = report_submit(report=report, user=reviewer, reason="按时上报")
    report_approve(report=report, user=county_official, reason="核对无误")
    LogEntry.objects.create(
        user=admin_user,
        content_type=ContentType.objects.get_for_model(Region),
        object_id=towns[2].pk,
        object_repr=str(towns[2]),
        action_flag=CHANGE,
        change_message="改名",
    )
    assert Report.objects.get(pk=report.pk).status == Status.APPROVED


def backup(folder: Path) -> Path:
    call_command("backup", "--out", str(folder))
    (made,) = [path for path in folder.iterdir() if not path.name.endswith(".sha256")]
    return made


def django_rows(table: str) -> list:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'SELECT t::text FROM "{table}" t ORDER BY 1')
        else:
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
        return cursor.fetchall()


# -- SQLite: real files -------------------------------------------------------------


sqlite_only = pytest.mark.sqlite


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restored_into_an_empty_file_holds_every_row(history, tmp_path):
    made = backup(tmp_path / "backups")
    assert made.name.startswith("indicators-") and made.suffix == ".sqlite3"
    assert made.stat().st_mode & 0o077 == 0, "the copy holds password hashes: owner only"
    restored = tmp_path / "restored.sqlite3"
    call_command("restore", str(made), "--into", str(restored))
    # A separate connection to the restored file, reading as Django reads.
    copy = sqlite3.connect(restored, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    tables = connection.introspection.table_names()
    assert sorted(tables) == sorted(
        name
        for (name,) in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith("sqlite_")
    )
    for table in tables:
        rows = copy.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
        assert rows == django_rows(table), table
    for table in ESSENTIAL:
        assert django_rows(table), f"{table} should not be empty"
    copy.close()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_the_checksum_file_is_in_sha256sums_format(catalogue, tmp_path):
    made = backup(tmp_path)
    if shutil.which("sha256sum") is None:
        pytest.skip("sha256sum is not installed")
    checked = subprocess.run(["sha256sum", "-c", made.name + ".sha256"], cwd=tmp_path, check=False)
    assert checked.returncode == 0


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused(catalogue, tmp_path):
    made = backup(tmp_path / "backups")
    data = bytearray(made.read_bytes())
    data[len(data) // 2] ^= 0xFF
    made.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("restore", str(made), "--into", str(tmp_path / "restored.sqlite3"))
    assert not (tmp_path / "restored.sqlite3").exists()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_without_its_checksum_is_refused(catalogue, tmp_path):
    made = backup(tmp_path / "backups")
    Path(f"{made}.sha256").unlink()
    with pytest.raises(CommandError, match="校验文件"):
        call_command("restore", str(made), "--into", str(tmp_path / "restored.sqlite3"))


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_database_with_tables_is_replaced_only_with_force(catalogue, tmp_path):
    made = backup(tmp_path / "backups")
    target = tmp_path / "in_use.sqlite3"
    with sqlite3.connect(target) as db:
        db.execute("CREATE TABLE something (id integer)")
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(made), "--into", str(target))
    call_command("restore", str(made), "--into", str(target), "--force")
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT count(*) FROM indicators_indicator").fetchone()[0] == len(
            catalogue
        )


# -- PostgreSQL: pg_dump and pg_restore into a scratch database ---------------------------


@pytest.fixture
def scratch_database():
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed (postgresql-client)")
    import psycopg

    params = connection.settings_dict
    server = {
        "dbname": "postgres",
        "host": params.get("HOST") or None,
        "port": params.get("PORT") or None,
        "user": params.get("USER") or None,
        "password": params.get("PASSWORD") or None,
        "autocommit": True,
    }
    server = {key: value for key, value in server.items() if value is not None}
    with psycopg.connect(**server) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH}")
        admin.execute(f"CREATE DATABASE {SCRATCH}")
    try:
        yield {**server, "dbname": SCRATCH, "autocommit": False}
    finally:
        with psycopg.connect(**server) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)")


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_backup_restored_into_an_empty_database_holds_every_row(
    history, scratch_database, tmp_path
):
    import psycopg

    made = backup(tmp_path / "backups")
    assert made.suffix == ".dump" and made.read_bytes().startswith(b"PGDMP")
    call_command("restore", str(made), "--into", SCRATCH)
    tables = connection.introspection.table_names()
    with psycopg.connect(**scratch_database) as copy:
        copy.execute("SET TIME ZONE 'UTC'")
        for table in tables:
            rows = copy.execute(f'SELECT t::text FROM "{table}" t ORDER BY 1').fetchall()
            assert rows == django_rows(table), table
    for table in ESSENTIAL:
        assert django_rows(table), f"{table} should not be empty"
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(made), "--into", SCRATCH)


def test_a_missing_pg_dump_is_said_in_chinese(monkeypatch):
    from indicators.management.commands import backup as command

    monkeypatch.setattr(command.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="找不到 pg_dump"):
        command.pg_tool("pg_dump")


# -- retention ------------------------------------------------------------------


def test_pruning_keeps_thirty_daily_and_twelve_monthly_backups():
    names = [
        f"indicators-{year}{month:02}{day:02}-020000.sqlite3"
        for year in (2024, 2025)
        for month in range(1, 13)
        for day in range(1, 29)
    ]
    keep = {path.name for path in kept([Path(name) for name in names])}
    daily = sorted(names)[-30:]
    monthly = [f"indicators-2025{month:02}28-020000.sqlite3" for month in range(1, 13)]
    # The last backups of November and December are both daily and monthly ones.
    assert keep == set(daily) | set(monthly)
    assert len(keep) == 30 + 10
