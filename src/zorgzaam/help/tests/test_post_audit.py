"""Issue #15: a form posted to a page of neighbour help that comes back with errors must not
show personal data without the read audit line the GET writes. Every route of the help part
is walked by URL name, for every role that may use it, with real objects: an empty POST (and
the GET), its status, and, when the answer shows a person's name, an audit line about that
person written by this very request (the actor's own data excepted)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from zorgzaam.accounts.roles import ROLE_CAPABILITIES, Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import PersonFactory, login
from zorgzaam.common.urlwalk import routes
from zorgzaam.help import services
from zorgzaam.help.constants import VogStatus
from zorgzaam.help.models import CallListEntry, Notification

from .factories import make_volunteer

HELP_ROUTES = {r.name: r for r in routes() if r.name.startswith("help:")}

#: the status of an empty POST per URL name (what the route does with nothing filled in):
#: 302 a redirect (a message says what is missing), 400 the page again with the errors,
#: 405 GET only, 200 a page that takes no form (the POST shows the page).
EMPTY_POST_STATUS = {
    "help:ask": 200,
    "help:ask_thanks": 200,
    "help:my_requests": 200,
    "help:my_request_new": 200,
    "help:my_request": 200,
    "help:my_request_cancel": 302,
    "help:concern_new": 200,
    "help:tasks": 200,
    "help:volunteer_profile": 200,
    "help:volunteer_hours": 200,
    "help:task": 200,
    "help:task_accept": 302,
    "help:task_decline": 302,
    "help:task_done": 200,
    "help:buddy_checkin": 200,
    "help:coordinate": 200,
    "help:coordinate_phone": 200,
    "help:coordinate_village": 200,
    "help:coordinate_assign": 302,
    "help:coordinate_request": 200,
    "help:coordinate_propose": 302,
    "help:coordinate_compare": 302,
    "help:coordinate_block": 302,
    "help:coordinate_plan": 302,
    "help:coordinate_cancel": 302,
    "help:coordinate_done": 200,
    "help:coordinate_hours": 200,
    "help:coordinate_buddy_start": 302,
    "help:coordinate_buddies": 200,
    "help:coordinate_volunteers": 200,
    "help:coordinate_volunteer": 200,
    "help:coordinate_buddy_end": 200,
    "help:coordinate_concerns": 200,
    "help:coordinate_concern_handle": 302,
    "help:on_behalf_people": 200,
    "help:on_behalf": 200,
    "help:inbox": 200,
    "help:inbox_read": 302,
    "help:coordinate_calls": 200,
    "help:coordinate_call_done": 302,
    "help:coordinate_request_messages": 200,
    "help:coordinate_contact_preference": 302,
    "help:unsubscribe": 400,
    "help:task_messages": 400,
    "help:my_request_messages": 400,
    "help:my_contact": 400,
    "help:coordinate_task_message": 302,
}

# Names no factory invents, so their presence in a page is that person's data shown.
NAMES = {
    "resident": ("Wietske", "Zwaneveld"),
    "volunteer": ("Kasimir", "Klaverblad"),
    "other_volunteer": ("Hidde", "Hazelnoot"),
    "buddy": ("Ottoline", "Ooievaar"),
}


def _cases() -> list[tuple[str, str]]:
    cases = []
    for name, route in sorted(HELP_ROUTES.items()):
        if route.public:
            cases.append((name, "anonymous"))
            continue
        cases += [
            (name, role)
            for role in Role.values
            if route.access.capability in ROLE_CAPABILITIES[role]
        ]
    return cases


def test_every_help_route_is_walked():
    """A new route of the help part must say what its empty POST does."""
    assert set(HELP_ROUTES) == set(EMPTY_POST_STATUS)


def _setup(world):
    """A resident with an accepted request (messages, a concern), a buddy pairing, a
    volunteer, a notification and a call-list line for each user: real objects for every
    id in the help URLs."""
    municipality = world.municipality
    pc, area = world.person_a.postcode_area, world.village_a
    resident = PersonFactory(
        municipality=municipality,
        postcode_area=pc,
        area=area,
        given_name=NAMES["resident"][0],
        family_name=NAMES["resident"][1],
        user=world.users[Role.RESIDENT],
    )
    buddy = world.person_a
    buddy.given_name, buddy.family_name = NAMES["buddy"]
    buddy.save()
    profile = make_volunteer(
        world,
        user=world.users[Role.VOLUNTEER],
        vog_status=VogStatus.VALID,
        vog_expires_on=timezone.localdate() + dt.timedelta(days=365),
    )
    profile.person.given_name, profile.person.family_name = NAMES["volunteer"]
    profile.person.save()
    other = make_volunteer(world, lat=52.05, lon=4.74)
    other.person.given_name, other.person.family_name = NAMES["other_volunteer"]
    other.person.save()
    coordinator = world.users[Role.HUB_COORDINATOR]

    help_request = services.help_request_create(
        municipality=municipality,
        requester=resident,
        skill="shopping",
        description="Boodschappen doen bij de supermarkt",
    )
    proposal = services.help_request_propose(
        help_request=help_request, volunteer=profile, actor=coordinator
    )
    services.proposal_accept(proposal=proposal, actor=None)
    concern = services.concern_report(
        actor=world.users[Role.RESIDENT], help_request=help_request, text="Ik voelde me niet fijn"
    )
    buddy_request = services.help_request_create(
        municipality=municipality,
        requester=buddy,
        skill="shopping",
        description="Samen wandelen",
        kind="buddy",
        recurring=True,
        slots=0b111,
    )
    services.proposal_accept(
        proposal=services.help_request_propose(
            help_request=buddy_request, volunteer=profile, actor=coordinator
        ),
        actor=None,
    )
    buddy_request.refresh_from_db()
    pairing = services.buddy_pairing_start(
        help_request=buddy_request,
        actor=coordinator,
        start_date=timezone.localdate() - dt.timedelta(weeks=3),
    )
    notes = {
        role: Notification.objects.create(
            municipality=municipality,
            recipient=world.users[role],
            kind="test",
            subject="Onderwerp",
            body="Tekst",
            link="/help/inbox/",
        )
        for role in Role.values
    }
    call = CallListEntry.objects.create(
        municipality=municipality,
        notification=Notification.objects.create(
            municipality=municipality, person=resident, kind="test", subject="S", body="B"
        ),
        person=resident,
        area=area,
        due_on=timezone.localdate(),
    )
    help_request.refresh_from_db()
    return {
        "request": help_request,
        "proposal": proposal,
        "concern": concern,
        "pairing": pairing,
        "profile": profile,
        "other": other,
        "notes": notes,
        "call": call,
        "shown": [resident, buddy, profile.person, other.person],
    }


def _url(name: str, role: str, world, objs) -> str:
    request, proposal = objs["request"], objs["proposal"]
    by_request = {"public_id": request.public_id}
    kwargs = {
        "help:my_request": by_request,
        "help:my_request_cancel": by_request,
        "help:my_request_messages": by_request,
        "help:concern_new": by_request,
        "help:task": {"public_id": proposal.public_id},
        "help:task_accept": {"public_id": proposal.public_id},
        "help:task_decline": {"public_id": proposal.public_id},
        "help:task_done": {"public_id": proposal.public_id},
        "help:task_messages": {"public_id": proposal.public_id},
        "help:buddy_checkin": {"public_id": objs["pairing"].public_id},
        "help:coordinate_buddy_end": {"public_id": objs["pairing"].public_id},
        "help:coordinate_village": {"public_id": world.village_a.public_id},
        "help:coordinate_assign": {"public_id": world.village_a.public_id},
        "help:coordinate_propose": {**by_request, "volunteer_id": objs["other"].public_id},
        "help:coordinate_block": {**by_request, "volunteer_id": objs["other"].public_id},
        "help:coordinate_volunteer": {"public_id": objs["profile"].public_id},
        "help:coordinate_concern_handle": {"public_id": objs["concern"].public_id},
        "help:on_behalf": {"person_id": world.person_a.public_id},
        "help:inbox_read": {
            "public_id": objs["notes"].get(role, objs["notes"]["resident"]).public_id
        },
        "help:coordinate_call_done": {"public_id": objs["call"].public_id},
        "help:unsubscribe": {"token": "not-a-token"},
    }.get(name)
    if kwargs is None and "<uuid:public_id>" in HELP_ROUTES[name].pattern:
        kwargs = by_request
    return reverse(name, kwargs=kwargs)


#: what a POST sends: empty, or for a form that an empty POST fills in validly (hours are
#: optional), a value that is refused, so the page comes back with the errors.
INVALID = {
    "help:task_done": {"hours": "-2"},
    "help:coordinate_done": {"hours": "-2"},
    "help:coordinate_hours": {"hours": "abc"},
}

#: a route that only takes a POST and, refused, shows this other route's page again: the
#: audit lines of that page's GET must be written by the POST too.
RERENDERS = {
    "help:task_done": "help:task",
    "help:coordinate_done": "help:coordinate_request",
    "help:coordinate_hours": "help:coordinate_request",
    "help:coordinate_buddy_end": "help:coordinate_buddies",
}

#: a first name shown by design without an audit line: the resident is told the first name
#: of the volunteer who helps (request page, in-app message); the volunteer's list of tasks
#: names the buddy by first name (the task page itself is audited).
FIRST_NAME_BY_DESIGN = {
    ("help:my_request", "resident", "Kasimir"),
    ("help:inbox", "resident", "Kasimir"),
    ("help:tasks", "volunteer", "Ottoline"),
}


def _new_lines(before: int) -> set[tuple[str, object]]:
    return set(
        AuditEvent.objects.filter(id__gt=before, outcome="allowed").values_list(
            "event", "subject_id"
        )
    )


def _shown_without_audit(response, name, role, user, objs, lines) -> list[str]:
    """Persons (not the actor) this response names while it wrote no audit line at all."""
    body = response.content.decode(errors="replace")
    own = getattr(user, "person", None) if user is not None else None
    shown = []
    for person in objs["shown"]:
        if own is not None and person.pk == own.pk:
            continue
        if person.family_name in body or (
            person.given_name in body
            and (name, role, person.given_name) not in FIRST_NAME_BY_DESIGN
        ):
            shown.append(person.family_name)
    return shown if not lines else []


def _walk(client, url, method, data=None):
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = getattr(client, method)(url, data or {})
    return response, _new_lines(before)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), _cases(), ids=lambda v: v)
def test_an_empty_post_shows_no_person_without_its_audit_line(client, world, name, role):
    objs = _setup(world)
    user = None if role == "anonymous" else world.users[role]
    if user is not None:
        login(client, user)
    url = _url(name, role, world, objs)
    page = RERENDERS.get(name, name)
    got, got_lines = _walk(client, _url(page, role, world, objs), "get")
    if got.status_code not in (301, 302, 404, 405):
        assert _shown_without_audit(got, page, role, user, objs, got_lines) == [], (page, role)
    posted, lines = _walk(client, url, "post", INVALID.get(name))
    assert posted.status_code == EMPTY_POST_STATUS[name], (name, role, posted.status_code)
    if posted.status_code in (301, 302, 405):
        return
    assert _shown_without_audit(posted, page, role, user, objs, lines) == [], (name, role)
    if got.status_code == 200:
        # the page shown again writes every audit line its GET writes
        assert lines >= got_lines, (name, role, got_lines - lines)
