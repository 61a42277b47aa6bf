"""``sync_groups``: a staff member's role and teams follow the provider's groups at every
sign-in (each change audited); without it Zorgzaam's own administration keeps them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from zorgzaam.accounts.models import TeamMembership
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.identity import config
from zorgzaam.identity.models import ProviderIdentity
from zorgzaam.identity.services import SignInRefused, staff_user_for_claims

pytestmark = pytest.mark.django_db


def _provider(code: str, **extra) -> config.Provider:
    raw = {
        "municipality": code,
        "issuer": "https://idp.example/realms/z",
        "client_id": "zorgzaam",
        "client_secret": "x",
        "groups": {
            "zz-prof": {"role": "professional"},
            "zz-lead": {"role": "team_lead"},
            "zz-policy": {"role": "policy_officer"},
            "noord": {"teams": ["Team Noord"]},
            "zuid": {"teams": ["Team Zuid"]},
        },
        **extra,
    }
    return config.parse({"providers": {"z": raw}}).providers["z"]


def _teams(user) -> set[str]:
    return set(TeamMembership.objects.filter(user=user).values_list("team__name", flat=True))


def test_sign_in_applies_role_and_teams_from_the_groups(world):
    provider = _provider(world.municipality.code, sync_groups=True)
    user = world.users[Role.PROFESSIONAL]
    assert _teams(user) == {"Team Noord"}
    claims = {"sub": "s-1", "preferred_username": user.username, "groups": ["zz-prof", "zuid"]}

    assert staff_user_for_claims(provider=provider, claims=claims) == user
    assert _teams(user) == {"Team Zuid"}
    line = AuditEvent.objects.get(event="identity.groups_applied")
    assert line.fields == ["teams"] and line.reason == "provider=z"

    # Promoted at the provider: team lead of both teams, found by the remembered subject.
    claims["groups"] = ["zz-lead", "noord", "zuid"]
    staff_user_for_claims(provider=provider, claims=claims)
    user.refresh_from_db()
    assert user.role == Role.TEAM_LEAD
    assert _teams(user) == {"Team Noord", "Team Zuid"}
    assert TeamMembership.objects.filter(user=user, is_lead=False).count() == 0
    assert AuditEvent.objects.filter(event="account.user.role").count() == 1

    # Unchanged groups: nothing changes, nothing is written.
    before = AuditEvent.objects.count()
    staff_user_for_claims(provider=provider, claims=claims)
    assert AuditEvent.objects.count() == before

    # Moved to a role without teams: the memberships end.
    claims["groups"] = ["zz-policy", "noord"]
    staff_user_for_claims(provider=provider, claims=claims)
    user.refresh_from_db()
    assert user.role == Role.POLICY_OFFICER and _teams(user) == set()


def test_no_role_from_the_groups_any_more_is_refused(world):
    provider = _provider(world.municipality.code, sync_groups=True)
    user = world.users[Role.PROFESSIONAL]
    claims = {"sub": "s-2", "preferred_username": user.username, "groups": ["noord"]}
    with pytest.raises(SignInRefused) as refused:
        staff_user_for_claims(provider=provider, claims=claims)
    assert refused.value.code == "unknown_group"
    user.refresh_from_db()
    assert user.role == Role.PROFESSIONAL and _teams(user) == {"Team Noord"}
    # Refused inside the transaction: no link to the provider was kept either.
    assert not ProviderIdentity.objects.filter(user=user).exists()


def test_without_sync_groups_zorgzaam_keeps_role_and_teams(world):
    provider = _provider(world.municipality.code)
    user = world.users[Role.PROFESSIONAL]
    claims = {"sub": "s-3", "preferred_username": user.username, "groups": ["zz-lead", "zuid"]}
    staff_user_for_claims(provider=provider, claims=claims)
    user.refresh_from_db()
    assert user.role == Role.PROFESSIONAL and _teams(user) == {"Team Noord"}
    assert not AuditEvent.objects.filter(event="identity.groups_applied").exists()


def test_a_group_naming_a_missing_team_is_a_configuration_refusal(world):
    provider = _provider(
        world.municipality.code,
        sync_groups=True,
        groups={"zz-prof": {"role": "professional", "teams": ["Team Oost"]}},
    )
    user = world.users[Role.PROFESSIONAL]
    claims = {"sub": "s-4", "preferred_username": user.username, "groups": ["zz-prof"]}
    with pytest.raises(SignInRefused) as refused:
        staff_user_for_claims(provider=provider, claims=claims)
    assert refused.value.code == "configuration"
    assert _teams(user) == {"Team Noord"}


@pytest.mark.parametrize("extra", [{"kind": "digid"}, {"groups": {}}])
def test_sync_groups_needs_a_staff_provider_with_groups(extra):
    with pytest.raises(ImproperlyConfigured, match="sync_groups"):
        _provider("GM0513", sync_groups=True, **extra)
