"""The volunteer app in Chromium: a valid manifest, the service worker, Mijn taken without a
connection, and a push message shown as a notification (delivered through the DevTools
protocol to the registered worker, as a push service would)."""

import json
import time

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.common.testing import PASSWORD, PersonFactory, make_world
from zorgzaam.help import services

from .conftest import ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _wait_for(page, script: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script)
        if value or time.monotonic() > deadline:
            return value
        page.wait_for_timeout(200)


def test_volunteer_app_installs_works_offline_and_shows_push(page, context, live_server, shot):
    world = make_world()
    user = world.users[Role.VOLUNTEER]
    person = PersonFactory(
        municipality=world.municipality,
        postcode_area=world.person_a.postcode_area,
        area=world.village_a,
        given_name="Karim",
        user=user,
    )
    services.volunteer_profile_save(person=person, skills=["shopping"], languages=["nl"])
    base = live_server.url
    context.grant_permissions(["notifications"], origin=base)
    page.set_viewport_size(PHONE)
    ui_login(page, base, user.username, PASSWORD)
    page.goto(f"{base}/help/tasks/")

    # The manifest: linked, valid, Dutch, starting at Mijn taken, icons reachable
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    response = page.request.get(f"{base}{href}")
    assert response.ok
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.text())
    assert (manifest["name"], manifest["lang"], manifest["display"]) == (
        "Zorgzaam",
        "nl",
        "standalone",
    )
    assert manifest["start_url"] == "/help/tasks/"
    assert {"any", "maskable"} <= {icon["purpose"] for icon in manifest["icons"]}
    for icon in manifest["icons"]:
        image = page.request.get(f"{base}{icon['src']}")
        assert image.ok and image.headers["content-type"] == "image/png", icon

    # The service worker is registered for the whole site and takes over the page
    state = page.evaluate(
        "navigator.serviceWorker.ready.then(r => [r.scope, r.active && r.active.state])"
    )
    assert state == [f"{base}/", "activated"]
    page.reload()
    assert _wait_for(page, "Boolean(navigator.serviceWorker.controller)")
    kept = _wait_for(
        page,
        "caches.open('zorgzaam-pages').then(c => c.match(location.href)).then(r => Boolean(r))",
    )
    assert kept, "Mijn taken was not kept for offline use"
    controls = page.get_by_role("region", name="Zorgzaam op uw telefoon")
    assert controls.is_visible()
    assert page.get_by_role("button", name="Pushberichten aanzetten").is_visible()
    shot("pwa-mijn-taken-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot("pwa-mijn-taken-desktop")
    page.set_viewport_size(PHONE)

    # Without a connection: Mijn taken is still there; a page never opened says so
    context.set_offline(True)
    page.reload()
    assert page.get_by_role("heading", level=1, name="Taken voor mij").is_visible()
    shot("pwa-mijn-taken-offline-phone")
    page.goto(f"{base}/help/volunteer/profile/")
    assert page.get_by_role("heading", level=1, name="Geen verbinding").is_visible()
    context.set_offline(False)
    page.goto(f"{base}/help/tasks/")

    # A push message delivered to the registered worker is shown as a notification
    cdp = context.new_cdp_session(page)
    registrations: list[str] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(
            r["registrationId"] for r in event["registrations"] if not r.get("isDeleted")
        ),
    )
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while not registrations and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert registrations
    payload = {"title": "Nieuwe taak", "body": "Boodschappen", "url": "/help/tasks/", "tag": "t1"}
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": base, "registrationId": registrations[0], "data": json.dumps(payload)},
    )
    shown = _wait_for(
        page,
        "navigator.serviceWorker.ready.then(r => r.getNotifications())"
        ".then(ns => ns.map(n => [n.title, n.body, n.tag, n.data.url]))",
    )
    assert shown == [["Nieuwe taak", "Boodschappen", "t1", "/help/tasks/"]]

    # The session ends (expiry, idle timeout): sent to the login page, the worker forgets
    # the kept pages, so a task's address does not stay on the phone
    context.clear_cookies()
    page.goto(f"{base}/help/tasks/")
    page.wait_for_url("**/account/login/**")
    forgotten = _wait_for(
        page,
        "caches.open('zorgzaam-pages').then(c => c.keys()).then(keys => keys.length === 0)",
    )
    assert forgotten, "kept pages stayed on the device after the session ended"


def test_accept_made_offline_is_sent_once_back_online_and_a_conflict_is_shown(
    page, context, live_server, shot
):
    from zorgzaam.common.testing import UserFactory
    from zorgzaam.help.models import Proposal
    from zorgzaam.help.pool import pool_forget

    pool_forget()
    world = make_world()
    profiles = []
    for name, user in (
        ("Karim", world.users[Role.VOLUNTEER]),
        ("Fenna", UserFactory(role=Role.VOLUNTEER, municipality=world.municipality)),
    ):
        person = PersonFactory(
            municipality=world.municipality,
            postcode_area=world.person_a.postcode_area,
            area=world.village_a,
            given_name=name,
            user=user,
        )
        profiles.append(
            services.volunteer_profile_save(
                person=person, skills=["shopping"], languages=["nl"], radius_km=8
            )
        )
    request = services.help_request_create(
        municipality=world.municipality,
        requester=world.person_a,
        skill="shopping",
        description="Boodschappen doen bij de supermarkt",
        address="Kerkstraat 12",
        phone="06-98765432",
    )
    coordinator = world.users[Role.HUB_COORDINATOR]
    mine, theirs = (
        services.help_request_propose(help_request=request, volunteer=p, actor=coordinator)
        for p in profiles
    )
    base = live_server.url
    page.set_viewport_size(PHONE)
    ui_login(page, base, world.users[Role.VOLUNTEER].username, PASSWORD)
    page.goto(f"{base}/help/tasks/{mine.public_id}/")

    context.set_offline(True)
    page.get_by_role("button", name="Ja, ik help").click()
    assert page.get_by_text("U bent offline.").is_visible()
    assert page.evaluate("JSON.parse(localStorage.getItem('zorgzaam-queue')).length") == 1
    # meanwhile the other volunteer takes the task
    services.proposal_accept(proposal=theirs, actor=theirs.volunteer.person.user)
    context.set_offline(False)
    conflict = page.locator(".alert-error", has_text="Niet gelukt")
    conflict.wait_for()
    assert "Iemand anders heeft deze taak al" in conflict.inner_text()
    assert not page.get_by_text("U bent offline.").is_visible()
    assert page.evaluate("localStorage.getItem('zorgzaam-queue')") is None
    shot("pwa-offline-accept-conflict-phone")
    mine.refresh_from_db()
    assert mine.status == Proposal.Status.WITHDRAWN  # withdrawn when the other accepted
    request.refresh_from_db()
    assert request.volunteer_id == profiles[1].pk
