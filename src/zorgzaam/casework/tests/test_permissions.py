"""Need-to-know, object level: every casework URL x actor, with real ids, GET and POST.

The foundation's walker (accounts/tests/test_permissions.py) covers URL x role with random
ids; here the ids are real: own team / other team / other municipality / other roles /
superusers / guessed UUIDs."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from zorgzaam.accounts.models import TeamMembership
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.casework import services
from zorgzaam.casework.models import BreakGlass, Household
from zorgzaam.common.testing import UserFactory, login
from zorgzaam.common.urlwalk import routes

from .conftest import make_case

pytestmark = pytest.mark.django_db

CASE_ROUTES = [r for r in routes() if r.name.startswith("casework:")]
HOUSEHOLD_ROUTES = [r for r in CASE_ROUTES if "<uuid:household_id>" in r.pattern]
GET_ONLY = {"casework:api_household"}  # POST answers 405 Method Not Allowed


@pytest.fixture
def setup(world):
    household = make_case(world)
    member = household.members.first()
    prof = world.users["professional"]
    consent = services.consent_register(
        actor=prof,
        household=household,
        member=member,
        what="naam en telefoon",
        with_whom="dorpshuis",
        method="verbal",
    )
    goal = services.goal_create(
        actor=prof, household=household, domain="financien", description="Rust in de financiën"
    )
    action = services.action_create_formal(
        actor=prof, goal=goal, description="Schuldhulp", provision="debt", reason="Acute schuld"
    )
    coordinator = world.users["hub_coordinator"]
    referral = services.referral_send(
        actor=prof,
        action=action,
        receiver=coordinator,
        receiver_label="Dorpshuis",
        message="Graag contact over budgetcursus",
        contact_member=member,
    )
    outsider = UserFactory(role=Role.PROFESSIONAL, municipality=world.municipality)
    TeamMembership.objects.create(team=world.team_b, user=outsider)
    grant = services.break_glass_open(
        actor=outsider,
        household=household,
        reason_code="cover",
        reason="Collega ziek, huisbezoek vandaag",
    )
    ids = {
        "household_id": household.public_id,
        "member_id": member.public_id,
        "consent_id": consent.public_id,
        "goal_id": goal.public_id,
        "action_id": action.public_id,
        "referral_id": referral.public_id,
        "grant_id": grant.public_id,
    }
    return household, ids


def _url(route, ids):
    return route.sample_url(**ids)


def test_all_case_views_need_the_second_factor():
    assert CASE_ROUTES
    for route in CASE_ROUTES:
        assert route.access is not None and route.access.person_level, route.pattern


@pytest.mark.parametrize("route", HOUSEHOLD_ROUTES, ids=lambda r: r.name)
@pytest.mark.parametrize("who", ["professional", "team_lead"])
def test_holding_team_gets_every_household_page(client, world, setup, route, who):
    household, ids = setup
    login(client, world.users[who])
    response = client.get(_url(route, ids))
    expected = (302,) if route.name == "casework:break_glass" else (200, 405)
    assert response.status_code in expected, (route.pattern, response.status_code)


def _denied_get(client, route, ids, *, break_glass_offered: bool):
    response = client.get(_url(route, ids))
    if break_glass_offered and route.name == "casework:detail":
        assert response.status_code == 302
        assert response["Location"].endswith("/break-glass/")
        return
    assert response.status_code in (403, 405), (route.pattern, response.status_code)


@pytest.mark.parametrize("route", HOUSEHOLD_ROUTES, ids=lambda r: r.name)
def test_professional_of_another_team_sees_nothing(client, world, setup, route):
    household, ids = setup
    login(client, world.users["professional_b"])
    _denied_get(client, route, ids, break_glass_offered=True)
    before = Household.objects.get(pk=household.pk).updated_at
    response = client.post(_url(route, ids), {})
    if route.name == "casework:break_glass":
        # The form comes back with errors; nothing is opened without a reason.
        assert response.status_code == 200
        assert not BreakGlass.objects.filter(user=world.users["professional_b"]).exists()
    elif route.name == "casework:detail":
        assert response.status_code == 302
    elif route.name in GET_ONLY:
        assert response.status_code == 405
    else:
        assert response.status_code == 403, (route.pattern, response.status_code)
    assert Household.objects.get(pk=household.pk).updated_at == before
    assert "Huishouden Test" not in response.content.decode()


@pytest.mark.parametrize("route", HOUSEHOLD_ROUTES, ids=lambda r: r.name)
def test_professional_of_another_municipality_sees_nothing(client, world, setup, route):
    household, ids = setup
    login(client, world.other_professional)
    for response in (client.get(_url(route, ids)), client.post(_url(route, ids), {})):
        assert response.status_code in (403, 405), (route.pattern, response.status_code)
        assert "Huishouden Test" not in response.content.decode()
    assert not BreakGlass.objects.filter(user=world.other_professional).exists()


@pytest.mark.parametrize(
    "role", ["resident", "volunteer", "hub_coordinator", "policy_officer", "administrator"]
)
@pytest.mark.parametrize("superuser", [False, True])
def test_other_roles_and_superusers_see_no_household(client, world, setup, role, superuser):
    household, ids = setup
    user = world.users[role]
    user.is_superuser = user.is_staff = superuser
    user.save()
    login(client, user)
    for route in HOUSEHOLD_ROUTES + [
        r for r in CASE_ROUTES if r.name in ("casework:list", "casework:intake")
    ]:
        for response in (client.get(_url(route, ids)), client.post(_url(route, ids), {})):
            assert response.status_code == 403, (role, route.pattern, response.status_code)
            assert "Huishouden Test" not in response.content.decode()


def test_superuser_professional_of_another_team_is_still_refused(client, world, setup):
    household, ids = setup
    user = world.users["professional_b"]
    user.is_superuser = True
    user.save()
    login(client, user)
    assert client.get(f"/cases/{household.public_id}/plan/").status_code == 403
    listing = client.get("/cases/")
    assert listing.status_code == 200
    assert "Huishouden Test" not in listing.content.decode()


@pytest.mark.parametrize("route", HOUSEHOLD_ROUTES, ids=lambda r: r.name)
def test_guessed_uuids_are_404(client, world, setup, route):
    household, ids = setup
    login(client, world.users["professional"])
    guessed = {k: uuid.uuid4() for k in ids}
    assert client.get(_url(route, guessed)).status_code in (404, 405)
    expected = 405 if route.name in GET_ONLY else 404
    assert client.post(_url(route, guessed), {}).status_code == expected


def test_sub_objects_of_another_household_are_404(client, world, setup):
    household, ids = setup
    other = make_case(world, bsn_a="", bsn_b="", network=False)
    login(client, world.users["professional"])
    member = household.members.first()
    export = f"/cases/{other.public_id}/members/{member.public_id}/export/"
    assert client.get(export).status_code == 404
    goal = ids["goal_id"]
    assert client.get(f"/cases/{other.public_id}/plan/goals/{goal}/").status_code == 404


@pytest.mark.parametrize("who", ["professional", "team_lead", "volunteer", "administrator"])
def test_referral_screens_belong_to_the_receiver(client, world, setup, who):
    household, ids = setup
    login(client, world.users[who])
    assert client.get("/cases/referrals/").status_code == 403
    assert client.get(f"/cases/referrals/{ids['referral_id']}/").status_code == 403


def test_another_hub_coordinator_cannot_see_the_referral(client, world, setup):
    household, ids = setup
    other = UserFactory(role=Role.HUB_COORDINATOR, municipality=world.municipality)
    login(client, other)
    listing = client.get("/cases/referrals/")
    assert listing.status_code == 200
    assert "budgetcursus" not in listing.content.decode()
    assert client.get(f"/cases/referrals/{ids['referral_id']}/").status_code == 403
    response = client.post(f"/cases/referrals/{ids['referral_id']}/", {"status": "accepted"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(event="access.denied", actor_id=other.public_id).exists()


def test_receiver_sees_minimal_data_only(client, world, setup):
    household, ids = setup
    login(client, world.users["hub_coordinator"])
    page = client.get(f"/cases/referrals/{ids['referral_id']}/").content.decode()
    assert "Graag contact over budgetcursus" in page
    assert escape(world.person_a.full_name) in page  # the contact person, shared with consent
    assert "Partnerman" not in page
    assert "Huishouden Test" not in page
    assert "Eerste gesprek" not in page
    # Exactly what the referral form promises: not the life domain of the plan (#15).
    domain = household.zrm_version.domains.get(code="financien").name
    assert escape(domain) not in page and "Leefgebied" not in page
    api = client.get(f"/cases/api/referrals/{ids['referral_id']}/").json()
    assert domain not in str(api) and "domain" not in api
    assert client.get(f"/cases/{household.public_id}/").status_code == 403
    assert AuditEvent.objects.filter(
        event="referral.view", subject_id=world.person_a.public_id
    ).exists()


def test_team_lead_sees_the_caseload_and_is_flagged_break_glass(client, world, setup):
    household, ids = setup
    login(client, world.users["team_lead"])
    listing = client.get("/cases/").content.decode()
    assert "Huishouden Test" in listing
    review = client.get("/cases/break-glass/").content.decode()
    assert "Collega ziek, huisbezoek vandaag" in review
    response = client.post(f"/cases/break-glass/{ids['grant_id']}/reviewed/")
    assert response.status_code == 302
    assert BreakGlass.objects.get(public_id=ids["grant_id"]).reviewed_at is not None
    # A lead of another team cannot mark it.
    lead_b = UserFactory(role=Role.TEAM_LEAD, municipality=world.municipality)
    TeamMembership.objects.create(team=world.team_b, user=lead_b, is_lead=True)
    login(client, lead_b)
    assert "Collega ziek" not in client.get("/cases/break-glass/").content.decode()
    assert client.post(f"/cases/break-glass/{ids['grant_id']}/reviewed/").status_code == 403


def test_break_the_glass_gives_time_limited_logged_access(client, world, setup):
    household, ids = setup
    user = world.users["professional_b"]
    login(client, user)
    url = f"/cases/{household.public_id}/"
    assert client.get(url).status_code == 302
    form = client.get(url + "break-glass/")
    assert form.status_code == 403
    assert "Huishouden Test" not in form.content.decode()
    short = client.post(url + "break-glass/", {"reason_code": "safety", "reason": "kort"})
    assert short.status_code == 200 and not BreakGlass.objects.filter(user=user).exists()
    response = client.post(
        url + "break-glass/",
        {"reason_code": "safety", "reason": "Melding van de huisarts, vandaag nodig"},
    )
    assert response.status_code == 302
    page = client.get(url)
    assert page.status_code == 200
    assert "Huishouden Test" in page.content.decode()
    events = AuditEvent.objects.filter(event="case.break_glass", actor_id=user.public_id)
    assert events.count() == 2  # one per person concerned
    assert {e.subject_id for e in events} == {m.person.public_id for m in household.members.all()}
    assert all(e.reason == "break the glass: safety" for e in events)
    assert all("huisarts" not in e.reason for e in events)  # free text stays in the case file
    # Not in the caseload list: break-the-glass is not a caseload.
    assert "Huishouden Test" not in client.get("/cases/").content.decode()
    # Time-limited.
    BreakGlass.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(f"/cases/{household.public_id}/plan/").status_code == 403


def test_other_municipality_cannot_break_the_glass(client, world, setup):
    household, ids = setup
    login(client, world.other_professional)
    url = f"/cases/{household.public_id}/break-glass/"
    response = client.post(url, {"reason_code": "safety", "reason": "Melding van de huisarts"})
    assert response.status_code == 403
    assert not BreakGlass.objects.filter(user=world.other_professional).exists()


def test_every_read_is_audited_with_the_persons_concerned(client, world, setup):
    household, ids = setup
    login(client, world.users["professional"])
    subjects = {m.person.public_id for m in household.members.all()}
    for path, event in [
        (f"/cases/{household.public_id}/", "case.view"),
        (f"/cases/{household.public_id}/plan/", "case.view"),
        (f"/cases/{household.public_id}/measure/", "case.view"),
    ]:
        before = AuditEvent.objects.filter(event=event).count()
        assert client.get(path).status_code == 200
        new = AuditEvent.objects.filter(event=event).order_by("-id")[: len(subjects)]
        assert AuditEvent.objects.filter(event=event).count() == before + len(subjects)
        assert {e.subject_id for e in new} == subjects
    client.get("/cases/")
    assert AuditEvent.objects.filter(event="case.list").exists()


def test_without_second_factor_no_case_page(client, world, setup):
    household, ids = setup
    login(client, world.users["professional"], verified=False)
    response = client.get(f"/cases/{household.public_id}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/2fa/")


@pytest.mark.parametrize("route", HOUSEHOLD_ROUTES, ids=lambda r: r.name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_page_showing_the_household_writes_its_audit_lines(
    client, world, setup, route, method
):
    """Issue #15: an empty form posted to the household page's note/network/urgency/consent
    endpoints came back (400) with the whole file and no ``case.view``. Every response that
    shows the household, whatever its status, must have audited the persons concerned."""
    household, ids = setup
    login(client, world.users["professional"])
    subjects = {m.person.public_id for m in household.members.all()}
    if route.name == "casework:export":  # one person's file (AVG art. 15): that person
        subjects = {household.members.get(public_id=ids["member_id"]).person.public_id}
    names = [m.person.family_name for m in household.members.select_related("person")]
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = getattr(client, method)(_url(route, ids), {})
    body = response.content.decode(errors="replace")
    if response.status_code in (301, 302, 405) or not any(n in body for n in names):
        return
    new = AuditEvent.objects.filter(id__gt=before, outcome="allowed")
    shown = {e.subject_id for e in new if e.event.startswith("case.")}
    assert shown >= subjects, (route.name, method, response.status_code)


def test_a_referral_shown_again_after_a_bad_post_is_audited(client, world, setup):
    household, ids = setup
    login(client, world.users["hub_coordinator"])
    response = client.post(f"/cases/referrals/{ids['referral_id']}/", {"status": "nonsense"})
    assert "Graag contact over budgetcursus" in response.content.decode()
    assert AuditEvent.objects.filter(
        event="referral.view", subject_id=world.person_a.public_id
    ).exists()


def test_the_receiving_hub_coordinator_needs_the_second_factor_and_times_out(client, world, setup):
    """Issue #15: the hub coordinator read referrals (contact person, phone) and other
    person-level pages with a password only, and the idle timeout skipped the role."""
    household, ids = setup
    coordinator = world.users["hub_coordinator"]
    login(client, coordinator, verified=False)
    response = client.get(f"/cases/referrals/{ids['referral_id']}/")
    assert response.status_code == 302 and response["Location"].startswith("/account/2fa/")
    assert not AuditEvent.objects.filter(event="referral.view").exists()
    login(client, coordinator)
    assert client.get(f"/cases/referrals/{ids['referral_id']}/").status_code == 200
    session = client.session
    session["zorgzaam_last_seen"] = int(timezone.now().timestamp()) - 24 * 3600
    session.save()
    assert client.get("/cases/referrals/").status_code == 302  # logged out when idle
    assert "_auth_user_id" not in client.session
