"""Screens: privacy of the volunteer's view, the public form's anti-spam, the coordinator's
proposals with reasons, and object-level access."""

import uuid

import pytest
from django.core.cache import cache
from django.utils.html import escape

from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import login
from zorgzaam.help import services
from zorgzaam.help.models import HelpRequest, Proposal

from .factories import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _offer(helpworld, **kw):
    req = make_request(helpworld.world, address="Kerkstraat 12", phone="06-98765432", **kw)
    proposal = services.help_request_propose(
        help_request=req, volunteer=helpworld.profile, actor=helpworld.coordinator
    )
    return req, proposal


def test_volunteer_sees_address_and_phone_only_after_accepting(client, helpworld):
    req, proposal = _offer(helpworld)
    login(client, helpworld.volunteer)
    page = client.get(f"/help/tasks/{proposal.public_id}/").content.decode()
    assert "Kerkstraat" not in page and "06-98765432" not in page
    assert helpworld.world.person_a.family_name not in page
    assert helpworld.world.village_a.name in page and req.postcode_area.pc4 in page
    assert not AuditEvent.objects.filter(event="help.contact.view").exists()
    listing = client.get("/help/tasks/").content.decode()
    assert "Kerkstraat" not in listing
    response = client.post(f"/help/tasks/{proposal.public_id}/accept/")
    assert response.status_code == 302
    page = client.get(f"/help/tasks/{proposal.public_id}/").content.decode()
    assert "Kerkstraat 12" in page and "06-98765432" in page
    event = AuditEvent.objects.get(event="help.contact.view")
    assert event.subject_id == helpworld.world.person_a.public_id
    assert event.fields == ["address", "phone"]


def test_another_volunteer_cannot_open_the_task(client, helpworld):
    _, proposal = _offer(helpworld)
    other_user = helpworld.other.person.user
    login(client, other_user)
    assert client.get(f"/help/tasks/{proposal.public_id}/").status_code == 403
    assert client.post(f"/help/tasks/{proposal.public_id}/accept/").status_code == 403
    assert AuditEvent.objects.filter(event="access.denied", actor_id=other_user.public_id).exists()
    assert client.get(f"/help/tasks/{uuid.uuid4()}/").status_code == 404


def test_decline_with_reason(client, helpworld):
    req, proposal = _offer(helpworld)
    login(client, helpworld.volunteer)
    client.post(f"/help/tasks/{proposal.public_id}/decline/", {"reason": "too_far"})
    proposal.refresh_from_db()
    assert proposal.status == "declined" and proposal.decline_reason == "too_far"
    req.refresh_from_db()
    assert req.status == "new"


def test_taken_task_shows_a_clear_message(client, helpworld):
    req, proposal = _offer(helpworld)
    other = services.help_request_propose(help_request=req, volunteer=helpworld.other, actor=None)
    services.proposal_accept(proposal=other, actor=None)
    login(client, helpworld.volunteer)
    response = client.post(f"/help/tasks/{proposal.public_id}/accept/", follow=True)
    assert "al genomen" in response.content.decode()
    assert "Kerkstraat" not in response.content.decode()


PUBLIC = {
    "given_name": "Ans",
    "family_name": "de Wit",
    "phone": "06-12312312",
    "postcode": "",
    "street_address": "Molenweg 3",
    "skill": "transport",
    "description": "Vervoer naar het ziekenhuis",
    "language": "nl",
    "part": "",
    "day": "",
    "website": "",
}


def test_public_form_stores_a_request_without_an_account(client, helpworld):
    data = {**PUBLIC, "postcode": helpworld.world.person_a.postcode}
    response = client.post("/help/ask/", data)
    assert response.status_code == 302 and response["Location"] == "/help/ask/thanks/"
    req = HelpRequest.objects.get(skill="transport")
    assert req.submitted_via == "public_form" and req.requester.user is None
    assert req.address == "Molenweg 3"


def test_public_form_honeypot_stores_nothing(client, helpworld):
    data = {**PUBLIC, "postcode": helpworld.world.person_a.postcode, "website": "http://spam"}
    response = client.post("/help/ask/", data)
    assert response.status_code == 302
    assert not HelpRequest.objects.exists()


@pytest.fixture
def fresh_limits():

    cache.clear()
    yield
    cache.clear()


