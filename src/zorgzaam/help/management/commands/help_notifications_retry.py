from django.core.management.base import BaseCommand

from zorgzaam.help.notifications import notifications_retry


class Command(BaseCommand):
    help = "Enqueue neighbour-help notifications that are due again (retrying, stuck, failed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-failed", action="store_true", help="leave messages that gave up alone"
        )

    def handle(self, *args, **options):
        n = notifications_retry(include_failed=not options["no_failed"])
        self.stdout.write(f"{n} notification(s) enqueued")
