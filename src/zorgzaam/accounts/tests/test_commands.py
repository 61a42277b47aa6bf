"""`zorgzaam municipality|team|user ...`: clear one-line errors, nothing half-written."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from zorgzaam.accounts import selectors
from zorgzaam.accounts.models import Invitation, SocialTeam, TeamMembership, User
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.tenancy.models import Area, Municipality, PostcodeArea
from zorgzaam.tenancy.services import DEMO_GEOJSON


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked by their English msgids (the UI default is Dutch)."""
    with translation.override("en"):
        yield


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def state():
    return tuple(
        m.objects.count()
        for m in (
            Municipality,
            Area,
            PostcodeArea,
            SocialTeam,
            User,
            TeamMembership,
            Invitation,
            AuditEvent,
        )
    )


def token_of(output: str) -> str:
    link = output.strip().splitlines()[-1]
    assert link.startswith("http://127.0.0.1:8000/account/invitation/"), output
    return link.rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture
def gouda(db):
    run("municipality", "add", "GM0513")
    run("team", "add", "Sociaal team Gouda", "--municipality", "GM0513", "--areas", "Gouda")
    return Municipality.objects.get(code="GM0513")


@pytest.mark.django_db
def test_municipality_add_twice_and_list():
    assert "Gouda (GM0513) set up: 9 postcode areas, 1 area(s)." in run(
        "municipality", "add", "gm0513"
    )
    before = state()
    again = run("municipality", "add", "GM0513")
    assert "already set up" in again
    assert state()[:4] == before[:4]
    listing = run("municipality", "list")
    assert "GM0513" in listing and "Gouda" in listing


@pytest.mark.django_db
def test_municipality_add_with_areas():
    out = run("municipality", "add", "GM1901", "--areas", str(DEMO_GEOJSON))
    assert "Bodegraven-Reeuwijk (GM1901) set up: 6 postcode areas, 7 area(s)." in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("municipality", "add", "GM9999"), "GM9999 is not a municipality"),
        (("municipality", "add", "Gouda"), "not a CBS municipality code"),
        (("municipality", "add", "GM0513", "--areas", "/nonexistent.geojson"), "GeoJSON"),
        (("municipality", "add", "GM0513", "--areas", str(DEMO_GEOJSON)), "no districts"),
        (("team", "add", "Team", "--municipality", "GM9999"), "GM9999 is unknown"),
    ],
)
def test_bad_municipality_or_team_input_writes_nothing(args, words):
    before = state()
    with pytest.raises(CommandError, match=words):
        run(*args)
    assert state() == before


def test_team_add_is_idempotent_and_sets_areas(gouda):
    team = SocialTeam.objects.get(municipality=gouda)
    assert [a.name for a in team.areas.all()] == ["Gouda"]
    assert "already set up" in run("team", "add", "sociaal team gouda", "--municipality", "0513")
    assert SocialTeam.objects.count() == 1
    with pytest.raises(CommandError, match="has no area 'Noord'; its areas: Gouda"):
        run("team", "add", "Team Noord", "--municipality", "GM0513", "--areas", "Noord")
    assert SocialTeam.objects.count() == 1
    assert "Sociaal team Gouda" in run("team", "list")


def test_user_add_prints_a_working_one_time_link(gouda, client):
    out = run(
        "user",
        "add",
        "a.jansen",
        "--role",
        "professional",
        "--municipality",
        "GM0513",
        "--email",
        "a.jansen@example.nl",
        "--team",
        "Sociaal team Gouda",
    )
    assert "Invited a.jansen (professional, Gouda, team Sociaal team Gouda)." in out
    assert "72 hours" in out
    token = token_of(out)
    user = selectors.invitation_get(token).user
    assert user.username == "a.jansen" and user.teams.get().name == "Sociaal team Gouda"
    page = client.get(f"/account/invitation/{token}/")
    assert page.status_code == 200 and "a.jansen" in page.content.decode()
    assert AuditEvent.objects.filter(event="account.user.invite", reason="cli").count() == 1


