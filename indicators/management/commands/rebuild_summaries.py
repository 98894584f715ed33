import time

from django.core.management.base import BaseCommand

from indicators.derived.summaries import summaries_rebuild


class Command(BaseCommand):
    help = (
        "Add up every county's, prefecture's and province's figures again into the region "
        "summaries (after a restore or a bulk load outside the write service)."
    )

    def handle(self, *args, **options):
        start = time.perf_counter()
        rows = summaries_rebuild()
        self.stdout.write(f"region summaries: {rows} rows in {time.perf_counter() - start:.1f} s")
