from django.core.management.base import BaseCommand

from zorgzaam.help.services import help_reminders_send


class Command(BaseCommand):
    help = (
        "Reminders for planned neighbour help: the volunteer within 24 hours before, the "
        "resident the day before. Idempotent: run it hourly."
    )

    def handle(self, *args, **options):
        n = help_reminders_send()
        self.stdout.write(f"{n} reminder(s) queued")