def test_user_role_by_dutch_name(gouda):
    run("user", "add", "beheer", "--role", "beheerder", "--municipality", "GM0513", "--email",
        "beheer@example.nl")  # fmt: skip
    run("user", "add", "lead", "--role", "Teamleider", "--municipality", "GM0513", "--email",
        "lead@example.nl")  # fmt: skip
    assert User.objects.get(username="beheer").role == Role.ADMINISTRATOR
    assert User.objects.get(username="lead").role == Role.TEAM_LEAD


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--role", "baas"], "Unknown role 'baas'"),
        (["--municipality", "GM9999"], "GM9999 is unknown"),
        (["--team", "Geen team"], "Gouda has no team Geen team"),
        (["--email", "geen-adres"], "not a valid e-mail address"),
        (["--role", "volunteer", "--team", "Sociaal team Gouda"], "Only professionals"),
        (["USERNAME=PIET"], "already taken"),
    ],
)
def test_bad_user_input_is_one_clear_error_and_writes_nothing(gouda, extra, words):
    run("user", "add", "piet", "--role", "professional", "--municipality", "GM0513", "--email",
        "piet@example.nl")  # fmt: skip
    options = {"--role": "professional", "--municipality": "GM0513", "--email": "x@example.nl"}
    username, rest = "nieuw", []
    i = 0
    while i < len(extra):
        if extra[i].startswith("USERNAME="):
            username = extra[i].split("=", 1)[1]
            i += 1
        elif extra[i] == "--team":
            rest += extra[i : i + 2]
            i += 2
        else:
            options[extra[i]] = extra[i + 1]
            i += 2
    args = ["user", "add", username] + [x for kv in options.items() for x in kv] + rest
    before = state()
    with pytest.raises(CommandError) as exc:
        run(*args)
    assert words in str(exc.value)
    assert "\n" not in str(exc.value)
    assert state() == before


def test_invite_again_deactivate_and_list(gouda):
    first = token_of(
        run(
            "user",
            "add",
            "kees",
            "--role",
            "professional",
            "--municipality",
            "GM0513",
            "--email",
            "kees@example.nl",
        )  # fmt: skip
    )
    out = run("user", "invite-again", "KEES")
    second = token_of(out)
    assert first != second and "old link no longer works" in out
    with pytest.raises(Exception, match="withdrawn"):
        selectors.invitation_get(first)
    assert "kees" in run("user", "list", "--municipality", "GM0513")
    assert "invited" in run("user", "list")
    assert "Deactivated kees" in run("user", "deactivate", "kees")
    assert "already deactivated" in run("user", "deactivate", "kees")
    assert "deactivated" in run("user", "list")
    with pytest.raises(CommandError, match="deactivated"):
        run("user", "invite-again", "kees")
    with pytest.raises(CommandError, match="There is no user nobody"):
        run("user", "deactivate", "nobody")


def test_exit_code_and_one_line_on_stderr(tmp_path):
    """As an operator runs it: `python -m zorgzaam ...` in a shell."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zorgzaam.conf.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ZORGZAAM_VAR_DIR": str(tmp_path),
        "ZORGZAAM_PARTS": "none",
    }

    def zorgzaam(*args):
        return subprocess.run(
            [sys.executable, "-m", "zorgzaam", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert zorgzaam("migrate", "-v0").returncode == 0
    bad = zorgzaam("municipality", "add", "GM9999")
    assert bad.returncode != 0
    assert bad.stderr.strip().splitlines() == [
        "CommandError: GM9999 is not a municipality in the national postcode list."
    ]
    ok = zorgzaam("municipality", "add", "GM0513")
    assert ok.returncode == 0 and "Gouda (GM0513) set up" in ok.stdout
    user = zorgzaam("user", "add", "x", "--role", "koning", "--municipality", "GM0513",
                    "--email", "x@example.nl")  # fmt: skip
    assert user.returncode != 0
    assert len(user.stderr.strip().splitlines()) == 1 and "Unknown role" in user.stderr
