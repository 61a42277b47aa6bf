"""Bulk invitation from a CSV file of staff: all or nothing, problems per line."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zorgzaam.accounts.manage.bulk import BulkInviteRejected, staff_csv_parse, users_bulk_invite
from zorgzaam.accounts.models import Invitation, TeamMembership, User
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import login

pytestmark = pytest.mark.django_db

BULK = reverse("accounts:manage-users-bulk")
LINKS = reverse("accounts:manage-users-bulk-links")

GOOD = (
    "username;first_name;last_name;email;role;team\r\n"
    "m.devries;Marieke;de Vries;m.devries@example.nl;professional;Team Noord\r\n"
    "j.oztürk;Jasmijn;Öztürk;j.ozturk@example.nl;teamleider;Team Zuid\r\n"
    "p.bakker;Pieter;Bakker;p.bakker@example.nl;policy_officer;\r\n"
)


def upload(text: str, *, encoding: str = "utf-8-sig", name: str = "staff.csv"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def written():
    return (
        User.objects.count(),
        Invitation.objects.count(),
        TeamMembership.objects.count(),
        AuditEvent.objects.filter(event__startswith="account.").count(),
    )


@pytest.fixture
def admin_client(client, world):
    return login(client, world.users[Role.ADMINISTRATOR])


def test_bulk_invite_happy_path_with_bom_and_semicolons(admin_client, world):
    response = admin_client.post(BULK, {"file": upload(GOOD)})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"].split(", ")
    page = response.content.decode()
    assert "3 personen zijn uitgenodigd." in page
    users = {u.username: u for u in User.objects.filter(username__in=["m.devries", "j.oztürk"])}
    assert users["m.devries"].teams.get() == world.team_a
    assert users["j.oztürk"].role == Role.TEAM_LEAD
    assert users["j.oztürk"].last_name == "Öztürk"
    assert TeamMembership.objects.get(user=users["j.oztürk"]).is_lead
    officer = User.objects.get(username="p.bakker")
    assert officer.role == Role.POLICY_OFFICER and officer.municipality == world.municipality
    rows = response.context["rows"]
    assert [item.line for item, _sent in rows] == [2, 3, 4]
    for item, sent in rows:
        assert sent and item.url in page
        token = item.url.rstrip("/").rsplit("/", 1)[1]
        assert Invitation.objects.get(user=item.user).token_hash == Invitation.hash_token(token)
    assert AuditEvent.objects.filter(event="account.user.invite").count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "j.ozturk@example.nl",
        "m.devries@example.nl",
        "p.bakker@example.nl",
    ]

    # The links as a CSV download, made from the page (links are stored nowhere).
    data = {"username": [i.user.username for i, _ in rows], "url": [i.url for i, _ in rows]}
    data["username"].append(world.other_professional.username)  # another municipality's
    data["url"].append(rows[0][0].url)
    data["username"].append(world.users[Role.PROFESSIONAL].username)
    data["url"].append("https://elders.example/phish/")  # not a link to this site
    response = admin_client.post(LINKS, data)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="uitnodigingen.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert table[0] == ["username", "first_name", "last_name", "email", "invitation_link"]
    assert [r[0] for r in table[1:]] == ["m.devries", "j.oztürk", "p.bakker"]
    assert table[1][4] == rows[0][0].url


def test_bulk_invite_commas_windows_encoding_and_blank_lines(admin_client):
    text = (
        "Username,First_name,Last_name,Email,Role,Team\n"
        "\n"
        "e.muller,Eva,Müller,e.muller@example.nl,hub_coordinator,\n"
    )
    response = admin_client.post(BULK, {"file": upload(text, encoding="cp1252")})
    assert response.status_code == 200, response.context["problems"]
    assert User.objects.get(username="e.muller").last_name == "Müller"


def test_bulk_file_with_errors_on_several_lines_writes_nothing(admin_client, world):
    taken = world.users[Role.PROFESSIONAL].username
    text = (
        "username;first_name;last_name;email;role;team\n"
        "goed.een;Goed;Een;goed.een@example.nl;professional;Team Noord\n"  # line 2: fine
        "slecht.mail;Slecht;Mail;geen-adres;professional;\n"  # line 3
        "slecht.rol;Slecht;Rol;rol@example.nl;tovenaar;\n"  # line 4
        f"{taken};Al;Bezet;bezet@example.nl;professional;\n"  # line 5
        "slecht.team;Slecht;Team;team@example.nl;professional;Team Nergens\n"  # line 6
        "goed.een;Dubbel;Een;dubbel@example.nl;professional;\n"  # line 7: twice in the file
        "leeg;;;;professional;\n"  # line 8: no e-mail
        "beleid;Be;Leid;beleid@example.nl;policy_officer;Team Noord\n"  # line 9: not a team role
    )
    before = written()
    response = admin_client.post(BULK, {"file": upload(text)})
    assert response.status_code == 200
    assert written() == before
    assert not User.objects.filter(username="goed.een").exists()
    assert mail.outbox == []
    lines = [line for line, _message in response.context["problems"]]
    assert sorted(set(lines)) == [3, 4, 5, 6, 7, 8, 9]
    page = response.content.decode()
    assert "Er is niets opgeslagen" in page
    assert "tovenaar" in page and "Team Nergens" in page and "regel 2" in page
    assert "De kolom email is leeg." in page


def test_bulk_file_problems_of_the_file_itself(admin_client):
    for data, expected in [
        ("\ufeff".encode(), "Het bestand is leeg."),
        (b"username;email\nx;x@example.nl\n", "Ontbrekende kolommen: first_name, last_name, role"),
        (b"username;first_name;last_name;email;role;team\n", "geen personen"),
        (b"PK\x03\x04 an xlsx workbook", "Dit is een Excel-werkmap"),
    ]:
        file = SimpleUploadedFile("staff.csv", data, content_type="text/csv")
        response = admin_client.post(BULK, {"file": file})
        assert response.status_code == 200
        assert expected in response.content.decode(), data
    assert User.objects.filter(username="x").count() == 0


def test_bulk_service_is_all_or_nothing(world):
    admin = world.users[Role.ADMINISTRATOR]
    data = (
        b"username,first_name,last_name,email,role,team\n"
        b"a.een,A,Een,a@example.nl,professional,Team Noord\n"
        b"b.twee,B,Twee,b@example.nl,professional,Team Onbekend\n"
    )
    with pytest.raises(BulkInviteRejected) as caught:
        users_bulk_invite(actor=admin, data=data)
    assert [line for line, _ in caught.value.problems] == [3]
    assert not User.objects.filter(username="a.een").exists()
    assert not AuditEvent.objects.filter(event="account.user.invite").exists()


def test_parse_accepts_a_bom_and_extra_empty_cells():
    rows = staff_csv_parse(
        "\ufeffusername;first_name;last_name;email;role;team;;\na;b;c;d@e.nl;professional;;;\n".encode()
    )
    assert rows[0].line == 2 and rows[0].values["username"] == "a"
    assert rows[0].values["team"] == ""


def test_links_csv_writes_a_formula_like_name_as_text(admin_client, world):
    prof = world.users[Role.PROFESSIONAL]
    prof.first_name = "=HYPERLINK(1)"
    prof.save()
    response = admin_client.post(
        LINKS, {"username": [prof.username], "url": ["http://127.0.0.1:8000/account/x/"]}
    )
    text = response.content.decode().lstrip("\ufeff")
    row = list(csv.reader(io.StringIO(text), delimiter=";"))[1]
    assert row[1] == "'=HYPERLINK(1)"
