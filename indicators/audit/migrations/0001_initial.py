"""The audit table, append-only at the database level.

UPDATE and DELETE fail whoever sends them, the ORM or raw SQL: on PostgreSQL a row
trigger raises restrict_violation (23001), on SQLite the triggers RAISE(ABORT), and
Django reports both as IntegrityError. TRUNCATE stays allowed: row triggers do not
fire on it, and Django's test database flush is a TRUNCATE on PostgreSQL (on SQLite
a DELETE, which this app's ``flush`` command lets through; see ``guard.py``).

A later migration that alters this table on SQLite rebuilds it, which drops the
triggers: it must create them again (``SQLITE_TRIGGERS``).
"""

import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

TABLE = "audit_auditevent"
MESSAGE = "audit_auditevent is append-only"

# Lists of statements: Django runs each as it is, without splitting the function body.
POSTGRESQL_TRIGGER = [
    f"""CREATE FUNCTION audit_auditevent_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP USING ERRCODE = 'restrict_violation';
    END;
    $$;""",
    f"""CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();""",
]
POSTGRESQL_TRIGGER_REVERSE = [
    f"DROP TRIGGER IF EXISTS audit_auditevent_append_only ON {TABLE};",
    "DROP FUNCTION IF EXISTS audit_auditevent_append_only();",
]

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: UPDATE refused'); END;""",
    # audit_purge_allowed() is registered by the app on Django's connections and is
    # true only inside `manage.py flush`; elsewhere it is 0 or missing (an error).
    f"""CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON {TABLE}
    WHEN NOT audit_purge_allowed()
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: DELETE refused'); END;""",
]
SQLITE_TRIGGERS_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete;",
]


class VendorRunSQL(migrations.RunSQL):
    """RunSQL on one database vendor only; the other vendor's statements are skipped."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql, elidable=False)
        self.vendor = vendor

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        kwargs.pop("elidable", None)
        return name, args, {"vendor": self.vendor, **kwargs}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="时间"
                    ),
                ),
                ("username", models.CharField(blank=True, max_length=150, verbose_name="用户名")),
                (
                    "address",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="来源地址"),
                ),
                (
                    "action",
                    models.CharField(
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
                        ],
                        max_length=20,
                        verbose_name="操作",
                    ),
                ),
                (
                    "object_type",
                    models.CharField(blank=True, max_length=100, verbose_name="对象类型"),
                ),
                ("object_id", models.CharField(blank=True, max_length=64, verbose_name="对象编号")),
                ("object_repr", models.CharField(blank=True, max_length=200, verbose_name="对象")),
                (
                    "details",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        encoder=django.core.serializers.json.DjangoJSONEncoder,
                        verbose_name="详情",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="用户",
                    ),
                ),
            ],
            options={
                "verbose_name": "审计记录",
                "verbose_name_plural": "审计记录",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["username", "created_at"], name="audit_username_created"),
                    models.Index(fields=["action", "created_at"], name="audit_action_created"),
                ],
            },
        ),
        VendorRunSQL("postgresql", POSTGRESQL_TRIGGER, POSTGRESQL_TRIGGER_REVERSE),
        VendorRunSQL("sqlite", SQLITE_TRIGGERS, SQLITE_TRIGGERS_REVERSE),
    ]
