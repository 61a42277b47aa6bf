"""Journeys of #18 in a real browser, at phone (390 x 844) and desktop (1280 px) size, on the
demo, with screenshots in test-artifacts/: a resident finds the Huis van Alles of a map item,
its phone number, address and opening hours (schedules in words), and signs up for an
activity; a resident asks for help (clear Dutch errors; the date, the status in words and the
helper's first name once accepted); a buddy checks in; a coordinator finds any eligible
volunteer by name or kind of help (the top ten first), compares candidates and proposes, and
the volunteer accepts, records the hours and finds them in Mijn uren; a coordinator edits an
activity, sees who signed up and cancels it (everyone told); a professional finds a resident
by name, postcode or date of birth (or name and postcode in one search), asks help for them,
and sees their own caseload first; a resident tells a story and watches it being
de-identified until the text to check appears, without reloading (with and without
JavaScript)."""

import pytest

from zorgzaam.common.demo import DEMO_PASSWORD
from zorgzaam.common.testing import PASSWORD, UserFactory

from .conftest import ARTIFACTS, ui_login
from .test_socialmap import demo_map  # noqa: F401 - the demo social map and hubs
from .test_stories import deidentifier  # noqa: F401 - built once, never inside a request

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
RAW_RULES = ("FREQ=", "BYDAY", " TU ", " FR ", "MO,TU")


def _no_raw_rules(page) -> None:
    text = page.locator("main").inner_text()
    assert not any(raw in text for raw in RAW_RULES), text


@pytest.mark.parametrize("size", VIEWPORTS)
def test_resident_finds_hub_from_map_and_signs_up(
    page,
    browser,
    live_server,
    shot,
    demo_map,  # noqa: F811
    size,
):
    from zorgzaam.socialmap.models import Hub

    page.set_viewport_size(VIEWPORTS[size])
    # The landing page leads to the hubs, with each hub's phone number.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Vind uw Huis van Alles").click()
    assert page.locator("h1").inner_text() == "Huizen van Alles"
    waarder = page.locator(".card").filter(has_text="Huis van Alles Waarder")
    assert "Telefoon: 0172 52" in waarder.inner_text()
    shot(f"journey-hubs-{size}")

    # From a map item to its Huis van Alles.
    page.goto(f"{live_server.url}/map/")
    assert page.get_by_role("link", name="Het Huis van Alles van elk dorp").is_visible()
    page.get_by_label("Waar zoekt u naar?").fill("koffieochtend")
    page.get_by_label("Postcode").fill("3466")
    page.get_by_role("button", name="Zoek", exact=True).click()
    page.locator(".result-list li h3 a", has_text="Huis van Alles Waarder").first.click()
    assert page.locator("h1").inner_text() == "Koffieochtend in het Huis van Alles Waarder"
    assert "elke dinsdag 10:00–12:00" in page.locator("main").inner_text()
    _no_raw_rules(page)
    shot(f"journey-map-item-{size}")
    page.get_by_role("link", name="Naar Huis van Alles Waarder").click()

    # The hub page: phone, address and opening hours in words.
    assert page.locator("h1").inner_text() == "Huis van Alles Waarder"
    facts = page.locator("dl.facts").inner_text()
    assert "Telefoon" in facts and "0172 52" in facts
    assert "Adres" in facts and "Waarder" in facts
    assert "elke maandag t/m vrijdag 09:00–17:00" in facts
    phone = page.locator("dl.facts a[href^='tel:']")
    assert phone.get_attribute("href").startswith("tel:017252")
    _no_raw_rules(page)
    shot(f"journey-hub-{size}")
    hub = Hub.objects.get(area__name="Waarder")

    # A resident logs in, finds the hubs from the home page and signs up.
    resident = UserFactory(
        username=f"resident-{size}",
        role="resident",
        municipality=demo_map.municipality,
        first_name="Ans",
        last_name="de Vries",
    )
    ui_login(page, live_server.url, resident.username, PASSWORD)
    page.goto(f"{live_server.url}/home/")
    page.get_by_role("link", name="Vind uw Huis van Alles").click()
    page.get_by_role("link", name="Huis van Alles Waarder").click()
    assert page.url.endswith(f"/hubs/{hub.public_id}/")
    page.locator(".programme li").filter(has_text="Koffieochtend").first.get_by_role(
        "button", name="Aanmelden"
    ).click()
    assert page.get_by_text("U bent aangemeld. Tot dan!").is_visible()
    shot(f"journey-hub-signed-up-{size}")

    # The hub's coordinator sees who signed up, changes the activity and cancels it: the
    # resident is told.
    _coordinator_edits_and_cancels(browser, live_server, demo_map, hub, resident, size)


