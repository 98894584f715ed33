"""The hash chain (``indicators/audit/chain.py``), refused access and the clean-up entry.

Adds ``prev_hash`` and ``row_hash``, gives the existing entries their hashes in id
order, and on PostgreSQL creates ``audit_chain_head()``, which takes the append lock
and reads the newest hash. Filling in the hashes is the one UPDATE this table ever
sees: with the trigger disabled on PostgreSQL (this runs as the table's owner), and
on SQLite between the table's rebuild (adding a column rebuilds it, which drops the
triggers) and the triggers' re-creation at the end.
"""

from importlib import import_module

from django.db import migrations, models

from indicators.audit.chain import CONTENT, LOCK_KEY, canonical, chain_hash

initial = import_module("indicators.audit.migrations.0001_initial")
VendorRunSQL = initial.VendorRunSQL
TABLE = initial.TABLE

POSTGRESQL_HEAD = [
    f"""CREATE FUNCTION audit_chain_head() RETURNS text
    LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
        -- Held until the caller's transaction ends: the next writer waits, and its
        -- read (a new snapshot, this being a volatile function) then sees this entry.
        PERFORM pg_advisory_xact_lock({LOCK_KEY});
        RETURN (SELECT row_hash FROM {TABLE} ORDER BY id DESC LIMIT 1);
    END;
    $$;""",
]
POSTGRESQL_HEAD_REVERSE = ["DROP FUNCTION IF EXISTS audit_chain_head();"]

SQLITE_TRIGGERS = [*initial.SQLITE_TRIGGERS_REVERSE, *initial.SQLITE_TRIGGERS]


def fill_hashes(apps, schema_editor):
    connection = schema_editor.connection
    AuditEvent = apps.get_model("audit", "AuditEvent")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_auditevent_append_only")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_update")
        previous = ""
        entries = AuditEvent.objects.using(connection.alias).order_by("id").values("id", *CONTENT)
        for entry in entries.iterator(chunk_size=2000):
            row_hash = chain_hash(previous, canonical(entry))
            cursor.execute(
                f"UPDATE {TABLE} SET prev_hash = %s, row_hash = %s WHERE id = %s",
                [previous, row_hash, entry["id"]],
            )
            previous = row_hash
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER audit_auditevent_append_only")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        # Undone last: removing the columns rebuilds the SQLite table without triggers.
        VendorRunSQL("sqlite", migrations.RunSQL.noop, SQLITE_TRIGGERS),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("login", "登录"),
                    ("logout", "退出"),
                    ("login_failed", "登录失败"),
                    ("locked_out", "账户锁定"),
                    ("figures_written", "写入数字"),
                    ("targets_written", "设定目标"),
                    ("report_moved", "审核流转"),
                    ("export", "导出数据"),
                    ("user_created", "新建账户"),
                    ("user_changed", "修改账户"),
                    ("user_deleted", "删除账户"),
                    ("role_granted", "分配角色"),
                    ("role_changed", "变更角色"),
                    ("role_revoked", "撤销角色"),
                    ("admin_action", "后台操作"),
                    ("token_issued", "签发令牌"),
                    ("token_revoked", "吊销令牌"),
                    ("refused", "拒绝访问"),
                    ("audit_purged", "清理已归档的审计记录"),
                ],
                max_length=20,
                verbose_name="操作",
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(
                blank=True, default="", editable=False, max_length=64, verbose_name="前一条的哈希"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="row_hash",
            field=models.CharField(
                blank=True, default="", editable=False, max_length=64, verbose_name="哈希"
            ),
            preserve_default=False,
        ),
        VendorRunSQL("postgresql", POSTGRESQL_HEAD, POSTGRESQL_HEAD_REVERSE),
        migrations.RunPython(fill_hashes, migrations.RunPython.noop, elidable=False),
        VendorRunSQL("sqlite", SQLITE_TRIGGERS, migrations.RunSQL.noop),
    ]
