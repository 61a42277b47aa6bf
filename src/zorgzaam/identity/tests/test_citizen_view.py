"""A resident's own DigiD page is audited (identity.citizen_view) without the number."""

from __future__ import annotations

import pytest
from django.utils import timezone

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import login
from zorgzaam.identity.assurance import SESSION_KEY
from zorgzaam.identity.models import CitizenIdentity

pytestmark = pytest.mark.django_db


def test_own_digid_page_is_audited_without_the_number(client, world):
    user = world.users[Role.RESIDENT]
    identity = CitizenIdentity.objects.create(
        municipality=world.municipality,
        kind=CitizenIdentity.Kind.DIGID,
        identifier="111222333",
        user=user,
        level="midden",
        consented_at=timezone.now(),
    )
    login(client, user)
    session = client.session
    session[SESSION_KEY] = {"provider": "digid", "method": "digid", "level": "midden"}
    session.save()
    response = client.get("/account/oidc/me/")
    assert response.status_code == 200
    assert "111222333" not in response.content.decode()
    line = AuditEvent.objects.get(event="identity.citizen_view")
    assert (line.actor_id, line.target_id) == (user.public_id, str(identity.public_id))
    assert "111222333" not in str(line.__dict__)
