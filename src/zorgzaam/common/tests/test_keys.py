"""Issue #15: production started with the dev SECRET_KEY and the published encryption key
(``check --deploy`` only warned), and accepted a malformed FIELD_ENCRYPTION_KEYS."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from zorgzaam.common.keys import PUBLISHED_FIELD_KEYS, PUBLISHED_SECRET_KEYS

CONF = Path(__file__).resolve().parents[2] / "conf"
GOOD_SECRET = "a-real-deployment-secret-0123456789-abcdefghijklmnopqrstuvwxyz"


def test_the_published_lists_hold_every_key_the_repository_ships():
    for name in ("dev.py", "test.py", "help.py"):
        text = (CONF / name).read_text(encoding="utf-8")
        for key in re.findall(r'"SECRET_KEY",? *:? *"([^"]+)"', text):
            assert key in PUBLISHED_SECRET_KEYS, (name, key)
        for keys in re.findall(r'"FIELD_ENCRYPTION_KEYS",? *:? *"([^"]+)"', text):
            for key in keys.split(","):
                assert key in PUBLISHED_FIELD_KEYS, (name, key)


def settings_var_dir():
    from django.conf import settings

    return settings.VAR_DIR


def _start_production(secret: str, field_keys: str):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ZORGZAAM_"))}
    env.update(
        SECRET_KEY=secret,
        FIELD_ENCRYPTION_KEYS=field_keys,
        ALLOWED_HOSTS="zorgzaam.example",
        ZORGZAAM_VAR_DIR=str(settings_var_dir()),
    )
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", "import zorgzaam.conf.production"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("secret", "field_keys", "says"),
    [
        ("dev-only-not-secret-zorgzaam-demo-key-change-me", None, "SECRET_KEY is a key published"),
        (GOOD_SECRET, "3n2v7kP1oJm9b0dZr6yQeX4cW8tFhA5sLgUiN2OqYjk=", "holds the key published"),
        (GOOD_SECRET, "not-a-key", "position 1 are not Fernet keys"),
    ],
)
def test_production_settings_refuse_published_and_malformed_keys(secret, field_keys, says):
    good = Fernet.generate_key().decode()
    refused = _start_production(secret, field_keys or good)
    assert refused.returncode != 0 and says in refused.stderr
    assert "not-a-key" not in refused.stderr  # a key is never echoed


def test_production_settings_start_with_keys_of_their_own():
    started = _start_production(GOOD_SECRET, Fernet.generate_key().decode())
    assert started.returncode == 0, started.stderr


def test_check_deploy_is_an_error_with_a_published_key(settings):
    settings.SECRET_KEY = "test-only-not-secret"
    with pytest.raises(SystemCheckError, match="common.E002"):
        call_command("check", "--deploy", "--tag", "security")


def test_a_malformed_field_key_stops_every_check(settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), "kort"]
    with pytest.raises(SystemCheckError, match="common.E001"):
        call_command("check")
