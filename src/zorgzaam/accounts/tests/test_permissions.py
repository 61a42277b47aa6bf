"""Deny by default: every URL declares its access rule, and every role x URL behaves so."""

import pytest

from zorgzaam.accounts.roles import ROLE_CAPABILITIES, Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import login
from zorgzaam.common.urlwalk import routes

ROUTES = routes()


def test_every_view_declares_an_access_rule():
    assert ROUTES, "no routes found"
    names = {r.name for r in ROUTES}
    assert {"people:detail", "audit:list", "web:home", "web:landing"} <= names


def test_person_level_pages_need_a_second_factor():
    for route in ROUTES:
        if route.name.startswith(("people:", "audit:")) or route.name in {
            "socialmap:hub-council",  # residents' full names and e-mail addresses
            "socialmap:hub-council-remove",
        }:
            assert route.access is not None and route.access.person_level, route.pattern


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if not r.public], ids=lambda r: r.pattern)
def test_anonymous_is_sent_to_login(client, route):
    response = client.get(route.sample_url())
    assert response.status_code in (302, 401, 403), route.pattern
    if response.status_code == 302:
        assert response["Location"].startswith("/account/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_every_url_for_every_role(client, world, role):
    user = world.users[role]
    login(client, user)
    for route in ROUTES:
        if route.public:
            continue
        last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.get(route.sample_url(), follow=False)
        allowed = route.access.capability in ROLE_CAPABILITIES[role]
        if allowed:
            assert response.status_code != 403, (role, route.pattern)
        else:
            assert response.status_code == 403, (role, route.pattern, response.status_code)
            # exactly this refusal is in the audit log: who, which URL, which capability
            denials = AuditEvent.objects.filter(pk__gt=last, event="access.denied")
            assert [
                (d.actor_id, d.actor_role, d.outcome, d.target_id, d.reason) for d in denials
            ] == [
                (
                    user.public_id,
                    role,
                    AuditEvent.Outcome.DENIED,
                    route.sample_url()[:64],
                    f"role lacks {route.access.capability}",
                )
            ], (role, route.pattern)
            assert denials.get().target_type in {"url", "api"}, (role, route.pattern)


@pytest.mark.django_db
def test_user_without_municipality_can_do_nothing(client, world):
    from zorgzaam.common.testing import UserFactory

    stray = UserFactory(role=Role.PROFESSIONAL, municipality=None)
    login(client, stray)
    assert client.get("/home/").status_code == 403
    assert client.get("/people/").status_code == 403