def _coordinator_edits_and_cancels(browser, live_server, demo_map, hub, resident, size):  # noqa: F811
    from zorgzaam.common.testing import give_totp
    from zorgzaam.help.models import Notification
    from zorgzaam.socialmap.models import Activity

    context = browser.new_context(locale="nl-NL", viewport=VIEWPORTS[size])
    page = context.new_page()
    coordinator = demo_map.coordinator
    ui_login(page, live_server.url, coordinator.username, PASSWORD, give_totp(coordinator))
    page.goto(f"{live_server.url}/hubs/{hub.public_id}/proposals/")
    page.get_by_role("link", name="Koffieochtend").first.click()
    assert page.locator("h1").inner_text() == "Koffieochtend"
    signed_up = page.locator("table").first
    assert signed_up.get_by_text(resident.get_full_name()).is_visible()
    _shot(page, f"journey-activity-signups-{size}")
    activity = Activity.objects.get(hub=hub, title="Koffieochtend")
    page.get_by_label("Plaatsen").fill("30")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    assert page.get_by_text("De activiteit is gewijzigd.").is_visible()
    activity.refresh_from_db()
    assert activity.capacity == 30
    page.get_by_label("Ja, annuleer deze activiteit").check()
    page.get_by_role("button", name="Activiteit annuleren").click()
    assert page.get_by_text("krijgen bericht").first.is_visible()
    _shot(page, f"journey-activity-cancelled-{size}")
    assert Notification.objects.filter(kind="activity_cancelled", recipient=resident).exists()
    context.close()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_resident_asks_for_help_with_clear_dutch_errors(page, live_server, shot, demo_map, size):  # noqa: F811
    page.set_viewport_size(VIEWPORTS[size])
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Hulp vragen zonder account").click()
    assert page.locator("h1").inner_text() == "Hulp vragen"
    # "Bel uw dorpshuis": the numbers are there.
    page.get_by_text("Telefoonnummers van de Huizen van Alles").click()
    assert page.get_by_role("link", name="0172 52").first.is_visible()
    page.get_by_label("Voornaam").fill("Ans")
    page.get_by_label("Achternaam").fill("de Wit")
    page.get_by_label("Telefoon", exact=True).fill("12ab")
    page.get_by_label("Postcode").fill("99999")
    page.get_by_label("Straat en huisnummer").fill("Dorpstraat 3")
    page.get_by_label("Waarmee kunnen we helpen?").fill("Een lift naar de huisarts")
    page.get_by_role("button", name="Mijn hulpvraag versturen").click()
    assert page.get_by_text("Vul een Nederlands telefoonnummer in").is_visible()
    shot(f"journey-ask-bad-phone-{size}")
    page.get_by_label("Telefoon", exact=True).fill("06 12 34 56 78")
    page.get_by_role("button", name="Mijn hulpvraag versturen").click()
    assert page.get_by_text("“99999” is geen Nederlandse postcode").is_visible()
    assert "not a Dutch postcode" not in page.locator("main").inner_text()
    shot(f"journey-ask-bad-postcode-{size}")
    page.get_by_label("Postcode").fill("3466 AB")
    page.get_by_role("button", name="Mijn hulpvraag versturen").click()
    assert page.locator("h1").inner_text() == "Bedankt, we hebben uw hulpvraag ontvangen"
    # The thanks page names the phone number of the village's own hub.
    call = page.get_by_text("Bel Huis van Alles Waarder:")
    assert call.is_visible() and "0172 52" in call.inner_text()
    shot(f"journey-ask-thanks-{size}")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_resident_asks_and_sees_date_status_and_helpers_first_name(page, live_server, shot, size):
    import datetime as dt

    from django.utils import timezone

    from zorgzaam.common.testing import make_world
    from zorgzaam.help import services
    from zorgzaam.help.models import HelpRequest
    from zorgzaam.help.pool import pool_forget
    from zorgzaam.help.tests.factories import make_volunteer

    pool_forget()
    world = make_world()
    resident = world.users["resident"]
    world.person_b.user = resident
    world.person_b.save()
    profile = make_volunteer(world)
    profile.person.given_name, profile.person.family_name = "Karim", "El Idrissi"
    profile.person.save()
    day = timezone.localdate() + dt.timedelta(days=4)

    page.set_viewport_size(VIEWPORTS[size])
    ui_login(page, live_server.url, resident.username, PASSWORD)
    page.goto(f"{live_server.url}/help/my/new/")
    page.get_by_label("Wat voor hulp?").select_option("shopping")
    page.get_by_label("Waarmee kunnen we helpen?").fill("Boodschappen voor het weekend")
    page.get_by_label("Op welke dag?").fill(day.isoformat())
    page.get_by_label("Dagdeel").select_option("0")
    page.get_by_role("button", name="Mijn hulpvraag versturen").click()
    assert "We zoeken een vrijwilliger" in page.locator("main").inner_text()
    page.locator(".card h2 a").first.click()
    facts = page.locator("dl.facts").inner_text()
    assert "We zoeken een vrijwilliger" in facts
    assert f"{day.day} " in facts and "06:00–12:00" in facts
    assert "nieuw" not in facts
    shot(f"journey-my-request-new-{size}")

    req = HelpRequest.objects.get(requester=world.person_b)
    proposal = services.help_request_propose(
        help_request=req, volunteer=profile, actor=world.users["hub_coordinator"]
    )
    page.reload()
    assert "We hebben een vrijwilliger gevraagd" in page.locator("dl.facts").inner_text()
    assert "Karim" not in page.locator("main").inner_text()
    services.proposal_accept(proposal=proposal, actor=None)
    page.reload()
    facts = page.locator("dl.facts").inner_text()
    assert "Er is een vrijwilliger gevonden" in facts
    assert "Wie helpt u" in facts and "Karim" in facts
    assert "El Idrissi" not in page.locator("main").inner_text()
    shot(f"journey-my-request-accepted-{size}")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_buddy_volunteer_checks_in_and_sees_whom_for(page, live_server, shot, size):
    import datetime as dt

    from django.utils import timezone

    from zorgzaam.accounts.roles import Role
    from zorgzaam.common.testing import make_world
    from zorgzaam.help import services
    from zorgzaam.help.pool import pool_forget
    from zorgzaam.help.tests.factories import make_request, make_volunteer

    pool_forget()
    world = make_world()
    volunteer = world.users[Role.VOLUNTEER]
    profile = make_volunteer(world, user=volunteer)
    req = make_request(world, kind="buddy", recurring=True, slots=0b111)
    proposal = services.help_request_propose(help_request=req, volunteer=profile, actor=None)
    services.proposal_accept(proposal=proposal, actor=None)
    req.refresh_from_db()
    pairing = services.buddy_pairing_start(
        help_request=req,
        actor=world.users[Role.HUB_COORDINATOR],
        start_date=timezone.localdate() - dt.timedelta(weeks=7),
    )
    page.set_viewport_size(VIEWPORTS[size])
    ui_login(page, live_server.url, volunteer.username, PASSWORD)
    page.goto(f"{live_server.url}/help/buddies/{pairing.public_id}/checkin/")
    buddy = world.person_a.given_name
    assert page.locator("h1").inner_text() == f"Contactmoment: u en {buddy}"
    assert page.locator("label[for=id_note]").inner_text() == "Opmerking (niet verplicht)"
    shot(f"journey-buddy-checkin-{size}")
    page.get_by_label("gaat goed").check()
    page.get_by_label("Opmerking").fill("Samen koffie gedronken")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("Contactmoment vastgelegd").is_visible()


