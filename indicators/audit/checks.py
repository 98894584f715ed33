"""``check --deploy``: the application's database role must not be able to empty the trail."""

from django.core import checks
from django.db import DatabaseError, connections
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .roles import AUDIT_TABLE, audit_table_powers

HINT = gettext_lazy(
    "应用用不拥有任何表的角色连接数据库（DATABASE_URL），迁移用表的所有者角色"
    "（DATABASE_OWNER_URL）；见 docs/deploy.md “Database roles”。"
)


@checks.register(checks.Tags.security, checks.Tags.database, deploy=True)
def audit_table_guarded(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return []  # SQLite has no roles: whoever may write the file may change it.
    try:
        powers = audit_table_powers()
    except DatabaseError as problem:
        message = _("无法检查数据库角色对审计表的权限：%(problem)s") % {"problem": problem}
        return [checks.Warning(message, hint=HINT, id="audit.W004")]
    if powers is None:
        return []  # not migrated yet
    found = []
    names = {"role": powers["role"], "table": AUDIT_TABLE}
    if powers["superuser"]:
        message = _("应用的数据库角色 %(role)s 是超级用户，可以清空或改动审计记录。")
        found.append(checks.Warning(message % names, hint=HINT, id="audit.W001"))
    elif powers["owns"]:
        message = _(
            "应用的数据库角色 %(role)s 拥有审计表 %(table)s，可以清空审计记录或停用其保护。"
        )
        found.append(checks.Warning(message % names, hint=HINT, id="audit.W002"))
    elif powers["privileges"]:
        message = _("应用的数据库角色 %(role)s 对审计表 %(table)s 有 %(privileges)s 权限。") % {
            **names,
            "privileges": "、".join(powers["privileges"]),
        }
        hint = _("设置 DATABASE_OWNER_URL 后运行 python manage.py migrate，即收回这些权限。")
        found.append(checks.Warning(message, hint=hint, id="audit.W003"))
    return found
