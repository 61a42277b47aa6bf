"""Idle logout keeps what was typed: the form's text comes back on the page it was on, after
logging in again and the second factor, for the same account only; never a 405."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from zorgzaam.accounts import drafts
from zorgzaam.common.testing import PASSWORD, login

pytestmark = pytest.mark.django_db

NOTE = "Mevrouw belde over de schuldhulp; afspraak volgende week bij het Huis van Alles."


def _go_idle(client) -> None:
    session = client.session
    session["zorgzaam_last_seen"] = int(time.time()) - 3600
    session.save()


def _post_after_idle(client, user):
    login(client, user)
    _go_idle(client)
    return client.post(
        "/people/",
        {"csrfmiddlewaretoken": "x", "note": NOTE, "password": "hunter2", "otp_token": "123456"},
        HTTP_REFERER="http://testserver/people/?q=jansen",
    )


@override_settings(PROFESSIONAL_IDLE_TIMEOUT_MINUTES=1)
def test_the_draft_comes_back_on_the_page_after_logging_in_again(client, world):
    professional = world.users["professional"]
    response = _post_after_idle(client, professional)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/account/login/"
    query = parse_qs(location.query)
    assert query == {"idle": ["1"], "next": ["/people/?q=jansen"]}
    assert "_auth_user_id" not in client.session
    # Kept encrypted, without the password or the code.
    draft = client.session[drafts.SESSION_KEY]
    assert NOTE not in str(draft) and draft["path"] == "/people/"

    page = client.get(response["Location"]).content.decode()
    assert "niets gedaan" in page  # the login page says why

    # Logging in again (a real password login, then the second factor): back on the page.
    client.post("/account/login/", {"username": professional.username, "password": PASSWORD})
    login(client, professional)  # the second factor, as the test helper passes it
    page = client.get("/people/?q=jansen").content.decode()
    assert "Wat u aan het typen was, is bewaard" in page
    assert "schuldhulp" in page and "hunter2" not in page and "123456" not in page
    assert drafts.SESSION_KEY not in client.session
    # Shown once.
    assert "schuldhulp" not in client.get("/people/").content.decode()


@override_settings(PROFESSIONAL_IDLE_TIMEOUT_MINUTES=1)
def test_someone_else_logging_in_never_sees_the_draft(client, world):
    _post_after_idle(client, world.users["professional"])
    assert drafts.SESSION_KEY in client.session
    other = world.users["team_lead"]
    client.post("/account/login/", {"username": other.username, "password": PASSWORD})
    login(client, other)
    page = client.get("/people/").content.decode()
    assert "schuldhulp" not in page
    assert drafts.SESSION_KEY not in client.session


@override_settings(PROFESSIONAL_IDLE_TIMEOUT_MINUTES=1)
def test_a_post_without_a_referer_goes_to_the_login_without_a_post_only_next(client, world):
    login(client, world.users["professional"])
    _go_idle(client)
    response = client.post("/people/", {"note": NOTE})
    assert parse_qs(urlsplit(response["Location"]).query) == {"idle": ["1"]}
    assert drafts.SESSION_KEY not in client.session  # nowhere to offer it again


@override_settings(PROFESSIONAL_IDLE_TIMEOUT_MINUTES=1)
def test_a_foreign_referer_is_not_a_place_to_return_to(client, world):
    login(client, world.users["professional"])
    _go_idle(client)
    response = client.post("/people/", {"note": NOTE}, HTTP_REFERER="https://evil.example/x")
    assert "next" not in parse_qs(urlsplit(response["Location"]).query)
