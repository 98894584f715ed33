from django.conf import settings
from django.core.management.base import BaseCommand

from indicators.seeding.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create the fictional demo county, its figures, targets and one account per role."

    def handle(self, *args, **options):
        counts = seed_demo()
        self.stdout.write(
            "demo county: {reports} reports, {values_created} figures and {targets} targets "
            "added; nothing that existed was changed".format(**counts)
        )
        if counts["demoted"]:
            self.stdout.write(
                "demo account 'admin' was a superuser: it is now a 管理员 without superuser "
                "rights (separation of duties, 三员分立)"
            )
        if settings.DEBUG:
            self.stdout.write(
                "demo accounts (DEBUG only), password "
                f"{DEMO_PASSWORD!r}: admin 管理员, county 县级审核, "
                "reviewer 镇审核人 (青山镇), clerk 填报员 (青山镇), clerk2 填报员 (煤岭镇), "
                "sysadmin 系统管理员, secadmin 安全管理员, auditor 审计管理员"
            )
