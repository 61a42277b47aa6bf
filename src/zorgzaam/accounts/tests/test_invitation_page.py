"""The invitation page: set a password, be logged in, enrol a second factor first."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from zorgzaam.accounts import services
from zorgzaam.accounts.models import Invitation
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.errors import ApplicationError

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Lange-wandeling-langs-de-Gouwe-7"


def invite(world, role=Role.PROFESSIONAL, username="nieuw"):
    return services.user_invite(
        actor=None,
        username=username,
        role=role,
        municipality=world.municipality,
        email=f"{username}@example.nl",
        teams=[world.team_a] if role == Role.PROFESSIONAL else [],
    )


def test_page_shows_who_is_invited_in_dutch(client, world):
    _, token = invite(world)
    page = client.get(f"/account/invitation/{token}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "nieuw" in html and world.municipality.name in html
    assert "Nieuw wachtwoord" in html and html.count("<h1") == 1
    assert 'autocomplete="new-password"' in html
    assert "no-cache" in page["Cache-Control"]


def test_professional_sets_password_then_must_enrol_before_seeing_people(client, world):
    user, token = invite(world)
    response = client.post(
        f"/account/invitation/{token}/",
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/2fa/?next=%2Fhome%2F"
    assert client.get("/people/").status_code == 302  # to the second factor, not the list
    enrol = client.get(response["Location"])
    assert enrol.context["enrolling"]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    done = client.post("/account/2fa/", {"token": code, "next": "/home/"})
    assert done.status_code == 302 and done["Location"] == "/home/"
    assert client.get("/home/").status_code == 200
    assert client.get("/people/").status_code == 200
    events = set(AuditEvent.objects.filter(actor_id=user.public_id).values_list("event", flat=True))
    assert {"account.invitation.accept", "auth.login", "auth.otp_enrolled"} <= events
    # The link is spent.
    again = client.get(f"/account/invitation/{token}/")
    assert again.status_code == 410 and "al gebruikt" in again.content.decode()


def test_volunteer_goes_straight_home(client, world):
    _, token = invite(world, role=Role.VOLUNTEER, username="vrijwilliger")
    response = client.post(
        f"/account/invitation/{token}/",
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/home/"


@pytest.mark.parametrize(
    ("password", "again", "words"),
    [
        ("12345678", "12345678", "te algemeen"),
        ("kort", "kort", "te kort"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "verschillen"),
        ("", "", "vereist"),
    ],
)
def test_bad_password_shows_the_error_and_changes_nothing(client, world, password, again, words):
    user, token = invite(world)
    page = client.post(
        f"/account/invitation/{token}/", {"password": password, "password_again": again}
    )
    assert page.status_code == 200
    assert words in page.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert Invitation.objects.get(user=user).accepted_at is None
    assert "_auth_user_id" not in client.session


def test_unknown_link_is_404_and_says_what_to_do(client, world):
    page = client.get("/account/invitation/dit-is-geen-token/")
    assert page.status_code == 404
    html = page.content.decode()
    assert "vraag uw beheerder om een nieuwe uitnodiging" in html.lower()
    post = client.post(
        "/account/invitation/dit-is-geen-token/",
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert post.status_code == 404


def test_expired_or_withdrawn_link_is_410(client, world):
    user, token = invite(world)
    Invitation.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(minutes=1))
    page = client.get(f"/account/invitation/{token}/")
    assert page.status_code == 410 and "verlopen" in page.content.decode()
    new_token = services.invitation_renew(actor=None, user=user)
    services.invitation_renew(actor=None, user=user)
    page = client.post(
        f"/account/invitation/{new_token}/",
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert page.status_code == 410 and "ingetrokken" in page.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_municipality_without_local_passwords_sends_the_invited_to_its_provider(
    client, world, settings
):
    settings.ZORGZAAM_OIDC = {
        "providers": {
            "idp": {
                "municipality": world.municipality.code,
                "issuer": "http://127.0.0.1:9/",
                "client_id": "zorgzaam",
                "client_secret": "x",
            }
        },
        "municipalities": {world.municipality.code: {"local_passwords": False}},
    }
    user, token = invite(world)
    page = client.get(f"/account/invitation/{token}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'type="password"' not in html and "/account/login/" in html
    # A password posted anyway is not set, and the invitation stays open.
    client.post(
        f"/account/invitation/{token}/",
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert Invitation.objects.get(user=user).accepted_at is None
    with pytest.raises(ApplicationError):
        services.invitation_accept(token=token, password=NEW_PASSWORD)
