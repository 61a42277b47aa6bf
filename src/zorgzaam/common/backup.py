"""Backup and restore of the whole database.

SQLite: the online backup API (consistent while the application runs). PostgreSQL:
pg_dump in custom format / pg_restore into a fresh database. ``table_fingerprints`` gives a
row count and a checksum of every table, to prove a restore is identical.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import urlparse

from django.apps import apps
from django.db import connection

from zorgzaam.common.errors import ApplicationError


def _pg_env(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return env


def _pg_args(settings_dict: dict) -> list[str]:
    args = []
    if settings_dict.get("HOST"):
        args += ["-h", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", str(settings_dict["USER"])]
    return args


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if candidates:
        return str(candidates[-1])
    raise ApplicationError(f"{name} is not installed (Debian package postgresql-client).")


def backup(target: Path) -> Path:
    """Write a backup of the default database to ``target`` (a file)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(str(target))
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target
    if connection.vendor == "postgresql":
        cmd = [
            _pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--file",
            str(target),
            *_pg_args(settings_dict),
            str(settings_dict["NAME"]),
        ]
        result = subprocess.run(cmd, env=_pg_env(settings_dict), capture_output=True, text=True)
        if result.returncode != 0:
            raise ApplicationError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    raise ApplicationError(f"Backups of {connection.vendor} are not supported.")


def restore(source: Path, *, database_url: str | None = None) -> None:
    """Restore a backup into an EMPTY database: the default one (SQLite: replaced file) or
    the PostgreSQL database named by ``database_url``."""
    source = Path(source)
    if not source.is_file():
        raise ApplicationError(f"{source}: no such backup file.")
    if connection.vendor == "sqlite" and database_url is None:
        connection.close()
        src = sqlite3.connect(str(source))
        dst = sqlite3.connect(str(connection.settings_dict["NAME"]))
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        return
    url = urlparse(database_url or "")
    if url.scheme not in ("postgres", "postgresql"):
        raise ApplicationError("Restore into PostgreSQL needs --database-url postgres://...")
    settings_dict = {
        "HOST": url.hostname,
        "PORT": url.port,
        "USER": url.username,
        "PASSWORD": url.password,
        "NAME": url.path.lstrip("/"),
    }
    cmd = [
        _pg_tool("pg_restore"),
        "--no-owner",
        "--exit-on-error",
        "--dbname",
        str(settings_dict["NAME"]),
        *_pg_args(settings_dict),
        str(source),
    ]
    result = subprocess.run(cmd, env=_pg_env(settings_dict), capture_output=True, text=True)
    if result.returncode != 0:
        raise ApplicationError(f"pg_restore failed: {result.stderr.strip()}")


def table_fingerprints(using_connection=None) -> dict[str, tuple[int, str]]:
    """{table: (row count, sha256 of all rows ordered by primary key)} for every model table."""
    conn = using_connection or connection
    result: dict[str, tuple[int, str]] = {}
    tables = set(conn.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table not in tables or table in result:
            continue
        pk = str(model._meta.pk.column)
        digest = hashlib.sha256()
        count = 0
        with conn.cursor() as cursor:
            cursor.execute(
                f"SELECT * FROM {conn.ops.quote_name(table)} ORDER BY {conn.ops.quote_name(pk)}"  # noqa: S608 - names from the model registry
            )
            for row in cursor.fetchall():
                digest.update(repr(tuple(_normal(v) for v in row)).encode())
                count += 1
        result[table] = (count, digest.hexdigest())
    return result


def _normal(value):
    if isinstance(value, memoryview):
        return bytes(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
