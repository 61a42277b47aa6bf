"""`zorgzaam demo-totp USERNAME`: current TOTP code of a demo account (DEBUG only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo account (only with DEBUG on)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **opts):
        if not settings.DEBUG:
            raise CommandError("demo-totp only works in the demo (DEBUG=true).")
        device = TOTPDevice.objects.filter(user__username=opts["username"], name="demo").first()
        if device is None:
            raise CommandError(f"No demo second factor for {opts['username']!r}.")
        self.stdout.write(f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}")