@pytest.fixture
def demo_help(settings):
    """The demo's neighbour help and casework (seed 1, 300 residents, 120 volunteers; ~5 s)."""
    from zorgzaam.common.demo import demo_generate
    from zorgzaam.help.pool import pool_forget

    pool_forget()
    settings.ZORGZAAM_PART_APPS = ["zorgzaam.help", "zorgzaam.casework"]
    ctx = demo_generate(seed=1, residents=300, volunteers=120)
    yield ctx
    pool_forget()


def _shot(page, name: str) -> None:
    """A full-page screenshot of a page of another browser context (``shot`` takes ``page``)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.get(user=user, confirmed=True)


def _request_where_ranked_beyond_ten(profile):
    """An open request in the volunteer's village for which the engine ranks them below
    the top ten (so only the search finds them)."""
    from zorgzaam.help import selectors
    from zorgzaam.help.models import HelpRequest

    name = profile.person.full_name
    on_village_page = HelpRequest.objects.filter(
        status__in=HelpRequest.OPEN, area=profile.person.area
    ).order_by("created_at", "pk")[:10]
    for req in on_village_page:
        if req.status != "new" or req.kind != "one_off":
            continue
        found = selectors.help_request_candidate_search(req, name).found
        if found and found[0].rank > 10:
            return req, found[0].rank
    raise AssertionError("no request ranks the demo volunteer below ten")


def _request_with_eligible(area, n, *, exclude):
    """Another new request in ``area`` with at least ``n`` eligible volunteers."""
    from zorgzaam.help import selectors
    from zorgzaam.help.models import HelpRequest

    for req in HelpRequest.objects.filter(status="new", area=area).exclude(pk=exclude.pk):
        if selectors.help_request_candidate_search(req).eligible >= n:
            return req
    raise AssertionError(f"no request with {n} eligible volunteers")


def test_coordinator_finds_compares_and_proposes_volunteer_records_hours(
    page, browser, live_server, shot, demo_help
):
    from zorgzaam.help.constants import SKILL_LABELS
    from zorgzaam.help.models import Proposal, VolunteerProfile

    coordinator = demo_help.users["coordinator"]
    karim = VolunteerProfile.objects.select_related("person__area").get(
        person__user=demo_help.users["vrijwilliger"]
    )
    req, rank = _request_where_ranked_beyond_ten(karim)
    skill = SKILL_LABELS[req.skill]["nl"]

    # Desktop: from the villages to the request; the engine's ten best first.
    page.set_viewport_size(DESKTOP)
    ui_login(page, live_server.url, coordinator.username, DEMO_PASSWORD, _device(coordinator))
    page.goto(f"{live_server.url}/help/coordinate/")
    page.get_by_role("link", name=karim.person.area.name).first.click()
    shot("journey-match-village-desktop")
    page.locator(f"section.card h2 a[href$='/{req.public_id}/']").click()
    assert "De beste 10 van" in page.locator("#suggested ~ p.help").first.inner_text()
    top = page.locator("ol.candidate-list").first.locator("li.candidate")
    assert top.count() == 10
    assert karim.person.family_name not in page.locator("ol.candidate-list").first.inner_text()
    assert "Allemaal:" in page.locator(".candidates-common").inner_text()
    shot("journey-match-top-ten-desktop")

    # By kind of help: every eligible volunteer with that skill, with place and reasons.
    page.get_by_label("Naam, dorp, soort hulp of taal").fill(skill)
    page.locator("form.candidate-search button").click()
    status = page.get_by_role("status").inner_text()
    assert f"geschikte vrijwilligers passen bij “{skill}”" in status, status
    # By name: the demo volunteer, below the ten.
    page.get_by_label("Naam, dorp, soort hulp of taal").fill(karim.person.family_name)
    page.locator("form.candidate-search button").click()
    found = page.locator("ol.candidate-list").last.locator("li.candidate")
    assert found.count() == 1
    assert f"nr. {rank}" in found.inner_text() and "Afstand:" in found.inner_text()
    shot("journey-match-found-by-name-desktop")

    # Compare the engine's best with them: what differs is marked, phones shown.
    page.locator("ol.candidate-list").first.locator("input[type=checkbox]").first.check()
    found.locator("input[type=checkbox]").check()
    page.get_by_role("button", name="Vergelijk de aangevinkte vrijwilligers").last.click()
    assert page.locator("h1").inner_text() == "Vrijwilligers vergelijken"
    table = page.locator("table.compare")
    assert table.locator("tr.differs").count() >= 2
    assert table.locator("th[scope=row]", has_text="Plaats in de lijst").is_visible()
    assert table.locator("a[href^='tel:']").count() >= 1
    shot("journey-match-compare-desktop")
    page.set_viewport_size(PHONE)
    shot("journey-match-compare-phone")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name=f"Voorstellen {karim.person.full_name}").click()
    assert page.get_by_text("Voorgesteld.").is_visible()
    assert Proposal.objects.filter(request=req, volunteer=karim, status="offered").exists()
    shot("journey-match-proposed-desktop")

    # Phone: the volunteer accepts, marks it done with the hours and finds them in Mijn uren.
    volunteer = browser.new_context(locale="nl-NL", viewport=PHONE)
    phone = volunteer.new_page()
    ui_login(phone, live_server.url, "vrijwilliger", DEMO_PASSWORD)
    phone.goto(f"{live_server.url}/help/tasks/")
    proposal = Proposal.objects.get(request=req, volunteer=karim)
    phone.locator(f"a[href$='/help/tasks/{proposal.public_id}/']").click()
    phone.get_by_role("button", name="Ja, ik help").click()
    phone.get_by_label("Hoeveel uur").fill("1,5")
    phone.get_by_role("button", name="Afgerond").click()
    phone.get_by_role("link", name="Mijn uren").click()
    assert phone.locator("h1").inner_text() == "Mijn uren"
    history = phone.locator("table").last.inner_text()
    assert skill.capitalize() in history and "1,5" in history
    _shot(phone, "journey-volunteer-hours-phone")
    phone.set_viewport_size(DESKTOP)
    _shot(phone, "journey-volunteer-hours-desktop")
    volunteer.close()

    # Phone: another request; every eligible volunteer listed, the eleventh proposed.
    other = _request_with_eligible(karim.person.area, 11, exclude=req)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/help/coordinate/requests/{other.public_id}/")
    shot("journey-match-top-ten-phone")
    page.get_by_role("link", name="Toon alle").click()
    listed = page.locator("ol.candidate-list").last.locator("li.candidate")
    assert listed.count() >= 11
    eleventh = listed.nth(10)
    assert "nr. 11" in eleventh.inner_text()
    shot("journey-match-all-eligible-phone")
    eleventh.get_by_role("button", name="Voorstellen").click()
    assert page.get_by_text("Voorgesteld.").is_visible()
    assert Proposal.objects.filter(request=other).count() == 1


def _resident_of_team(professional):
    """A demo resident in a village of the professional's teams, with a date of birth."""
    from zorgzaam.people.models import Person

    areas = [a for team in professional.teams.all() for a in team.areas.all()]
    return (
        Person.objects.filter(area__in=areas, date_of_birth__isnull=False, user__isnull=True)
        .order_by("family_name", "given_name")
        .first()
    )


