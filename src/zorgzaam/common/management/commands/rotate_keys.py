"""`zorgzaam rotate_keys`: re-encrypt every encrypted field with the newest key.

Put the new Fernet key first in FIELD_ENCRYPTION_KEYS (old keys after it), run this, and
remove the old key only after it ends with "no value needs an old key". It goes in batches;
when interrupted, run it again (it resumes: values already on the new key are skipped).
``--check`` writes nothing and only reports (exit status 1 while values need an old key)."""

from django.core.management.base import BaseCommand, CommandError

from zorgzaam.common.rotation import DEFAULT_BATCH, RotationIncomplete, rotate


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the first FIELD_ENCRYPTION_KEYS key."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH)
        parser.add_argument(
            "--check", action="store_true", help="Only count what still needs an old key."
        )

    def handle(self, *args, **opts):
        if opts["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            report = rotate(batch_size=opts["batch_size"], dry_run=opts["check"])
        except RotationIncomplete as exc:
            self._table(exc.report)
            raise CommandError(str(exc)) from exc
        self._table(report)
        self.stdout.write("No value needs an old key: the old key can be removed.")

    def _table(self, report) -> None:
        for name, count in report.fields.items():
            self.stdout.write(
                f"{name}: {count.values} value(s), {count.rotated} re-encrypted, "
                f"{count.remaining} still on an old key"
            )
