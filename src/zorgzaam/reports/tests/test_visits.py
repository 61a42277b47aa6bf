"""Work visits and hearings (#24): planned by the policy officer with stories and figures
from the council report, invitations, a one-page brief, the outcome in the next report."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.testing import UserFactory, login
from zorgzaam.reports import visits
from zorgzaam.reports.models import VisitInvitation, WorkVisit
from zorgzaam.stories.models import Audience, Level, Round, Selection
from zorgzaam.stories.periods import period_of, period_shift
from zorgzaam.stories.tests.factories import approved_story

pytestmark = pytest.mark.django_db

PERIOD = "2026-Q3"


@pytest.fixture
def stories(world):
    chosen = approved_story(
        world, title="Koffie in de kerk", text="Elke week drinken we koffie.", period=PERIOD
    )
    other = approved_story(
        world, title="De bankjes", audience=Audience.PUBLIC, period=PERIOD, area=world.village_b
    )
    approved_story(world, title="Alleen intern", audience=Audience.MUNICIPALITY, period=PERIOD)
    rnd = Round.objects.create(municipality=world.municipality, period=PERIOD, title="Ronde")
    Selection.objects.create(
        municipality=world.municipality,
        round=rnd,
        story=chosen,
        level=Level.COUNCIL,
        selector_label="Raadscommissie",
        reason="Het laat zien wat een dorpshuis doet.",
        reason_checked=True,
    )
    return chosen, other


def _plan(world, **extra):
    data = {
        "kind": WorkVisit.Kind.WORK_VISIT,
        "title": "Werkbezoek Noorddorp",
        "date": dt.date(2026, 10, 14),
        "start_time": dt.time(14, 0),
        "hub_id": None,
        "villages": [world.village_a],
        "purpose": "Hoe gaat het met de buurthulp?",
        "period": PERIOD,
    }
    data.update(extra)
    return visits.visit_create(actor=world.users[Role.POLICY_OFFICER], **data)


def test_policy_officer_plans_chooses_invites_and_records_the_outcome(client, world, stories):
    chosen, other = stories
    officer = world.users[Role.POLICY_OFFICER]
    login(client, officer)
    response = client.post(
        "/report/visits/new/",
        {
            "kind": "hearing",
            "title": "Hoorzitting mantelzorg",
            "date": "2026-10-14",
            "start_time": "19:30",
            "villages": [str(world.village_a.pk)],
            "purpose": "Wat hebben mantelzorgers nodig?",
            "period": PERIOD,
        },
    )
    assert response.status_code == 302
    visit = WorkVisit.objects.get(title="Hoorzitting mantelzorg")
    assert list(visit.villages.all()) == [world.village_a]

    page = client.get(f"/report/visits/{visit.public_id}/brief/").content.decode()
    # the MSC round's chosen story comes first; a story not for the council is not offered
    assert page.index("Koffie in de kerk") < page.index("De bankjes")
    assert "Alleen intern" not in page and "gekozen in de MSC-ronde" in page
    _report, _stories, figures = visits.visit_options(visit)
    refs = [f.ref for f in figures]
    assert refs and all(r.count(".") == 2 for r in refs)
    response = client.post(
        f"/report/visits/{visit.public_id}/brief/",
        {"stories": [str(chosen.public_id)], "figures": refs[:2]},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert list(visit.stories.all()) == [chosen] and visit.figure_refs == refs[:2]

    member = world.users[Role.COUNCIL_MEMBER]
    coordinator = world.users[Role.HUB_COORDINATOR]
    response = client.post(
        f"/report/visits/{visit.public_id}/invite/",
        {"invitees": [str(member.public_id), str(coordinator.public_id)]},
    )
    assert response.status_code == 302
    assert set(visit.invitations.values_list("user", flat=True)) == {member.pk, coordinator.pk}

    # in the future: no outcome yet, a clear error and nothing written
    visit.date = timezone.localdate() + dt.timedelta(days=3)
    visit.save()
    response = client.post(
        f"/report/visits/{visit.public_id}/outcome/",
        {"heard": "Veel", "decided": "Meer", "follow_up": ""},
    )
    assert response.status_code == 400 and "plaatsgevonden" in response.content.decode()
    visit.refresh_from_db()
    assert not visit.has_outcome
    visit.date = dt.date(2026, 10, 14)
    visit.save()
    response = client.post(
        f"/report/visits/{visit.public_id}/outcome/",
        {
            "heard": "Mantelzorgers zoeken respijt dichtbij.",
            "decided": "Respijtzorg in elk Huis van Alles.",
            "follow_up": "Wethouder komt in Q1 terug.",
        },
    )
    assert response.status_code == 302
    events = set(AuditEvent.objects.values_list("event", flat=True))
    assert {"reports.visit_create", "reports.visit_change"} <= events

    # the next quarter's council report shows what came of it; the public one does not
    report = client.get("/report/?period=2026-Q4").content.decode()
    assert "Respijtzorg in elk Huis van Alles." in report
    assert "Wat kwam er uit het laatste werkbezoek" in report
    slug = world.municipality.slug
    public = client.get(f"/report/public/{slug}/?period=2026-Q4").content.decode()
    assert "Respijtzorg" not in public
    earlier = client.get("/report/?period=2026-Q2").content.decode()
    assert "Respijtzorg" not in earlier


def test_brief_is_one_page_pdf_with_the_report_figures(client, world, stories):
    from pikepdf import Pdf

    chosen, other = stories
    visit = _plan(world)
    _report, _stories, figures = visits.visit_options(visit)
    visits.visit_content_set(
        actor=world.users[Role.POLICY_OFFICER],
        visit=visit,
        story_ids=[str(chosen.public_id), str(other.public_id)],
        figure_refs=[f.ref for f in figures][: visits.MAX_FIGURES],
    )
    # the longest brief: three long stories and every figure still fits one page
    long = " ".join(["Een lange zin over wat er in het dorp gebeurt."] * 60)
    third = approved_story(world, title="Lang verhaal", text=long, period=PERIOD)
    visit.stories.add(third)
    visit.purpose = long
    visit.save()
    login(client, world.users[Role.COUNCIL_MEMBER])
    response = client.get(f"/report/visits/{visit.public_id}/brief.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = Pdf.open(io.BytesIO(response.content))
    assert len(pdf.pages) == 1
    assert AuditEvent.objects.filter(event="reports.visit_brief").exists()
    brief = visits.brief_build(visit)
    _report, _stories, figures = visits.visit_options(visit)  # the report as it is now
    shown = {f.ref: f.text for f in figures}
    assert [f.text for f in brief.figures] == [shown[r] for r in visit.figure_refs]
    assert [e["story"].pk for e in brief.stories][0] == chosen.pk  # MSC-chosen first


def test_who_reads_which_visit(client, world, stories):
    visit = _plan(world)
    url = f"/report/visits/{visit.public_id}/"
    # a council member reads every visit of the municipality
    login(client, world.users[Role.COUNCIL_MEMBER])
    assert client.get(url).status_code == 200
    assert client.get(url + "outcome/").status_code == 403  # only the policy officer records
    # a hub coordinator only once invited, and sees it marked on the list
    coordinator = world.users[Role.HUB_COORDINATOR]
    login(client, coordinator)
    assert client.get(url).status_code == 403
    assert "Werkbezoek Noorddorp" not in client.get("/report/visits/").content.decode()
    visits.visit_invite(
        actor=world.users[Role.POLICY_OFFICER], visit=visit, user_ids=[str(coordinator.public_id)]
    )
    listing = client.get("/report/visits/").content.decode()
    assert "Werkbezoek Noorddorp" in listing and "u bent uitgenodigd" in listing
    assert client.get(url).status_code == 200
    assert VisitInvitation.objects.get(user=coordinator).seen_at is not None
    # a professional has no business here
    login(client, world.users[Role.PROFESSIONAL])
    assert client.get("/report/visits/").status_code == 403


def test_other_municipality_is_refused_with_real_objects(client, world, stories):
    visit = _plan(world)
    other_officer = UserFactory(role=Role.POLICY_OFFICER, municipality=world.other_municipality)
    login(client, other_officer)
    for suffix in ("", "edit/", "brief/", "invite/", "outcome/", "brief.pdf"):
        assert client.get(f"/report/visits/{visit.public_id}/{suffix}").status_code == 403
    response = client.post(
        f"/report/visits/{visit.public_id}/outcome/", {"heard": "x", "decided": "y"}
    )
    assert response.status_code == 403
    assert "Werkbezoek Noorddorp" not in client.get("/report/visits/").content.decode()
    assert AuditEvent.objects.filter(event="access.denied", reason="other municipality").exists()
    visit.refresh_from_db()
    assert not visit.has_outcome
    # nor can the other municipality's users be invited, nor its villages chosen
    other_member = UserFactory(role=Role.COUNCIL_MEMBER, municipality=world.other_municipality)
    with pytest.raises(ApplicationError):
        visits.visit_invite(
            actor=world.users[Role.POLICY_OFFICER],
            visit=visit,
            user_ids=[str(other_member.public_id)],
        )
    with pytest.raises(ApplicationError):
        _plan(world, villages=[world.other_municipality.areas.first()])


def test_bad_input_is_refused_whole(world, stories):
    chosen, other = stories
    visit = _plan(world)
    officer = world.users[Role.POLICY_OFFICER]
    with pytest.raises(ApplicationError):  # not a story of the visit's quarter for the council
        intern = approved_story(world, title="x", audience=Audience.MUNICIPALITY, period=PERIOD)
        visits.visit_content_set(
            actor=officer, visit=visit, story_ids=[str(intern.public_id)], figure_refs=[]
        )
    with pytest.raises(ApplicationError):
        visits.visit_content_set(
            actor=officer, visit=visit, story_ids=[str(chosen.public_id)], figure_refs=["x.y.z"]
        )
    visit.refresh_from_db()
    assert visit.stories.count() == 0 and visit.figure_refs == []
    with pytest.raises(ApplicationError):
        _plan(world, title="   ")
    with pytest.raises(ApplicationError):
        _plan(world, period="2026-Q9")
    with pytest.raises(ApplicationError):
        _plan(world, hub_id="00000000-0000-0000-0000-000000000000")


def test_demo_has_a_past_work_visit_with_outcome_and_a_planned_hearing(world):
    from types import SimpleNamespace

    from zorgzaam.reports.demo import generate
    from zorgzaam.reports.selectors import report_build
    from zorgzaam.reports.templatetags.report_visits import visit_last

    # the stories of the quarter the past visit's brief is taken from, one chosen in MSC
    chosen = approved_story(world, title="Rijden naar de huisarts", period="2026-Q2")
    approved_story(world, title="Koffieochtend", period="2026-Q2")
    rnd = Round.objects.create(municipality=world.municipality, period="2026-Q2", title="R")
    Selection.objects.create(
        municipality=world.municipality,
        round=rnd,
        story=chosen,
        level=Level.MUNICIPALITY,
        selector_label="Gemeente",
        reason="Vervoer is in de kleine kernen alles.",
        reason_checked=True,
    )
    users = {
        "coordinator": world.users[Role.HUB_COORDINATOR],
        "beleid": world.users[Role.POLICY_OFFICER],
        "raadslid": world.users[Role.COUNCIL_MEMBER],
    }
    today = dt.date(2026, 11, 15)
    ctx = SimpleNamespace(municipality=world.municipality, users=users, today=today)
    assert generate(ctx) == {"work_visits": 2}
    past, planned = WorkVisit.objects.order_by("date")
    assert past.has_outcome and past.kind == WorkVisit.Kind.WORK_VISIT
    assert past.date < today < planned.date and not planned.has_outcome
    assert planned.kind == WorkVisit.Kind.HEARING
    assert past.invitations.count() == planned.invitations.count() == 2
    brief = visits.brief_build(past)
    # the stories figures are there; this world has no help or social-team data
    assert [f.ref for f in brief.figures][:2] == past.figure_refs[:2]
    assert [e["story"] for e in brief.stories][0] == chosen  # MSC-chosen first
    report = report_build(world.municipality, "2026-Q3")
    assert visit_last(report) == past


def test_council_member_home_explains_report_open_data_and_invitations(client, world, stories):
    council = world.users[Role.COUNCIL_MEMBER]
    login(client, council)
    home = client.get("/home/").content.decode()
    assert "Als raadslid leest u hier" in home
    quarter = period_shift(period_of(timezone.localdate()), -1)
    assert f'href="/report/?period={quarter}"' in home
    assert f'href="/report/csv/?period={quarter}"' in home
    assert f'href="/report/datapackage/?period={quarter}"' in home
    assert "U bent nu niet uitgenodigd" in home
    soon = _plan(world, title="Hoorzitting Zuiddorp", date=timezone.localdate())
    past = _plan(world, title="Oud bezoek", date=timezone.localdate() - dt.timedelta(days=1))
    for visit in (soon, past):
        visits.visit_invite(
            actor=world.users[Role.POLICY_OFFICER], visit=visit, user_ids=[str(council.public_id)]
        )
    home = client.get("/home/").content.decode()
    assert f'href="/report/visits/{soon.public_id}/"' in home and "Hoorzitting Zuiddorp" in home
    assert "Oud bezoek" not in home and "nieuw" in home
    # other roles keep their own start page
    login(client, world.users[Role.HUB_COORDINATOR])
    assert "Als raadslid" not in client.get("/home/").content.decode()
