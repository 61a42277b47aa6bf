"""Purge closed households after the retention period (AVG: keep no longer than needed).

    zorgzaam casework_purge [--retention-days N]

The default period comes from the setting CASEWORK_RETENTION_DAYS (default 730 days after
closing, configurable per deployment). Each purged household is an audit line (case.purge)
per person concerned, written as the system."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zorgzaam.casework.services import households_purge
from zorgzaam.common.errors import ApplicationError


class Command(BaseCommand):
    help = "Delete closed households whose retention period has passed (audited)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retention-days",
            type=int,
            default=None,
            help="days after closing to keep a household (default: CASEWORK_RETENTION_DAYS)",
        )

    def handle(self, *args, retention_days=None, **options):
        days = retention_days
        if days is None:
            days = int(getattr(settings, "CASEWORK_RETENTION_DAYS", 730))
        try:
            count = households_purge(retention_days=days)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Purged {count} closed household(s) older than {days} days.")
