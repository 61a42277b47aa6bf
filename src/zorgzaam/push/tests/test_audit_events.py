"""The audit row of turning push messages off, through the service (#16)."""

from __future__ import annotations

import pytest

from zorgzaam.audit.tests.rows import assert_no_personal_data, audit_row, last_pk
from zorgzaam.push import services
from zorgzaam.push.tests.pushserver import PushServer

pytestmark = pytest.mark.django_db


def test_unsubscribe_is_audited_with_ids_only(world):
    user = world.users["volunteer"]
    with PushServer() as push:
        sub = services.subscription_save(user=user, info=push.subscription("phone"))
    since = last_pk()
    assert services.subscription_delete(user=user, endpoint=sub.endpoint) == 1
    row = audit_row("push.unsubscribe", actor=user, municipality=world.municipality, since=since)
    assert row.target_id == str(sub.public_id)
    assert_no_personal_data(row, sub.endpoint, sub.p256dh, sub.auth, user.username)