def test_public_form_limits_one_person_not_a_shared_computer(client, helpworld, fresh_limits):
    """A hub's computer sends the requests of many residents; one person (postcode + phone)
    is held to three an hour (#18)."""
    postcode = helpworld.world.person_a.postcode
    for n in range(8):  # eight residents at the hub's computer
        data = {**PUBLIC, "postcode": postcode, "phone": f"0172 61 23 {n:02d}"}
        assert client.post("/help/ask/", data).status_code == 302
    same = {**PUBLIC, "postcode": postcode, "phone": "06 1234 5678"}
    for _ in range(3):
        assert client.post("/help/ask/", same).status_code == 302
    # Spelled otherwise, still the same person: refused, nothing written, a Dutch message.
    response = client.post("/help/ask/", {**same, "phone": "06-12345678"})
    assert response.status_code == 429
    assert "al meerdere aanvragen" in response.content.decode()
    assert HelpRequest.objects.count() == 11
    # From another connection too (the limit follows the person).
    other_ip = client.post("/help/ask/", same, REMOTE_ADDR="10.1.2.3")
    assert other_ip.status_code == 429


def test_public_form_has_a_ceiling_per_connection(client, helpworld, fresh_limits, settings):
    settings.HELP_ASK_PER_IP = 4
    postcode = helpworld.world.person_a.postcode
    for n in range(4):
        data = {**PUBLIC, "postcode": postcode, "phone": f"0172 61 23 {n:02d}"}
        assert client.post("/help/ask/", data).status_code == 302
    data = {**PUBLIC, "postcode": postcode, "phone": "0172 61 23 99"}
    response = client.post("/help/ask/", data)
    assert response.status_code == 429
    assert "Te veel aanvragen vanaf deze verbinding" in response.content.decode()
    assert HelpRequest.objects.count() == 4
    assert client.post("/help/ask/", data, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_public_form_shows_clear_errors_and_keeps_input(client, helpworld, fresh_limits):
    data = {**PUBLIC, "postcode": "9999 ZZ"}
    response = client.post("/help/ask/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vervoer naar het ziekenhuis" in page  # nothing lost
    assert not HelpRequest.objects.exists()
    response = client.post("/help/ask/", {**PUBLIC, "postcode": "99999"})
    assert "“99999” is geen Nederlandse postcode" in response.content.decode()
    assert "not a Dutch postcode" not in response.content.decode()


def test_public_form_shows_a_bad_postcode_with_the_other_mistakes_in_one_round(
    client, helpworld, fresh_limits
):
    response = client.post("/help/ask/", {**PUBLIC, "postcode": "99999", "phone": "12ab"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "“99999” is geen Nederlandse postcode" in page
    assert "Vul een Nederlands telefoonnummer in" in page
    assert not HelpRequest.objects.exists()


@pytest.mark.parametrize(
    "phone", ["12ab", "123", "0172", "06-123", "+44 20 7946 0958", "1234567890"]
)
def test_public_form_refuses_an_implausible_phone_number(client, helpworld, fresh_limits, phone):
    data = {**PUBLIC, "postcode": helpworld.world.person_a.postcode, "phone": phone}
    response = client.post("/help/ask/", data)
    assert response.status_code == 200
    assert "Vul een Nederlands telefoonnummer in" in response.content.decode()
    assert not HelpRequest.objects.exists()


@pytest.mark.parametrize(
    "phone", ["0172 123 456", "06-12345678", "+31 6 1234 5678", "(0172) 61 23 45"]
)
def test_public_form_accepts_dutch_phone_numbers(client, helpworld, fresh_limits, phone):
    data = {**PUBLIC, "postcode": helpworld.world.person_a.postcode, "phone": phone}
    assert client.post("/help/ask/", data).status_code == 302


def test_coordinator_sees_proposals_with_reasons_and_proposes(client, helpworld):
    req = make_request(helpworld.world)
    login(client, helpworld.coordinator)
    page = client.get(f"/help/coordinate/village/{helpworld.world.village_a.public_id}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert escape(helpworld.profile.person.full_name) in text
    assert "km" in text and "spreekt Arabisch" not in text  # request language is Dutch
    response = client.post(
        f"/help/coordinate/requests/{req.public_id}/propose/{helpworld.profile.public_id}/"
    )
    assert response.status_code == 302
    assert Proposal.objects.filter(request=req, volunteer=helpworld.profile).exists()
    client.get(f"/help/coordinate/requests/{req.public_id}/")
    assert AuditEvent.objects.filter(event="help.request.view", target_id=str(req.public_id))


def test_coordinator_phone_entry(client, helpworld):
    login(client, helpworld.coordinator)
    data = {
        **PUBLIC,
        "postcode": helpworld.world.person_a.postcode,
        "urgency": "high",
        "kind": "one_off",
    }
    response = client.post("/help/coordinate/phone/", data)
    assert response.status_code == 302
    req = HelpRequest.objects.get()
    assert req.submitted_via == "phone" and req.submitted_by == helpworld.coordinator
    assert req.urgency == "high"


def test_coordinator_of_another_municipality_gets_403(client, helpworld):
    from zorgzaam.accounts.roles import Role
    from zorgzaam.common.testing import UserFactory

    req = make_request(helpworld.world)
    stranger = UserFactory(
        role=Role.HUB_COORDINATOR, municipality=helpworld.world.other_municipality
    )
    login(client, stranger)
    assert client.get(f"/help/coordinate/requests/{req.public_id}/").status_code == 403


def test_coordinator_blocks_a_pairing(client, helpworld):
    req, proposal = _offer(helpworld)
    login(client, helpworld.coordinator)
    client.post(
        f"/help/coordinate/requests/{req.public_id}/block/{helpworld.profile.public_id}/",
        {"reason": "Zorgen gemeld"},
    )
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"


def test_volunteer_reports_a_concern(client, helpworld):
    req, _ = _offer(helpworld)
    login(client, helpworld.volunteer)
    response = client.post(f"/help/concern/{req.public_id}/", {"text": "Er klopt iets niet"})
    assert response.status_code == 302
    login(client, helpworld.coordinator)
    page = client.get("/help/coordinate/concerns/").content.decode()
    assert "Er klopt iets niet" in page
    assert AuditEvent.objects.filter(event="help.concern.view").exists()


def test_resident_not_involved_cannot_report_on_a_request(client, helpworld):
    req, _ = _offer(helpworld)
    login(client, helpworld.world.users["resident"])
    assert client.get(f"/help/concern/{req.public_id}/").status_code == 403


def test_professional_asks_on_behalf_with_consent(client, helpworld):
    w = helpworld.world
    login(client, w.users["professional"])
    url = f"/help/on-behalf/{w.person_a.public_id}/"
    data = {
        "skill": "company",
        "description": "Bezoekje",
        "language": "nl",
        "urgency": "normal",
        "kind": "one_off",
        "part": "",
        "day": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and not HelpRequest.objects.exists()
    response = client.post(url, {**data, "consent": "on"})
    assert response.status_code == 302
    req = HelpRequest.objects.get()
    assert req.submitted_via == "professional" and req.consent_recorded_at
    # a person outside the professional's team: refused
    assert client.get(f"/help/on-behalf/{w.person_b.public_id}/").status_code == 403


def test_inbox_lists_notifications(client, helpworld):
    _offer(helpworld)
    login(client, helpworld.volunteer)
    page = client.get("/help/inbox/").content.decode()
    assert "buur" in page.lower() or "neighbour" in page.lower()


def test_volunteer_edits_own_profile_and_pauses(client, helpworld):
    login(client, helpworld.volunteer)
    assert client.get("/help/volunteer/profile/").status_code == 200
    data = {
        "skills": ["garden", "shopping"],
        "languages": ["nl"],
        "availability": ["0", "1", "2"],
        "radius_km": "3",
        "max_active_tasks": "1",
        "paused": "on",
        "paused_until": "",
        "preferences": "Liefst buiten",
    }
    response = client.post("/help/volunteer/profile/", data)
    assert response.status_code == 302
    profile = helpworld.profile
    profile.refresh_from_db()
    assert profile.skills == ["garden", "shopping"] and profile.availability == 0b111
    assert profile.paused and profile.vog_status == "valid"  # VOG kept
    from zorgzaam.help.selectors import volunteers_near

    ids = {v.public_id for v in volunteers_near(helpworld.world.municipality, 52.045, 4.73)}
    assert str(profile.public_id) not in ids
    bad = client.post("/help/volunteer/profile/", {**data, "skills": []})
    assert bad.status_code == 200


def test_coordinator_records_a_vog(client, helpworld):
    login(client, helpworld.coordinator)
    url = f"/help/coordinate/volunteers/{helpworld.other.public_id}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"vog_status": "valid", "vog_expires_on": ""})
    assert response.status_code == 200  # a valid VOG needs its expiry date
    response = client.post(url, {"vog_status": "valid", "vog_expires_on": "2030-01-01"})
    assert response.status_code == 302
    helpworld.other.refresh_from_db()
    assert helpworld.other.vog_expires_on.year == 2030
    assert client.get(f"/help/coordinate/volunteers/{uuid.uuid4()}/").status_code == 404


def test_neighbour_asks_on_behalf_only_with_consent(client, helpworld):
    data = {**PUBLIC, "postcode": helpworld.world.person_a.postcode, "for_someone_else": "on"}
    response = client.post("/help/ask/", data)
    assert response.status_code == 200 and not HelpRequest.objects.exists()
    assert "toestemming" in response.content.decode()
    response = client.post("/help/ask/", {**data, "consent": "on"})
    assert response.status_code == 302
    req = HelpRequest.objects.get()
    assert req.submitted_via == "neighbour" and req.consent_recorded_at


def test_coordinator_lists_volunteers_and_expiring_vogs(client, helpworld):
    import datetime as dt

    from django.utils import timezone

    from zorgzaam.help.models import VolunteerProfile

    VolunteerProfile.objects.filter(pk=helpworld.other.pk).update(
        vog_status="valid", vog_expires_on=timezone.localdate() + dt.timedelta(days=10)
    )
    login(client, helpworld.coordinator)
    page = client.get("/help/coordinate/volunteers/").content.decode()
    assert escape(helpworld.profile.person.full_name) in page
    assert escape(helpworld.other.person.full_name) in page
    page = client.get("/help/coordinate/volunteers/?vog=expiring").content.decode()
    assert escape(helpworld.other.person.full_name) in page
    assert escape(helpworld.profile.person.full_name) not in page  # valid for a year


def test_logged_in_resident_is_sent_to_the_short_form(client, helpworld):
    resident = helpworld.world.users["resident"]
    helpworld.world.person_b.user = resident
    helpworld.world.person_b.save()
    login(client, resident)
    response = client.get("/help/ask/")
    assert response["Location"] == "/help/my/new/"
    response = client.post(
        "/help/my/new/",
        {
            "skill": "garden",
            "description": "Heg snoeien",
            "language": "nl",
            "kind": "one_off",
            "part": "",
            "day": "",
        },
    )
    assert response.status_code == 302
    req = HelpRequest.objects.get()
    assert req.requester == helpworld.world.person_b and req.submitted_by == resident
    assert client.get(f"/help/my/{req.public_id}/").status_code == 200
    login(client, helpworld.volunteer)  # a volunteer gets the public form, not a 403
    assert client.get("/help/ask/").status_code == 200


def test_resident_sees_day_status_in_words_and_only_the_helpers_first_name(client, helpworld):
    """#18: the day asked for, the status in words, the volunteer's first name once accepted."""
    import datetime as dt

    from django.utils import timezone

    resident = helpworld.world.users["resident"]
    person = helpworld.world.person_b
    person.user = resident
    person.save()
    day = timezone.localdate() + dt.timedelta(days=3)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    req = make_request(
        helpworld.world,
        requester=person,
        window_start=start,
        window_end=start + dt.timedelta(hours=3),
    )
    login(client, resident)
    page = client.get(f"/help/my/{req.public_id}/").content.decode()
    assert "We zoeken een vrijwilliger" in page
    assert str(day.day) in page and "09:00–12:00" in page
    proposal = services.help_request_propose(
        help_request=req, volunteer=helpworld.profile, actor=helpworld.coordinator
    )
    page = client.get(f"/help/my/{req.public_id}/").content.decode()
    assert "We hebben een vrijwilliger gevraagd" in page
    assert escape(helpworld.profile.person.given_name) not in page  # only offered: no name
    services.proposal_accept(proposal=proposal, actor=None)
    page = client.get(f"/help/my/{req.public_id}/").content.decode()
    assert "Er is een vrijwilliger gevonden" in page
    assert escape(helpworld.profile.person.given_name) in page
    assert escape(helpworld.profile.person.family_name) not in page
    listing = client.get("/help/my/").content.decode()
    assert "Er is een vrijwilliger gevonden" in listing


def test_phone_intake_hints_speak_to_the_coordinator(client, helpworld):
    login(client, helpworld.coordinator)
    page = client.get("/help/coordinate/phone/").content.decode()
    assert "Het nummer waarop de inwoner teruggebeld kan worden" in page
    assert "Een coördinator belt u terug" not in page


def test_check_in_note_says_optional_once():
    from django.template.loader import render_to_string

    from zorgzaam.help.forms import CheckInForm

    html = render_to_string("help/_form_fields.html", {"form": CheckInForm()})
    note = html[html.index('for="id_note"') :]
    note = note[: note.index("</label>")]
    assert note.count("niet verplicht") == 1, note


def test_offer_notification_does_not_send_people_to_an_app(client, helpworld):
    from zorgzaam.help.models import Notification

    _offer(helpworld)
    note = Notification.objects.get(recipient=helpworld.volunteer, kind="proposal.offered")
    assert "Mijn taken" in note.body and "app" not in note.body


def test_check_in_page_names_the_buddy(client, helpworld):
    import datetime as dt

    from django.utils import timezone

    req = make_request(helpworld.world, kind="buddy", recurring=True, slots=0b111)
    proposal = services.help_request_propose(
        help_request=req, volunteer=helpworld.profile, actor=None
    )
    services.proposal_accept(proposal=proposal, actor=None)
    req.refresh_from_db()
    pairing = services.buddy_pairing_start(
        help_request=req,
        actor=helpworld.coordinator,
        start_date=timezone.localdate() - dt.timedelta(weeks=7),
    )
    login(client, helpworld.volunteer)
    page = client.get(f"/help/buddies/{pairing.public_id}/checkin/").content.decode()
    buddy = helpworld.world.person_a
    assert f"Contactmoment: u en {escape(buddy.given_name)}" in page
    assert escape(buddy.family_name) not in page
    assert page.count("niet verplicht") == 1
