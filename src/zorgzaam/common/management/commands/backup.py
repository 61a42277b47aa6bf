"""`zorgzaam backup FILE`: consistent backup of the database (SQLite online backup API, or
pg_dump custom format for PostgreSQL)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zorgzaam.common.backup import backup, table_fingerprints
from zorgzaam.common.errors import ApplicationError


class Command(BaseCommand):
    help = "Back up the database to FILE."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **opts):
        try:
            path = backup(Path(opts["file"]))
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        rows = sum(count for count, _ in table_fingerprints().values())
        self.stdout.write(f"Backup written to {path} ({rows} rows).")
