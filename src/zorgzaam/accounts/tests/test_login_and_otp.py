import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import PASSWORD, give_totp

pytestmark = pytest.mark.django_db


def code(device):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_professional_enrols_a_second_factor_then_sees_people(client, world):
    user = world.users["professional"]
    assert (
        client.post(
            "/account/login/", {"username": user.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    response = client.get("/people/")
    assert response.status_code == 302 and "/account/2fa/" in response["Location"]
    page = client.get("/account/2fa/?next=/people/")
    assert page.status_code == 200 and page.context["enrolling"]
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post("/account/2fa/", {"token": "000000", "next": "/people/"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert AuditEvent.objects.filter(event="auth.otp_failed").exists()
    ok = client.post("/account/2fa/", {"token": code(device), "next": "/people/"})
    assert ok.status_code == 302 and ok["Location"] == "/people/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/people/").status_code == 200
    assert AuditEvent.objects.filter(event="auth.otp_enrolled").exists()


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_confirmed_device_is_asked_for_its_code(client, world):
    user = world.users["administrator"]
    device = give_totp(user)
    client.post("/account/login/", {"username": user.username, "password": PASSWORD})
    page = client.get("/account/2fa/")
    assert not page.context["enrolling"]
    assert client.post("/account/2fa/", {"token": "12ab"}).context["form"].errors
    ok = client.post("/account/2fa/", {"token": code(device), "next": "https://evil.example/"})
    assert ok["Location"] == "/home/"  # no open redirect


def test_roles_without_person_data_need_no_second_factor(client, world):
    user = world.users["volunteer"]
    client.post("/account/login/", {"username": user.username, "password": PASSWORD})
    assert client.get("/home/").status_code == 200
    assert client.get("/account/2fa/").status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_login_attempts_are_throttled(client, world):
    user = world.users["resident"]
    for _ in range(3):
        client.post("/account/login/", {"username": user.username, "password": "nope"})
    locked = client.post("/account/login/", {"username": user.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(PROFESSIONAL_IDLE_TIMEOUT_MINUTES=0)
def test_idle_professional_is_logged_out(client, world):
    import time

    from zorgzaam.common.testing import login

    login(client, world.users["professional"])
    session = client.session
    session["zorgzaam_last_seen"] = int(time.time()) - 120
    session.save()
    response = client.get("/people/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]
