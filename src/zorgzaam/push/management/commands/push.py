"""``zorgzaam push keys``: make a VAPID key pair for web push (docs/operations.md)."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zorgzaam.push.vapid import generate_private_pem, public_key_b64


class Command(BaseCommand):
    help = "Web push: 'keys' makes a VAPID key pair (private key to a file, public key shown)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        keys = sub.add_parser("keys", help="make a VAPID key pair")
        keys.add_argument(
            "--out",
            required=True,
            help="file for the private key (PEM, mode 0600); set PUSH_VAPID_PRIVATE_KEY_FILE to it",
        )

    def handle(self, *args, action: str, out: str, **options) -> None:
        path = Path(out)
        pem = generate_private_pem()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as exc:
            raise CommandError(f"{path} exists; a new key would end every subscription.") from exc
        except OSError as exc:
            raise CommandError(f"{path} cannot be written: {exc.strerror}.") from exc
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(pem)
        self.stdout.write(f"Private key written to {path}.")
        self.stdout.write(f"PUSH_VAPID_PRIVATE_KEY_FILE={path}")
        self.stdout.write(f"Public key (applicationServerKey): {public_key_b64(pem)}")
