"""Re-encrypt casework's special-category data with the newest key.

    zorgzaam casework_rotate_keys

Put the new Fernet key first in FIELD_ENCRYPTION_KEYS (old keys after it), run this, then
drop the old key. Also recomputes the BSN blind index, which is keyed with the first key."""

from django.core.management.base import BaseCommand

from zorgzaam.casework.services import encrypted_fields_rotate


class Command(BaseCommand):
    help = "Re-encrypt BSNs and case notes with the first FIELD_ENCRYPTION_KEYS key."

    def handle(self, *args, **options):
        counts = encrypted_fields_rotate()
        self.stdout.write(
            f"Re-encrypted {counts['members']} BSN(s) and {counts['notes']} note(s) "
            "with the newest key."
        )
