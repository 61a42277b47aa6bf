"""`zorgzaam demo-data [--seed N] [--size small|medium|large]`: the demo municipality."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from zorgzaam.common.demo import SIZES, demo_generate, demo_loaded, demo_logins_text


class Command(BaseCommand):
    help = "Generate the demo municipality (Bodegraven-Reeuwijk) with fictional people."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--residents", type=int)
        parser.add_argument("--volunteers", type=int)
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when the demo is already loaded"
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="apply the database migrations first (make run: one process, not two)",
        )

    def handle(self, *args, **opts):
        if opts["migrate"]:
            call_command("migrate", verbosity=0, interactive=False)
        if opts["if_empty"] and demo_loaded():
            self.stdout.write("Demo data already loaded.")
        else:
            try:
                ctx = demo_generate(
                    seed=opts["seed"],
                    size=opts["size"],
                    residents=opts["residents"],
                    volunteers=opts["volunteers"],
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            for key, value in ctx.counts.items():
                self.stdout.write(f"  {key}: {value}")
        self.stdout.write(demo_logins_text(opts["seed"]))
