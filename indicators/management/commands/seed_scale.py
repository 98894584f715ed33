import time

from django.core.management.base import BaseCommand, CommandError

from indicators.seeding.scale import (
    PROVINCE,
    ProvinceExists,
    drop_province,
    province_exists,
    seed_scale,
)


class Command(BaseCommand):
    help = (
        f"Build a synthetic province (code {PROVINCE}) of N towns with every figure for Y years, "
        "all approved, through the write service; for measuring at province scale."
    )

    def add_arguments(self, parser):
        parser.add_argument("--towns", type=int, default=2000)
        parser.add_argument("--years", type=int, default=15)
        parser.add_argument(
            "--replace", action="store_true", help="drop the synthetic province first if it exists"
        )

    def handle(self, *args, towns, years, replace, **options):
        if not 1 <= towns <= 19_800:
            raise CommandError("--towns must be between 1 and 19800")
        if not 1 <= years <= 20:
            raise CommandError("--years must be between 1 and 20")
        if province_exists():
            if not replace:
                raise CommandError(
                    f"province {PROVINCE} exists already; run with --replace to drop it first"
                )
            start = time.perf_counter()
            drop_province()
            self.stdout.write(f"dropped province {PROVINCE} in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        shown = {"next": 0}

        def progress(done: int, total: int) -> None:
            if done >= shown["next"] or done == total:
                elapsed = time.perf_counter() - start
                rate = done / elapsed
                self.stdout.write(
                    f"{done:>10,} / {total:,} figures  {elapsed:6.1f} s  {rate:,.0f} figures/s"
                )
                shown["next"] = done + total // 20

        try:
            result = seed_scale(towns=towns, years=years, progress=progress)
        except ProvinceExists:
            raise CommandError(f"province {PROVINCE} exists already") from None
        elapsed = time.perf_counter() - start
        self.stdout.write(
            f"province {PROVINCE}: {result.regions:,} regions, "
            f"{result.reports:,} reports approved, {result.figures:,} figures "
            f"in {elapsed:.1f} s: {result.figures / elapsed:,.0f} figures/s"
        )
