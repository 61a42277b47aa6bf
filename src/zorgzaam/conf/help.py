"""Settings for printing help only (`zorgzaam --help`, `zorgzaam <command> --help`).

The console command switches to these when the real settings are incomplete and the user
only asked for help: placeholders for what production requires, an in-memory database,
nothing written anywhere. Never used to run a command.
"""

import os

os.environ.update(
    {
        "SECRET_KEY": "help-only-placeholder-never-used-to-sign-anything",
        "DEBUG": "false",
        "PUBLIC_URL": "http://localhost",
        "FIELD_ENCRYPTION_KEYS": "3n2v7kP1oJm9b0dZr6yQeX4cW8tFhA5sLgUiN2OqYjk=",
        "DATABASE_URL": "sqlite://:memory:",
    }
)

from .base import *  # noqa: E402,F403
