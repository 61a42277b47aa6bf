"""`zorgzaam pc4 import FILE`: import PC4 centroids (GeoNames TSV or CSV), all-or-nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zorgzaam.common.errors import ImportRejected
from zorgzaam.tenancy.services import pc4_import


class Command(BaseCommand):
    help = "Import 4-digit postcode centroids: `pc4 import FILE` (GeoNames TSV or CSV)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import"])
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot be read as UTF-8 text ({exc}).") from exc
        try:
            count = pc4_import(text, source=str(path))
        except ImportRejected as exc:
            raise CommandError(exc.report()) from exc
        self.stdout.write(f"Imported {count} postcode areas from {path}.")
