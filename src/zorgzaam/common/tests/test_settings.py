import pytest
from django.core.exceptions import ImproperlyConfigured

from zorgzaam.common.fields import decrypt_text, encrypt_text
from zorgzaam.conf import env


def test_env_bool_refuses_anything_but_booleans(monkeypatch):
    monkeypatch.setenv("ZZ_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="true or false"):
        env.env_bool("ZZ_FLAG", False)
    monkeypatch.setenv("ZZ_FLAG", "yes")
    assert env.env_bool("ZZ_FLAG", False) is True


def test_env_reads_secret_files(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-file\n")
    monkeypatch.setenv("ZZ_SECRET_FILE", str(secret))
    assert env.env_str("ZZ_SECRET") == "from-file"


def test_required_env_without_default(monkeypatch):
    monkeypatch.delenv("ZZ_MISSING", raising=False)
    with pytest.raises(ImproperlyConfigured, match="ZZ_MISSING is required"):
        env.env_str("ZZ_MISSING")


def test_encryption_round_trip_and_ciphertext_hides_value():
    token = encrypt_text("123456782")
    assert "123456782" not in token
    assert decrypt_text(token) == "123456782"


def test_sqlite_runs_in_wal_mode():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]
