from django.core.management.base import BaseCommand, CommandError

from indicators.accounts.first_admins import FIRST_ADMINS, FirstAdminsRefused, first_admins_create
from indicators.models import Role

LABELS = {Role.SYSADMIN: "系统管理员", Role.SECADMIN: "安全管理员", Role.AUDITOR: "审计管理员"}


class Command(BaseCommand):
    help = (
        "Create the three separated administrators (三员分立) of a new installation, each "
        "with a one-time password printed once. Refused if any of them exists."
    )

    def add_arguments(self, parser):
        for role, default in FIRST_ADMINS.items():
            parser.add_argument(f"--{role}", default=default, help=f"username ({default})")

    def handle(self, *args, **options):
        usernames = {role: options[role] for role in FIRST_ADMINS}
        try:
            passwords = first_admins_create(usernames=usernames)
        except FirstAdminsRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write("已创建三员账户。以下一次性密码只显示这一次，请分别密封交给本人；")
        self.stdout.write("首次登录时须改为只有本人知道的新密码（生产环境还须绑定验证器）。")
        for role, username in usernames.items():
            self.stdout.write(f"  {LABELS[role]}  {username}  {passwords[username]}")
