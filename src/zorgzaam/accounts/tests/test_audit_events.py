"""Sign-out, the second factor passed and reading the audit log are each written to the log
(issue #16: every audit event named in a test)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django_otp.oath import totp

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import PASSWORD, give_totp, login

pytestmark = pytest.mark.django_db


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0, AXES_ENABLED=False)
def test_second_factor_and_logout_are_audited(client, world):
    user = world.users[Role.ADMINISTRATOR]
    device = give_totp(user)
    client.post("/account/login/", {"username": user.username, "password": PASSWORD})
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    assert client.post("/account/2fa/", {"token": code}).status_code == 302
    passed = AuditEvent.objects.get(event="auth.otp_verified")
    assert (passed.actor_id, passed.target_id) == (user.public_id, str(user.public_id))
    assert passed.outcome == AuditEvent.Outcome.ALLOWED
    client.post("/account/logout/")
    out = AuditEvent.objects.get(event="auth.logout")
    assert out.actor_id == user.public_id


def test_reading_the_audit_log_is_audited(client, world):
    admin = world.users[Role.ADMINISTRATOR]
    login(client, admin)
    assert client.get("/audit/").status_code == 200
    line = AuditEvent.objects.get(event="audit.view")
    assert (line.actor_id, line.municipality_code) == (admin.public_id, world.municipality.code)
