from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.divisions.regions_csv import RegionFileError, decode_csv, load_regions


class Command(BaseCommand):
    help = "Load regions from a CSV file with columns code,name,level,parent_code; idempotent."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取 {file}：{error}") from None
        try:
            summary = load_regions(decode_csv(data))
        except RegionFileError as error:
            raise CommandError("文件有错误，未写入任何数据：\n" + "\n".join(error.errors)) from None
        self.stdout.write(
            f"regions: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged"
        )
