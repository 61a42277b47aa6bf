"""Backup and restore: a restored database has the same rows and checksum in every table."""

import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zorgzaam.common.backup import backup, restore, table_fingerprints
from zorgzaam.common.demo import demo_generate

pytestmark = pytest.mark.django_db(transaction=True)


def _wrapper_for(settings_dict):
    from django.db.utils import load_backend

    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, alias=f"check_{uuid.uuid4().hex[:6]}")


def test_backup_and_restore_are_identical(tmp_path):
    demo_generate(seed=2, residents=60, volunteers=20)
    before = table_fingerprints()
    assert before["people_person"][0] >= 80
    assert before["audit_auditevent"] is not None
    file = backup(tmp_path / "zorgzaam.backup")
    assert file.stat().st_size > 0
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        restored = tmp_path / "restored.sqlite3"
        import sqlite3

        src, dst = sqlite3.connect(file), sqlite3.connect(restored)
        src.backup(dst)
        src.close()
        dst.close()
        settings_dict["NAME"] = str(restored)
    else:
        name = f"restore_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        s = settings_dict
        url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{name}"
        restore(file, database_url=url)
        settings_dict["NAME"] = name
    other = _wrapper_for(settings_dict)
    try:
        after = table_fingerprints(other)
    finally:
        other.close()
    assert after == before


def test_restore_of_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such backup file"):
        call_command("restore", str(tmp_path / "nope.backup"))
