"""Users, invitations and teams: every write audited, every refusal writes nothing."""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from zorgzaam.accounts import selectors, services
from zorgzaam.accounts.models import Invitation, SocialTeam, TeamMembership, User
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.testing import give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked by their English msgids (the UI default is Dutch)."""
    with translation.override("en"):
        yield


NEW_PASSWORD = "Lange-wandeling-langs-de-Gouwe-7"


def counts():
    return (
        User.objects.count(),
        Invitation.objects.count(),
        TeamMembership.objects.count(),
        SocialTeam.objects.count(),
        AuditEvent.objects.count(),
    )


def invite(world, **overrides):
    values = {
        "actor": world.users[Role.ADMINISTRATOR],
        "username": "nieuwe.collega",
        "role": Role.PROFESSIONAL,
        "municipality": world.municipality,
        "email": "nieuwe.collega@example.nl",
        "first_name": "Nieuwe",
        "last_name": "Collega",
        "teams": [world.team_a],
    }
    values.update(overrides)
    return services.user_invite(**values)


def test_invite_creates_user_without_password_membership_and_hashed_token(world):
    admin = world.users[Role.ADMINISTRATOR]
    user, token = invite(world)
    assert not user.has_usable_password()
    assert list(user.teams.all()) == [world.team_a]
    invitation = Invitation.objects.get(user=user)
    assert len(token) >= 43
    assert invitation.token_hash == Invitation.hash_token(token) != token
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert invitation.created_by == admin
    hours = (invitation.expires_at - timezone.now()).total_seconds() / 3600
    assert 71.9 < hours <= 72
    row = AuditEvent.objects.get(event="account.user.invite")
    assert row.actor_id == admin.public_id
    assert row.target_id == str(user.public_id)
    assert row.municipality_code == world.municipality.code
    assert "teams" in row.fields and "nieuwe" not in str(row.fields) + row.reason


def test_invite_from_the_command_line_has_no_actor_and_reason_cli(world):
    user, _ = invite(world, actor=None)
    row = AuditEvent.objects.get(event="account.user.invite")
    assert row.actor_id is None and row.reason == "cli"
    assert Invitation.objects.get(user=user).created_by is None


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"username": "PROFESSIONAL-{n}"}, "username", "already taken"),
        ({"username": "  "}, "username", "Enter a username"),
        ({"username": "met spatie"}, "username", ""),
        ({"role": "baas"}, "role", "Unknown role"),
        ({"email": "geen-adres"}, "email", "not a valid e-mail"),
        ({"email": ""}, "email", "not a valid e-mail"),
        ({"teams": "other"}, "teams", "another municipality"),
        ({"role": Role.VOLUNTEER}, "teams", "Only professionals and team leads"),
    ],
)
def test_bad_invitation_input_is_refused_and_writes_nothing(world, overrides, field, words):
    if overrides.get("teams") == "other":
        other_team = SocialTeam.objects.create(municipality=world.other_municipality, name="X")
        overrides = {"teams": [world.team_a, other_team]}
    if "username" in overrides:
        n = world.users[Role.PROFESSIONAL].username.split("-")[-1]
        overrides = {"username": overrides["username"].format(n=n)}
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        invite(world, **overrides)
    assert exc.value.field == field
    assert words in exc.value.message
    assert counts() == before


def test_invite_accepts_the_dutch_label_of_a_role(world):
    user, _ = invite(world, role="Teamleider", teams=[])
    assert user.role == Role.TEAM_LEAD
    user2, _ = invite(world, username="coordinator2", role="hub-coordinator", teams=[])
    assert user2.role == Role.HUB_COORDINATOR


def test_an_actor_of_another_municipality_is_refused_everywhere(world):
    outsider = world.other_professional
    target = world.users[Role.PROFESSIONAL]
    before = counts()
    calls = [
        lambda: invite(world, actor=outsider),
        lambda: services.invitation_renew(actor=outsider, user=target),
        lambda: services.user_deactivate(actor=outsider, user=target),
        lambda: services.user_change_role(actor=outsider, user=target, role=Role.TEAM_LEAD),
        lambda: services.user_set_teams(actor=outsider, user=target, teams=[]),
        lambda: services.second_factor_reset(actor=outsider, user=target, reason="kwijt"),
        lambda: services.team_create(actor=outsider, municipality=world.municipality, name="Y"),
        lambda: services.team_set_areas(actor=outsider, team=world.team_a, areas=[]),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert counts() == before


def test_accept_sets_password_marks_used_and_audits(world):
    user, token = invite(world)
    accepted = services.invitation_accept(token=token, password=NEW_PASSWORD)
    assert accepted == user
    assert authenticate(username=user.username, password=NEW_PASSWORD) == user
    assert Invitation.objects.get(user=user).accepted_at is not None
    row = AuditEvent.objects.get(event="account.invitation.accept")
    assert row.actor_id == user.public_id and row.fields == ["password"]
    with pytest.raises(ApplicationError) as exc:
        services.invitation_accept(token=token, password=NEW_PASSWORD + "x")
    assert exc.value.code == "used"


def test_accept_refuses_a_weak_password_and_keeps_the_invitation(world):
    user, token = invite(world)
    before = counts()
    for weak in ("12345678", "password", "nieuwe.collega", "kort"):
        with pytest.raises(ApplicationError) as exc:
            services.invitation_accept(token=token, password=weak)
        assert exc.value.field == "password"
    assert counts() == before
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert selectors.invitation_get(token).user == user


def test_invitation_get_explains_unknown_expired_withdrawn_and_used(world):
    with pytest.raises(ApplicationError) as exc:
        selectors.invitation_get("no-such-token")
    assert exc.value.code == "unknown" and "administrator" in exc.value.message
    with pytest.raises(ApplicationError) as exc:
        selectors.invitation_get("x" * 1000)
    assert exc.value.code == "unknown"

    user, token = invite(world)
    Invitation.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ApplicationError) as exc:
        selectors.invitation_get(token)
    assert exc.value.code == "expired"
    with pytest.raises(ApplicationError):
        services.invitation_accept(token=token, password=NEW_PASSWORD)
    assert selectors.user_invitation_state(user) == "expired"

    new_token = services.invitation_renew(actor=None, user=user)
    assert selectors.user_invitation_state(user) == "invited"
    newer_token = services.invitation_renew(actor=world.users[Role.ADMINISTRATOR], user=user)
    with pytest.raises(ApplicationError) as exc:
        selectors.invitation_get(new_token)
    assert exc.value.code == "revoked"
    assert selectors.invitation_get(newer_token).user == user
    assert AuditEvent.objects.filter(event="account.invitation.renew").count() == 2


def test_renew_refused_for_accepted_or_deactivated_user(world):
    user, token = invite(world)
    services.invitation_accept(token=token, password=NEW_PASSWORD)
    before = counts()
    with pytest.raises(ApplicationError, match="password reset"):
        services.invitation_renew(actor=None, user=user)
    other, _ = invite(world, username="weg")
    services.user_deactivate(actor=None, user=other)
    before = counts()
    with pytest.raises(ApplicationError, match="deactivated"):
        services.invitation_renew(actor=None, user=other)
    assert counts() == before


def test_deactivate_ends_login_and_open_invitation(world, client):
    admin = world.users[Role.ADMINISTRATOR]
    user, token = invite(world)
    services.user_deactivate(actor=admin, user=user)
    user.refresh_from_db()
    assert not user.is_active
    with pytest.raises(ApplicationError) as exc:
        selectors.invitation_get(token)
    assert exc.value.code == "revoked"
    assert selectors.user_invitation_state(user) == "deactivated"
    # Twice changes nothing and is not audited twice.
    services.user_deactivate(actor=admin, user=user)
    assert AuditEvent.objects.filter(event="account.user.deactivate").count() == 1
    with pytest.raises(ApplicationError, match="your own"):
        services.user_deactivate(actor=admin, user=admin)


def test_a_deactivated_user_is_logged_out(world, client):
    from zorgzaam.common.testing import login

    professional = world.users[Role.PROFESSIONAL]
    login(client, professional)
    assert client.get("/home/").status_code == 200
    services.user_deactivate(actor=world.users[Role.ADMINISTRATOR], user=professional)
    assert client.get("/home/").status_code == 302


def test_change_role_out_of_a_team_role_ends_memberships(world):
    admin = world.users[Role.ADMINISTRATOR]
    professional = world.users[Role.PROFESSIONAL]
    services.user_change_role(actor=admin, user=professional, role=Role.TEAM_LEAD)
    assert TeamMembership.objects.get(user=professional).is_lead
    services.user_change_role(actor=admin, user=professional, role="policy_officer")
    assert not TeamMembership.objects.filter(user=professional).exists()
    rows = AuditEvent.objects.filter(event="account.user.role").order_by("id")
    assert [r.fields for r in rows] == [["role"], ["role", "teams"]]
    before = counts()
    with pytest.raises(ApplicationError):
        services.user_change_role(actor=admin, user=professional, role="koning")
    with pytest.raises(ApplicationError):
        services.user_change_role(actor=admin, user=admin, role=Role.RESIDENT)
    assert counts() == before


def test_set_teams(world):
    admin = world.users[Role.ADMINISTRATOR]
    professional = world.users[Role.PROFESSIONAL]
    services.user_set_teams(actor=admin, user=professional, teams=[world.team_b])
    assert list(professional.teams.all()) == [world.team_b]
    services.user_set_teams(actor=admin, user=professional, teams=[world.team_b])
    assert AuditEvent.objects.filter(event="account.user.teams").count() == 1
    before = counts()
    with pytest.raises(ApplicationError):
        services.user_set_teams(actor=admin, user=world.users[Role.VOLUNTEER], teams=[world.team_a])
    assert counts() == before


def test_second_factor_reset_needs_a_reason_and_removes_devices(world):
    admin = world.users[Role.ADMINISTRATOR]
    professional = world.users[Role.PROFESSIONAL]
    give_totp(professional)
    StaticDevice.objects.create(user=professional, name="backup")
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        services.second_factor_reset(actor=admin, user=professional, reason="   ")
    assert exc.value.field == "reason"
    assert counts() == before
    removed = services.second_factor_reset(
        actor=admin, user=professional, reason="telefoon kwijt " * 40
    )
    assert removed == 2
    assert not TOTPDevice.objects.filter(user=professional).exists()
    row = AuditEvent.objects.get(event="account.otp.reset")
    assert row.reason.startswith("telefoon kwijt") and len(row.reason) <= 200


def test_team_create_is_idempotent_and_checks_areas(world):
    admin = world.users[Role.ADMINISTRATOR]
    team = services.team_create(
        actor=admin, municipality=world.municipality, name=" Team  West ", areas=[world.village_a]
    )
    assert team.name == "Team West" and list(team.areas.all()) == [world.village_a]
    again = services.team_create(actor=None, municipality=world.municipality, name="team west")
    assert again == team
    assert AuditEvent.objects.filter(event="account.team.create").count() == 1
    before = counts()
    other_area = world.other_person.area
    for kwargs in ({"name": ""}, {"name": "x" * 121}, {"name": "Oost", "areas": [other_area]}):
        with pytest.raises(ApplicationError):
            services.team_create(actor=admin, municipality=world.municipality, **kwargs)
    with pytest.raises(ApplicationError):
        services.team_set_areas(actor=admin, team=team, areas=[other_area])
    assert counts() == before
    services.team_set_areas(actor=admin, team=team, areas=[world.village_a, world.village_b])
    assert team.areas.count() == 2
    assert AuditEvent.objects.get(event="account.team.areas").fields == ["areas"]


def test_invitation_url_uses_the_public_url(settings):
    settings.ZORGZAAM_PUBLIC_URL = "https://zorgzaam.gouda.nl"
    assert services.invitation_url("abc") == "https://zorgzaam.gouda.nl/account/invitation/abc/"