@pytest.mark.parametrize("size", VIEWPORTS)
def test_professional_sees_own_caseload_first_and_asks_help_for_a_resident(
    page, live_server, shot, demo_help, size
):
    from zorgzaam.help.models import HelpRequest

    professional = demo_help.users["professional"]
    person = _resident_of_team(professional)
    page.set_viewport_size(VIEWPORTS[size])
    ui_login(page, live_server.url, professional.username, DEMO_PASSWORD, _device(professional))

    # The caseload comes first, their own households on top.
    page.goto(f"{live_server.url}/cases/")
    assert page.locator("h1").inner_text() == "Huishoudens"
    first_row = page.locator("table tbody tr").first
    assert "van u" in first_row.inner_text()
    shot(f"journey-caseload-{size}")

    # Neighbour help for a resident: found by name and postcode, then by date of birth.
    page.goto(f"{live_server.url}/home/")
    page.get_by_role("link", name="Burenhulp vragen voor een inwoner").click()
    search = page.get_by_label("Zoeken op naam, postcode of geboortedatum")
    for query in (
        person.family_name,
        person.postcode,
        f"{person.given_name} {person.date_of_birth:%-d-%-m-%Y}",
        # Name and postcode in one search: only that family in that postcode area.
        f"{person.infix} {person.family_name} {person.postcode[:4]}".strip(),
    ):
        search.fill(query)
        page.locator("form[role=search] button").click()
        assert "gevonden" in page.get_by_role("status").inner_text()
        assert page.get_by_role("link", name=person.full_name).first.is_visible(), query
    listed = page.locator("main ul li").all_inner_texts()
    assert listed and all(f"· {person.postcode[:4]}" in line for line in listed), listed
    shot(f"journey-on-behalf-search-{size}")
    page.get_by_role("link", name=person.full_name).first.click()
    page.get_by_label("Wat voor hulp?").select_option("shopping")
    page.get_by_label("Waarmee kunnen we helpen?").fill("Boodschappen na de operatie")
    page.get_by_label("De inwoner heeft ermee ingestemd").check()
    page.get_by_role("button", name="Hulpvraag versturen").click()
    assert page.get_by_text("De hulpvraag is opgeslagen").is_visible()
    assert HelpRequest.objects.filter(requester=person, submitted_by=professional).exists()
    shot(f"journey-on-behalf-sent-{size}")


