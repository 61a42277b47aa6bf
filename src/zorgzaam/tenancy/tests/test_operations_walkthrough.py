"""docs/operations.md "Setting up a municipality", run as written: the `zorgzaam` lines of its
code block set up Gouda from an empty database; the invited staff then set their password and
second factor and log in. Runs on whichever database DATABASE_URL names (SQLite or
PostgreSQL)."""

from __future__ import annotations

import base64
import json
import re
import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django_otp.oath import totp

from zorgzaam.accounts.models import User
from zorgzaam.conf.env import READ
from zorgzaam.socialmap.models import Service
from zorgzaam.socialmap.tests.helpers import hsds_service
from zorgzaam.tenancy.models import Municipality, PostcodeArea

DOC = Path(__file__).resolve().parents[4] / "docs" / "operations.md"
MARKER = "<!-- walkthrough: the test reads the next code block -->"
HSDS_PLACEHOLDER = "sociale-kaart-gouda.json"
PASSWORD = "Kaas-en-stroopwafels-uit-Gouda-9"


def walkthrough_lines() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    assert MARKER in text, "docs/operations.md lost its walkthrough block"
    block = text.split(MARKER, 1)[1]
    match = re.search(r"```sh\n(.*?)```", block, re.DOTALL)
    assert match, "no ```sh block after the walkthrough marker"
    return [
        line.strip()
        for line in match.group(1).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def test_the_block_uses_only_known_commands_and_settings():
    lines = walkthrough_lines()
    for line in lines:
        assert line.startswith(("zorgzaam ", "export ", "sudo -u postgres ")), line
    exported = {line.split()[1].split("=", 1)[0] for line in lines if line.startswith("export ")}
    import zorgzaam.conf.base  # noqa: F401  (fills READ with every variable the settings read)

    assert exported <= set(READ), exported - set(READ)
    assert {"DATABASE_URL", "SECRET_KEY", "PUBLIC_URL", "FIELD_ENCRYPTION_KEYS"} <= exported


def gouda_hsds(path: Path) -> Path:
    services = [
        hsds_service("Koffieochtend Goudse Hout", lat=52.0235, lon=4.6945, postcode="2803 AB"),
        hsds_service("Taalcafé Gouda", lat=52.0119, lon=4.7079, postcode="2801 AA"),
    ]
    path.write_text(json.dumps(services), encoding="utf-8")
    return path


def secret_to_code(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


@pytest.mark.django_db
def test_setting_up_gouda_as_the_operations_guide_says(client, tmp_path):
    assert not Municipality.objects.exists() and not User.objects.exists()
    hsds_file = gouda_hsds(tmp_path / HSDS_PLACEHOLDER)
    links: dict[str, str] = {}
    for line in walkthrough_lines():
        if not line.startswith("zorgzaam "):
            continue
        args = [str(hsds_file) if a == HSDS_PLACEHOLDER else a for a in shlex.split(line)[1:]]
        out = StringIO()
        call_command(*args, stdout=out)
        if args[:2] == ["user", "add"]:
            links[args[2]] = out.getvalue().strip().splitlines()[-1]

    gouda = Municipality.objects.get(code="GM0513")
    assert gouda.name == "Gouda"
    assert PostcodeArea.objects.filter(municipality=gouda).count() == 9
    assert Service.objects.filter(municipality=gouda).count() == 2
    assert set(links) == {"f.beheer", "p.devries"}

    for username, link in links.items():
        assert link.startswith("http://127.0.0.1:8000/account/invitation/")
        path = link.removeprefix("http://127.0.0.1:8000")
        assert username in client.get(path).content.decode()
        response = client.post(path, {"password": PASSWORD, "password_again": PASSWORD})
        assert response.status_code == 302 and "/account/2fa/" in response["Location"]
        enrol = client.get(response["Location"])
        code = secret_to_code(enrol.context["secret"])
        done = client.post("/account/2fa/", {"token": code, "next": "/home/"})
        assert done.status_code == 302 and done["Location"] == "/home/"
        client.post("/account/logout/")
        # A working login with the new password.
        login = client.post("/account/login/", {"username": username, "password": PASSWORD})
        assert login.status_code == 302 and login["Location"] == "/home/"
        assert client.get("/home/").status_code == 200
        client.post("/account/logout/")

    search = client.get("/map/?gemeente=GM0513&q=koffie")
    assert "Koffieochtend Goudse Hout" in search.content.decode()
