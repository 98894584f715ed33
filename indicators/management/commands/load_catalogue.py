from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.catalogue import CATALOGUE_FILE, CatalogueError, load_catalogue
from indicators.models import CatalogueRule, Indicator, Section


class Command(BaseCommand):
    help = "Load the indicator catalogue (sections, indicators and rules); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(CATALOGUE_FILE))

    def handle(self, *args, file, **options):
        try:
            summary = load_catalogue(Path(file))
        except (CatalogueError, OSError) as error:
            raise CommandError(f"catalogue not loaded: {error}") from None
        if summary.edited:
            self.stdout.write(
                "catalogue: changed by an administrator since (see its versions); "
                "the file is not loaded over it"
            )
            return
        # Counted together: a section, an indicator and a rule are each one row of the file.
        self.stdout.write(
            f"catalogue: {Section.objects.count()} sections, {Indicator.objects.count()} "
            f"indicators, {CatalogueRule.objects.count()} rules; rows {len(summary.created)} "
            f"created, {len(summary.updated)} updated, "
            f"{summary.unchanged} unchanged, {len(summary.deleted)} deleted"
        )
        if summary.kept_with_values:
            self.stdout.write(
                self.style.WARNING(
                    "kept because they have figures: " + ", ".join(summary.kept_with_values)
                )
            )