@pytest.mark.parametrize(("size", "javascript"), [("phone", True), ("desktop", False)])
def test_resident_tells_a_story_and_sees_it_deidentified_without_reloading(
    browser,
    live_server,
    settings,
    demo_help,
    deidentifier,  # noqa: F811
    size,
    javascript,
):
    from zorgzaam.stories.models import Story
    from zorgzaam.stories.services import story_deidentify

    # The task waits (as behind a busy worker) until the test runs it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    resident = demo_help.users["bewoner"]
    context = browser.new_context(
        locale="nl-NL", viewport=VIEWPORTS[size], java_script_enabled=javascript
    )
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else 0)
    ui_login(page, live_server.url, resident.username, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/stories/new/")
    page.get_by_label("Uw verhaal").fill(
        "Sinds de buurvrouw elke week langskomt, durf ik weer naar de koffieochtend in het "
        "Huis van Alles. Ze belt eerst even op 06-12345678."
    )
    page.get_by_label("informele hulp (buren, vrijwilligers)").check()
    page.get_by_role("button", name="Verstuur mijn verhaal").click()

    # The page says what happens and that it updates itself: no reload asked.
    progress = page.locator("#story-progress")
    assert "Uw verhaal wordt geanonimiseerd" in progress.inner_text()
    assert "werkt zichzelf bij" in progress.inner_text()
    assert page.locator("progress").count() == 1
    assert "opnieuw" not in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[size]["width"]
    _shot(page, f"journey-story-progress-{size}{'' if javascript else '-nojs'}")
    story = Story.objects.get(teller=resident)
    assert story.status == Story.Status.DRAFT
    url = page.url

    # The worker finishes: the page shows the text to check by itself.
    story_deidentify(story=story, deidentifier=deidentifier)
    page.get_by_role("heading", name="Controleer de geanonimiseerde tekst").wait_for(timeout=20_000)
    assert page.url == url
    assert page.locator("#story-progress").count() == 0
    assert "12345678" not in page.get_by_label("Geanonimiseerde tekst").input_value()
    assert not refused, refused
    _shot(page, f"journey-story-ready-{size}{'' if javascript else '-nojs'}")
    context.close()
