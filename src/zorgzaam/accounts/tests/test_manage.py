"""The administrator's users-and-teams screens: access per role, the own municipality only,
each action's effect and audit row, refusals that write nothing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from zorgzaam.accounts.models import Invitation, SocialTeam, TeamMembership, User
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import (
    AreaFactory,
    MunicipalityFactory,
    UserFactory,
    give_totp,
    login,
)
from zorgzaam.common.urlwalk import routes

pytestmark = pytest.mark.django_db

USERS = reverse("accounts:manage-users")
INVITE = reverse("accounts:manage-user-invite")
TEAMS = reverse("accounts:manage-teams")
TEAM_CREATE = reverse("accounts:manage-team-create")


def url(name: str, obj) -> str:
    key = "team_id" if isinstance(obj, SocialTeam) else "user_id"
    return reverse(f"accounts:{name}", kwargs={key: obj.public_id})


def audit_rows(event: str, target=None):
    rows = AuditEvent.objects.filter(event=event)
    if target is not None:
        rows = rows.filter(target_id=str(target.public_id))
    return rows


@pytest.fixture
def admin(world):
    return world.users[Role.ADMINISTRATOR]


@pytest.fixture
def admin_client(client, admin):
    return login(client, admin)


# --- access --------------------------------------------------------------------------------


def test_every_manage_page_is_person_level():
    manage = [r for r in routes() if r.name.startswith("accounts:manage-")]
    assert len(manage) == 14
    for route in manage:
        assert route.access is not None and route.access.person_level, route.pattern
        assert route.access.capability in {"users.manage", "team.manage"}, route.pattern


@pytest.mark.parametrize("role", Role.values)
def test_every_manage_url_with_real_objects_for_every_role(client, world, role):
    """The URL walk requests a random id; here each manage URL gets a real user and team of
    the actor's municipality: the role's capability decides, 403 is audited."""
    from zorgzaam.accounts.roles import ROLE_CAPABILITIES

    user = world.users[role]
    login(client, user)
    ids = {"user_id": world.users["professional_b"].public_id, "team_id": world.team_b.public_id}
    for route in routes():
        if not route.name.startswith("accounts:manage-"):
            continue
        path = route.sample_url(**ids)
        before = audit_rows("access.denied").count()
        status = client.get(path).status_code
        if route.access.capability in ROLE_CAPABILITIES[role]:
            assert status in (200, 405), (role, path, status)  # 405: a POST-only action
        else:
            assert status == 403, (role, path, status)
            assert audit_rows("access.denied").count() == before + 1


@pytest.mark.parametrize("role", Role.values)
def test_users_screens_for_administrators_only(client, world, role):
    user = world.users[role]
    login(client, user)
    target = world.users[Role.PROFESSIONAL]
    expected = 200 if role == Role.ADMINISTRATOR else 403
    for path in (USERS, INVITE, reverse("accounts:manage-users-bulk"), url("manage-user", target)):
        assert client.get(path).status_code == expected, (role, path)
    response = client.post(url("manage-user-deactivate", target), {"deactivate-confirm": "on"})
    assert response.status_code == (302 if role == Role.ADMINISTRATOR else 403)
    target.refresh_from_db()
    assert target.is_active is (role != Role.ADMINISTRATOR)
    if role != Role.ADMINISTRATOR:
        assert audit_rows("access.denied").filter(actor_id=user.public_id).exists()


@pytest.mark.parametrize("role", Role.values)
def test_team_pages_for_administrators_and_team_leads_writes_for_administrators(
    client, world, role
):
    login(client, world.users[role])
    can_read = role in (Role.ADMINISTRATOR, Role.TEAM_LEAD)
    assert client.get(TEAMS).status_code == (200 if can_read else 403)
    assert client.get(url("manage-team", world.team_a)).status_code == (200 if can_read else 403)
    response = client.post(TEAM_CREATE, {"name": "Team Oost"})
    assert response.status_code == (302 if role == Role.ADMINISTRATOR else 403)
    response = client.post(url("manage-team-areas", world.team_a), {"areas": []})
    assert response.status_code == (302 if role == Role.ADMINISTRATOR else 403)
    assert SocialTeam.objects.filter(name="Team Oost").exists() is (role == Role.ADMINISTRATOR)


def test_team_lead_sees_teams_without_edit_form_or_user_links(client, world):
    login(client, world.users[Role.TEAM_LEAD])
    page = client.get(url("manage-team", world.team_a)).content.decode()
    assert world.users[Role.PROFESSIONAL].username in page
    assert url("manage-user", world.users[Role.PROFESSIONAL]) not in page
    assert "manage-team-areas" not in page and "/areas/" not in page
    assert "teams/new/" not in client.get(TEAMS).content.decode()


def test_without_second_factor_the_administrator_is_sent_to_it(client, admin):
    login(client, admin, verified=False)
    response = client.get(USERS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp"))


def test_administrator_home_lists_users_and_teams(admin_client):
    page = admin_client.get(reverse("web:home")).content.decode()
    assert USERS in page and TEAMS in page


# --- one municipality only -----------------------------------------------------------------


@pytest.fixture
def gouda_bodegraven():
    gouda = MunicipalityFactory(code="GM0513", name="Gouda", slug="gouda")
    bodegraven = MunicipalityFactory(
        code="GM1901", name="Bodegraven-Reeuwijk", slug="bodegraven-reeuwijk"
    )
    gouda_admin = UserFactory(username="beheer.gouda", role=Role.ADMINISTRATOR, municipality=gouda)
    gouda_prof = UserFactory(
        username="prof.gouda", role=Role.PROFESSIONAL, municipality=gouda, last_name="Goudse"
    )
    bodegraven_prof = UserFactory(
        username="prof.bodegraven",
        role=Role.PROFESSIONAL,
        municipality=bodegraven,
        first_name="Bram",
        last_name="Bodegraafse",
    )
    bodegraven_team = SocialTeam.objects.create(municipality=bodegraven, name="Team Reeuwijk")
    TeamMembership.objects.create(team=bodegraven_team, user=bodegraven_prof)
    return gouda_admin, gouda_prof, bodegraven_prof, bodegraven_team


def test_gouda_administrator_never_sees_a_bodegraven_user(client, gouda_bodegraven):
    gouda_admin, gouda_prof, bodegraven_prof, bodegraven_team = gouda_bodegraven
    login(client, gouda_admin)
    page = client.get(USERS).content.decode()
    assert gouda_prof.username in page
    assert "prof.bodegraven" not in page and "Bodegraafse" not in page
    assert "prof.bodegraven" not in client.get(USERS, {"q": "bodegraven"}).content.decode()
    assert "Team Reeuwijk" not in client.get(TEAMS).content.decode()

    assert client.get(url("manage-user", bodegraven_prof)).status_code == 404
    denied = audit_rows("access.denied", bodegraven_prof).get()
    assert denied.outcome == "denied" and denied.actor_id == gouda_admin.public_id

    # Every action on the other municipality's user is a 404 and changes nothing.
    give_totp(bodegraven_prof)
    posts = {
        "manage-user-deactivate": {"deactivate-confirm": "on"},
        "manage-user-role": {"role-role": Role.HUB_COORDINATOR},
        "manage-user-teams": {},
        "manage-user-invitation": {},
        "manage-user-second-factor": {"reset-reason": "nieuwe telefoon"},
    }
    for name, data in posts.items():
        assert client.post(url(name, bodegraven_prof), data).status_code == 404, name
    bodegraven_prof.refresh_from_db()
    assert bodegraven_prof.is_active and bodegraven_prof.role == Role.PROFESSIONAL
    assert bodegraven_prof.teams.get() == bodegraven_team
    assert TOTPDevice.objects.filter(user=bodegraven_prof).exists()
    assert audit_rows("access.denied", bodegraven_prof).count() == 1 + len(posts)

    assert client.get(url("manage-team", bodegraven_team)).status_code == 404
    assert client.post(url("manage-team-areas", bodegraven_team), {}).status_code == 404
    assert audit_rows("access.denied", bodegraven_team).count() == 2
    assert not AuditEvent.objects.filter(event__startswith="account.").exists()


def test_another_municipalitys_team_or_area_cannot_be_chosen(admin_client, world):
    other_team = SocialTeam.objects.get(municipality=world.other_municipality)
    prof = world.users[Role.PROFESSIONAL]
    response = admin_client.post(
        url("manage-user-teams", prof), {"teams-teams": [str(other_team.public_id)]}
    )
    assert response.status_code == 200
    assert list(prof.teams.all()) == [world.team_a]
    other_area = other_team.areas.get()
    response = admin_client.post(
        url("manage-team-areas", world.team_a), {"areas": [str(other_area.public_id)]}
    )
    assert response.status_code == 200
    assert list(world.team_a.areas.all()) == [world.village_a]
    assert not AuditEvent.objects.filter(event__startswith="account.").exists()


def test_unknown_ids_are_404(admin_client):
    import uuid

    for name in ("manage-user", "manage-team"):
        key = "team_id" if name == "manage-team" else "user_id"
        path = reverse(f"accounts:{name}", kwargs={key: uuid.uuid4()})
        assert admin_client.get(path).status_code == 404


# --- list and detail -----------------------------------------------------------------------


def test_list_filters(admin_client, world):
    prof = world.users[Role.PROFESSIONAL]
    prof_b = world.users["professional_b"]
    prof_b.first_name, prof_b.last_name = "Berend", "Zuidema"
    prof_b.save()
    lead = world.users[Role.TEAM_LEAD]

    def names(**params):
        response = admin_client.get(USERS, params)
        assert response.status_code == 200
        return {account.username for account, _status in response.context["rows"]}

    assert names(role=Role.PROFESSIONAL) == {prof.username, prof_b.username}
    assert names(team=str(world.team_a.public_id)) == {prof.username, lead.username}
    assert names(q="zuidema") == {prof_b.username}
    assert names(q="Berend Zuid") == {prof_b.username}
    prof.is_active = False
    prof.save()
    assert names(status="deactivated") == {prof.username}
    assert prof.username not in names(status="active")
    assert names(team="not-a-uuid") >= {prof.username, prof_b.username}  # ignored, not a 500


def test_detail_shows_status_second_factor_and_teams(admin_client, world):
    prof = world.users[Role.PROFESSIONAL]
    page = admin_client.get(url("manage-user", prof)).content.decode()
    assert "Team Noord" in page and "actief" in page
    assert "nog niet ingesteld" in page
    give_totp(prof)
    page = admin_client.get(url("manage-user", prof)).content.decode()
    assert "Tweede factor herstellen" in page
    audit = f"{reverse('audit:list')}?target={prof.public_id}"
    assert audit in page
    admin_client.post(url("manage-user-role", prof), {"role-role": Role.TEAM_LEAD})
    rows = admin_client.get(audit).context["page"].object_list
    assert [row.event for row in rows if row.event.startswith("account.")] == ["account.user.role"]


# --- actions -------------------------------------------------------------------------------


def invite_data(**overrides):
    data = {
        "username": "l.jansen",
        "first_name": "Lotte",
        "last_name": "Jansen",
        "email": "l.jansen@example.nl",
        "role": Role.PROFESSIONAL,
    }
    data.update(overrides)
    return data


def test_invite_shows_the_link_once_and_mails_it(admin_client, world, admin):
    data = invite_data(teams=[str(world.team_b.public_id)])
    response = admin_client.post(INVITE, data)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"].split(", ")
    user = User.objects.get(username="l.jansen")
    assert user.role == Role.PROFESSIONAL and user.municipality == world.municipality
    assert list(user.teams.all()) == [world.team_b]
    assert not user.has_usable_password()
    link = response.context["url"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert Invitation.objects.get(user=user).token_hash == Invitation.hash_token(token)
    assert link in response.content.decode()
    row = audit_rows("account.user.invite", user).get()
    assert row.actor_id == admin.public_id and "l.jansen" not in str(row.__dict__)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["l.jansen@example.nl"]
    assert link in message.body and message.body.startswith("Beste Lotte Jansen,\n\n")
    assert "authenticator-app" in message.body and "\n\n\n" not in message.body
    assert "uitnodiging" in message.subject.lower()
    # The user's page afterwards shows the status, not the link.
    page = admin_client.get(url("manage-user", user)).content.decode()
    assert "uitgenodigd" in page and link not in page


def test_invite_refusals_write_nothing(admin_client, world):
    before = (User.objects.count(), Invitation.objects.count(), AuditEvent.objects.count())
    taken = world.users[Role.PROFESSIONAL].username
    response = admin_client.post(INVITE, invite_data(username=taken))
    assert response.status_code == 200 and response.context["form"].errors["username"]
    response = admin_client.post(INVITE, invite_data(email="geen-adres"))
    assert response.context["form"].errors["email"]
    response = admin_client.post(
        INVITE, invite_data(role=Role.POLICY_OFFICER, teams=[str(world.team_a.public_id)])
    )
    assert response.context["form"].errors["teams"]
    assert "Er is een probleem" in response.content.decode()
    assert (User.objects.count(), Invitation.objects.count(), AuditEvent.objects.count()) == before
    assert mail.outbox == []


def test_change_role_and_teams(admin_client, world, admin):
    prof = world.users[Role.PROFESSIONAL]
    response = admin_client.post(
        url("manage-user-teams", prof),
        {"teams-teams": [str(world.team_a.public_id), str(world.team_b.public_id)]},
    )
    assert response.status_code == 302
    assert set(prof.teams.all()) == {world.team_a, world.team_b}
    assert audit_rows("account.user.teams", prof).get().actor_id == admin.public_id

    response = admin_client.post(url("manage-user-role", prof), {"role-role": Role.TEAM_LEAD})
    assert response.status_code == 302
    prof.refresh_from_db()
    assert prof.role == Role.TEAM_LEAD
    assert audit_rows("account.user.role", prof).count() == 1
    response = admin_client.get(response["Location"])
    assert "teamleider" in response.content.decode().lower()


def test_administrator_cannot_change_own_role_or_deactivate_self(admin_client, admin):
    page = admin_client.get(url("manage-user", admin)).content.decode()
    assert "manage-user-deactivate" not in page and "/deactivate/" not in page
    response = admin_client.post(url("manage-user-role", admin), {"role-role": Role.RESIDENT})
    assert response.status_code == 200
    assert response.context["role_form"].non_field_errors() or response.context[
        "role_form"
    ].errors.get("role")
    response = admin_client.post(url("manage-user-deactivate", admin), {"deactivate-confirm": "on"})
    assert response.status_code == 200
    assert response.context["deactivate_form"].non_field_errors()
    admin.refresh_from_db()
    assert admin.is_active and admin.role == Role.ADMINISTRATOR
    assert not AuditEvent.objects.filter(event__startswith="account.").exists()


def test_deactivate_needs_confirmation(admin_client, world, admin):
    prof = world.users[Role.PROFESSIONAL]
    response = admin_client.post(url("manage-user-deactivate", prof), {})
    assert response.status_code == 200 and response.context["deactivate_form"].errors
    prof.refresh_from_db()
    assert prof.is_active
    response = admin_client.post(url("manage-user-deactivate", prof), {"deactivate-confirm": "on"})
    assert response.status_code == 302
    prof.refresh_from_db()
    assert not prof.is_active
    assert audit_rows("account.user.deactivate", prof).get().actor_id == admin.public_id
    page = admin_client.get(url("manage-user", prof)).content.decode()
    assert "gedeactiveerd" in page


def test_resend_invitation_gives_a_new_link(admin_client, world):
    admin_client.post(INVITE, invite_data())
    user = User.objects.get(username="l.jansen")
    first = Invitation.objects.get(user=user)
    mail.outbox.clear()
    response = admin_client.post(url("manage-user-invitation", user))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"].split(", ")
    first.refresh_from_db()
    assert first.revoked_at is not None
    newest = Invitation.objects.filter(user=user, revoked_at=None).get()
    token = response.context["url"].rstrip("/").rsplit("/", 1)[1]
    assert newest.token_hash == Invitation.hash_token(token)
    assert audit_rows("account.invitation.renew", user).count() == 1
    assert len(mail.outbox) == 1 and response.context["url"] in mail.outbox[0].body


def test_resend_refused_for_an_active_user(admin_client, world):
    prof = world.users[Role.PROFESSIONAL]
    response = admin_client.post(url("manage-user-invitation", prof), follow=True)
    assert response.status_code == 200
    assert not Invitation.objects.filter(user=prof).exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_second_factor_reset_needs_a_reason(admin_client, world, admin):
    prof = world.users[Role.PROFESSIONAL]
    give_totp(prof)
    response = admin_client.post(url("manage-user-second-factor", prof), {"reset-reason": "  "})
    assert response.status_code == 200 and response.context["reset_form"].errors["reason"]
    assert TOTPDevice.objects.filter(user=prof).exists()
    response = admin_client.post(
        url("manage-user-second-factor", prof), {"reset-reason": "nieuwe telefoon"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=prof).exists()
    row = audit_rows("account.otp.reset", prof).get()
    assert row.actor_id == admin.public_id and row.reason == "nieuwe telefoon"


def test_team_create_and_areas(admin_client, world, admin):
    extra = AreaFactory(municipality=world.municipality, name="Oostdorp")
    response = admin_client.post(
        TEAM_CREATE, {"name": "Team Oost", "areas": [str(extra.public_id)]}
    )
    team = SocialTeam.objects.get(municipality=world.municipality, name="Team Oost")
    assert response.status_code == 302 and response["Location"] == url("manage-team", team)
    assert list(team.areas.all()) == [extra]
    assert audit_rows("account.team.create", team).get().actor_id == admin.public_id

    response = admin_client.post(TEAM_CREATE, {"name": "team  oost"})
    assert response.status_code == 200 and response.context["form"].errors["name"]
    assert SocialTeam.objects.filter(municipality=world.municipality).count() == 3

    response = admin_client.post(
        url("manage-team-areas", team),
        {"areas": [str(extra.public_id), str(world.village_b.public_id)]},
    )
    assert response.status_code == 302
    assert set(team.areas.all()) == {extra, world.village_b}
    assert audit_rows("account.team.areas", team).count() == 1
    page = admin_client.get(url("manage-team", world.team_a)).content.decode()
    assert world.users[Role.PROFESSIONAL].username in page or "Noorddorp" in page


def test_an_expired_invitation_is_shown_and_can_be_renewed(admin_client, world):
    from datetime import timedelta

    from django.utils import timezone

    admin_client.post(INVITE, invite_data())
    user = User.objects.get(username="l.jansen")
    Invitation.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(hours=1))
    page = admin_client.get(USERS, {"status": "invited"}).content.decode()
    assert "l.jansen" in page and "link verlopen" in page
    page = admin_client.get(url("manage-user", user)).content.decode()
    assert "De uitnodigingslink is verlopen of ingetrokken." in page
    response = admin_client.post(url("manage-user-invitation", user))
    assert response.status_code == 200
    page = admin_client.get(url("manage-user", user)).content.decode()
    assert "link verlopen" not in page and "link geldig tot" in page


def test_invitation_without_a_working_mail_server_still_shows_the_link(admin_client, settings):
    # A real SMTP connection to a closed port: refused, as when the mail server is down.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = admin_client.post(INVITE, invite_data())
    assert response.status_code == 200
    page = response.content.decode()
    assert "De link kon niet worden gemaild" in page
    assert response.context["url"] in page
    assert User.objects.filter(username="l.jansen").exists()
