"""`zorgzaam restore FILE [--database-url postgres://...]`: restore a backup into an empty
database (SQLite: the configured file; PostgreSQL: the database named by the URL)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zorgzaam.common.backup import restore
from zorgzaam.common.errors import ApplicationError


class Command(BaseCommand):
    help = "Restore the database from a backup FILE."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--database-url", default=None)

    def handle(self, *args, **opts):
        try:
            restore(Path(opts["file"]), database_url=opts["database_url"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Restored from {opts['file']}.")
