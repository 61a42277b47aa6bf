from django.core.management.base import BaseCommand

from zorgzaam.help.services import (
    buddy_checkins_prompt,
    help_reminders_send,
    help_requests_expire,
)


class Command(BaseCommand):
    help = (
        "Daily neighbour-help upkeep: expire open one-off requests whose window has passed and "
        "prompt buddies and coordinators whose check-in is due, and send the reminders for planned "
        "help (also run help_reminders hourly for the volunteers' 24-hour reminder)."
    )

    def handle(self, *args, **options):
        expired = help_requests_expire()
        prompted = buddy_checkins_prompt()
        reminded = help_reminders_send()
        self.stdout.write(
            f"{expired} request(s) expired, {prompted} buddy check-in(s) prompted, "
            f"{reminded} reminder(s) queued"
        )
