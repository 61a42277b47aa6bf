"""Cross-tenant denial with real objects (issue #16).

Every URL that names an object by its public id is requested, for a real object of another
municipality, as every role of this municipality: the answer must be 404 or 403, and a 403
must have written its ``access.denied`` audit row. Where teams matter (``Scope.team`` in
``accounts/access.py``), the object URLs of another team's object in the same municipality
are requested as the team-bound roles too.

The objects are the demo municipality's (``demo_generate``: every part fills it), plus a few
types the demo leaves out. A route with a UUID in its path needs an entry in ``ROUTE_OBJECTS``
and every model with a public id an entry in ``access.SCOPES``: a new object type without
them fails here.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from zorgzaam.accounts.access import SCOPES, Scope, scope_of
from zorgzaam.accounts.roles import ROLE_CAPABILITIES, TEAM_ROLES, Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import login, make_world
from zorgzaam.common.urlwalk import Route, routes

#: route name -> (model label of the object, {URL kwarg: attribute path from that object to
#: the object the kwarg names; "" is the object itself}).
ROUTE_OBJECTS: dict[str, tuple[str, dict[str, str]]] = {
    # accounts, people
    "accounts:manage-user": ("accounts.User", {"user_id": ""}),
    "accounts:manage-user-role": ("accounts.User", {"user_id": ""}),
    "accounts:manage-user-teams": ("accounts.User", {"user_id": ""}),
    "accounts:manage-user-deactivate": ("accounts.User", {"user_id": ""}),
    "accounts:manage-user-invitation": ("accounts.User", {"user_id": ""}),
    "accounts:manage-user-second-factor": ("accounts.User", {"user_id": ""}),
    "accounts:manage-team": ("accounts.SocialTeam", {"team_id": ""}),
    "accounts:manage-team-areas": ("accounts.SocialTeam", {"team_id": ""}),
    "people:detail": ("people.Person", {"public_id": ""}),
    # socialmap
    "socialmap:edit": ("socialmap.Service", {"public_id": ""}),
    "socialmap:verify": ("socialmap.Service", {"public_id": ""}),
    "socialmap:versions": ("socialmap.Service", {"public_id": ""}),
    "socialmap:hub-edit": ("socialmap.Hub", {"public_id": ""}),
    "socialmap:hub-council": ("socialmap.Hub", {"public_id": ""}),
    "socialmap:hub-council-remove": ("socialmap.CouncilMember", {"public_id": ""}),
    "socialmap:propose": ("socialmap.Hub", {"public_id": ""}),
    "socialmap:proposals": ("socialmap.Hub", {"public_id": ""}),
    "socialmap:activity-decide": ("socialmap.Activity", {"public_id": ""}),
    "socialmap:activity-manage": ("socialmap.Activity", {"public_id": ""}),
    "socialmap:activity-cancel": ("socialmap.Activity", {"public_id": ""}),
    "socialmap:signup": ("socialmap.Activity", {"public_id": ""}),
    "socialmap:attendance": ("socialmap.Activity", {"public_id": ""}),
    "socialmap:signup-cancel": ("socialmap.SignUp", {"public_id": ""}),
    # help
    "help:my_request": ("help.HelpRequest", {"public_id": ""}),
    "help:my_request_cancel": ("help.HelpRequest", {"public_id": ""}),
    "help:concern_new": ("help.HelpRequest", {"public_id": ""}),
    "help:task": ("help.Proposal", {"public_id": ""}),
    "help:task_accept": ("help.Proposal", {"public_id": ""}),
    "help:task_decline": ("help.Proposal", {"public_id": ""}),
    "help:task_done": ("help.Proposal", {"public_id": ""}),
    "help:buddy_checkin": ("help.BuddyPairing", {"public_id": ""}),
    "help:coordinate_village": ("tenancy.Area", {"public_id": ""}),
    "help:coordinate_assign": ("tenancy.Area", {"public_id": ""}),
    "help:coordinate_request": ("help.HelpRequest", {"public_id": ""}),
    "help:coordinate_propose": (
        "help.Proposal",
        {"public_id": "request", "volunteer_id": "volunteer"},
    ),
    "help:coordinate_block": (
        "help.Proposal",
        {"public_id": "request", "volunteer_id": "volunteer"},
    ),
    "help:coordinate_plan": ("help.HelpRequest", {"public_id": ""}),
    "help:coordinate_cancel": ("help.HelpRequest", {"public_id": ""}),
    "help:coordinate_done": ("help.HelpRequest", {"public_id": ""}),
    "help:coordinate_hours": ("help.HelpRequest", {"public_id": ""}),
    "help:coordinate_buddy_start": ("help.HelpRequest", {"public_id": ""}),
    "help:coordinate_volunteer": ("help.VolunteerProfile", {"public_id": ""}),
    "help:coordinate_buddy_end": ("help.BuddyPairing", {"public_id": ""}),
    "help:coordinate_concern_handle": ("help.ConcernReport", {"public_id": ""}),
    "help:on_behalf": ("people.Person", {"person_id": ""}),
    "help:inbox_read": ("help.Notification", {"public_id": ""}),
    "help:coordinate_call_done": ("help.CallListEntry", {"public_id": ""}),
    "help:coordinate_request_messages": ("help.HelpRequest", {"public_id": ""}),
    "help:coordinate_contact_preference": ("help.HelpRequest", {"public_id": ""}),
    "help:coordinate_compare": ("help.HelpRequest", {"public_id": ""}),
    "help:task_messages": ("help.Proposal", {"public_id": ""}),
    "help:my_request_messages": ("help.HelpRequest", {"public_id": ""}),
    "help:coordinate_task_message": ("help.HelpRequest", {"public_id": ""}),
    # casework
    "casework:break_glass_reviewed": ("casework.BreakGlass", {"grant_id": ""}),
    "casework:presence_remove": ("casework.PresenceSlot", {"slot_id": ""}),
    "casework:referral_detail": ("casework.Referral", {"referral_id": ""}),
    "casework:api_household": ("casework.Household", {"household_id": ""}),
    "casework:api_referral": ("casework.Referral", {"referral_id": ""}),
    "casework:detail": ("casework.Household", {"household_id": ""}),
    "casework:break_glass": ("casework.Household", {"household_id": ""}),
    "casework:member_add": ("casework.Household", {"household_id": ""}),
    "casework:member_edit": (
        "casework.HouseholdMember",
        {"household_id": "household", "member_id": ""},
    ),
    "casework:bsn_reveal": (
        "casework.HouseholdMember",
        {"household_id": "household", "member_id": ""},
    ),
    "casework:export": ("casework.HouseholdMember", {"household_id": "household", "member_id": ""}),
    "casework:note_add": ("casework.Household", {"household_id": ""}),
    "casework:consent_add": ("casework.Household", {"household_id": ""}),
    "casework:consent_withdraw": (
        "casework.Consent",
        {"household_id": "household", "consent_id": ""},
    ),
    "casework:network_add": ("casework.Household", {"household_id": ""}),
    "casework:assign": ("casework.Household", {"household_id": ""}),
    "casework:urgency_add": ("casework.Household", {"household_id": ""}),
    "casework:urgency_decide": (
        "casework.UrgencyRequest",
        {"household_id": "household", "urgency_id": ""},
    ),
    "casework:close": ("casework.Household", {"household_id": ""}),
    "casework:plan": ("casework.Household", {"household_id": ""}),
    "casework:goal_new": ("casework.Household", {"household_id": ""}),
    "casework:goal_edit": ("casework.Goal", {"household_id": "plan.household", "goal_id": ""}),
    "casework:goal_link": ("casework.Goal", {"household_id": "plan.household", "goal_id": ""}),
    "casework:action_formal": (
        "casework.Goal",
        {"household_id": "plan.household", "goal_id": ""},
    ),
    "casework:action_status": (
        "casework.Action",
        {"household_id": "goal.plan.household", "action_id": ""},
    ),
    "casework:refer": (
        "casework.Action",
        {"household_id": "goal.plan.household", "action_id": ""},
    ),
    "casework:measure": ("casework.Household", {"household_id": ""}),
    "casework:contacts": ("casework.Household", {"household_id": ""}),
    "casework:contact_add": ("casework.Household", {"household_id": ""}),
    "casework:household_decisions": ("casework.Household", {"household_id": ""}),
    "casework:decision_add": ("casework.Household", {"household_id": ""}),
    "casework:decision_decide": (
        "casework.DiscretionaryDecision",
        {"household_id": "plan.household", "decision_id": ""},
    ),
    "casework:decision_review": (
        "casework.DiscretionaryDecision",
        {"household_id": "plan.household", "decision_id": ""},
    ),
    "casework:debt": ("casework.Household", {"household_id": ""}),
    "casework:debt_start": ("casework.Household", {"household_id": ""}),
    "casework:debt_update": ("casework.Household", {"household_id": ""}),
    "casework:debt_goal_add": ("casework.Household", {"household_id": ""}),
    "casework:debt_goal_status": (
        "casework.RecoveryGoal",
        {"household_id": "track.plan.household", "goal_id": ""},
    ),
    "casework:debt_link": ("casework.Household", {"household_id": ""}),
    # reports
    "reports:visit_detail": ("reports.WorkVisit", {"public_id": ""}),
    "reports:visit_edit": ("reports.WorkVisit", {"public_id": ""}),
    "reports:visit_content": ("reports.WorkVisit", {"public_id": ""}),
    "reports:visit_invite": ("reports.WorkVisit", {"public_id": ""}),
    "reports:visit_outcome": ("reports.WorkVisit", {"public_id": ""}),
    "reports:visit_pdf": ("reports.WorkVisit", {"public_id": ""}),
    # stories
    "stories:round": ("stories.Round", {"public_id": ""}),
    "stories:select": ("stories.Round", {"public_id": ""}),
    "stories:detail": ("stories.Story", {"public_id": ""}),
    "stories:review": ("stories.Story", {"public_id": ""}),
    "stories:withdraw": ("stories.Story", {"public_id": ""}),
    "stories:original": ("stories.Story", {"public_id": ""}),
    "stories:photo": ("stories.Story", {"public_id": ""}),
    "stories:keep-remove": ("stories.KeepWord", {"public_id": ""}),
    "stories:restore": ("stories.Redaction", {"public_id": "story", "redaction_id": ""}),
    # work
    "work:jobseeker_register": ("people.Person", {"person_id": ""}),
    "work:jobseeker_detail": ("work.JobSeeker", {"public_id": ""}),
    "work:jobseeker_edit": ("work.JobSeeker", {"public_id": ""}),
    "work:placement_new": ("work.JobSeeker", {"public_id": ""}),
    "work:placement_detail": ("work.Placement", {"public_id": ""}),
    "work:placement_end": ("work.Placement", {"public_id": ""}),
    "work:followup_record": ("work.FollowUp", {"public_id": ""}),
    "work:employer_detail": ("work.Employer", {"public_id": ""}),
    "work:employer_edit": ("work.Employer", {"public_id": ""}),
    "work:peergroup_detail": ("work.PeerGroup", {"public_id": ""}),
    "work:peergroup_member_add": ("work.PeerGroup", {"public_id": ""}),
    "work:peergroup_member_outcome": (
        "work.PeerGroupMembership",
        {"public_id": "group", "seeker_id": "job_seeker"},
    ),
    "work:session_add": ("work.PeerGroup", {"public_id": ""}),
    "work:session_detail": ("work.PeerGroupSession", {"public_id": ""}),
    "work:garden_detail": ("work.FoodGarden", {"public_id": ""}),
    "work:garden_place": ("work.FoodGarden", {"public_id": ""}),
    "work:garden_shift": ("work.FoodGarden", {"public_id": ""}),
    "work:garden_produce": ("work.FoodGarden", {"public_id": ""}),
    "work:contract_detail": ("work.SroiContract", {"public_id": ""}),
}

#: Routes where another team's object (same municipality) is reachable by design.
TEAM_OPEN = {
    # the break-the-glass form is exactly for another team's household (audited, reviewed)
    "casework:break_glass",
    # #16: the work part registers any resident of the municipality as a job seeker (its
    # coordinators are not bound to team areas); "person search follows one rule" is open
    "work:jobseeker_register",
}


def _object_routes() -> list[Route]:
    """Routes that name an object by a UUID and are not public."""
    return [r for r in routes() if "<uuid:" in r.pattern and not r.public]


def _public_id_models():
    return [m for m in apps.get_models() if any(f.name == "public_id" for f in m._meta.fields)]


def test_every_object_type_has_a_scope():
    missing = [m._meta.label for m in _public_id_models() if m._meta.label not in SCOPES]
    assert missing == [], f"add these models to zorgzaam.accounts.access.SCOPES: {missing}"
    for model in _public_id_models():
        scope = scope_of(model)
        if scope.municipality is None:
            assert scope.note, f"{model._meta.label}: say why it belongs to no municipality"
        else:  # the path must resolve
            model._default_manager.values_list(scope.municipality or "pk").query.__str__()
        if scope.team:
            model._default_manager.values_list(scope.team).query.__str__()


def test_every_object_route_names_its_object_type():
    missing = [r.name for r in _object_routes() if r.name not in ROUTE_OBJECTS]
    assert missing == [], f"add these routes to ROUTE_OBJECTS: {missing}"
    for name, (label, kwargs) in ROUTE_OBJECTS.items():
        route = next((r for r in _object_routes() if r.name == name), None)
        if route is not None:  # the part may be switched off (ZORGZAAM_PARTS)
            assert isinstance(SCOPES[label], Scope)
            apps.get_model(label)
            for kwarg in kwargs:
                assert f":{kwarg}>" in route.pattern, (name, kwarg)


def _follow(obj, path: str):
    for attr in filter(None, path.split(".")):
        obj = getattr(obj, attr)
    return obj


def _url(route: Route, obj) -> str:
    _label, kwargs = ROUTE_OBJECTS[route.name]
    return route.sample_url(**{k: _follow(obj, p).public_id for k, p in kwargs.items()})


def _first_choice(model, field: str) -> str:
    return model._meta.get_field(field).choices[0][0]


def _build(label: str, ctx):
    """An object of a type the demo does not make, in the demo municipality."""
    from zorgzaam.people.models import Person

    municipality = ctx.municipality
    model = apps.get_model(label)
    today = ctx.today
    if label == "help.ConcernReport":
        request = apps.get_model("help.HelpRequest").objects.filter(municipality=municipality)
        return model.objects.create(
            municipality=municipality, reporter=ctx.users["bewoner"], request=request.first()
        )
    if label in ("help.Notification", "help.CallListEntry"):
        person = Person.objects.filter(municipality=municipality).first()
        note = apps.get_model("help.Notification").objects.create(
            municipality=municipality, recipient=ctx.users["bewoner"], person=person, kind="test"
        )
        if label == "help.Notification":
            return note
        return model.objects.create(
            municipality=municipality, notification=note, person=person, due_on=today
        )
    # a household outside the teams of the demo's team-bound logins (for the team check too)
    team_users = [u for u in ctx.users.values() if u.role in TEAM_ROLES]
    household = (
        apps.get_model("casework.Household")
        .objects.filter(municipality=municipality)
        .exclude(team__teammembership__user__in=team_users)
        .exclude(professionals__in=team_users)
        .order_by("pk")
    )
    if label == "casework.BreakGlass":
        return model.objects.create(
            household=household.first(),
            user=ctx.users["professional"],
            reason_code=_first_choice(model, "reason_code"),
            reason="test",
            expires_at=timezone.now() - timedelta(hours=1),  # expired: grants nothing now
        )
    if label == "casework.UrgencyRequest":
        return model.objects.create(
            household=household.first(), reason="test", requested_by=ctx.users["professional"]
        )
    if label == "casework.DiscretionaryDecision":
        return model.objects.create(
            plan=household.first().plan,
            legal_ground=_first_choice(model, "legal_ground"),
            reason="test",
            expected_effect="test",
            cost=10,
            review_on=today,
            requested_by=ctx.users["professional"],
        )
    if label == "casework.RecoveryGoal":
        track = apps.get_model("casework.DebtTrack").objects.create(
            plan=household.first().plan, created_by=ctx.users["professional"]
        )
        return model.objects.create(
            track=track, kind=_first_choice(model, "kind"), description="test"
        )
    if label == "reports.WorkVisit":
        return model.objects.create(
            municipality=municipality,
            kind=_first_choice(model, "kind"),
            title="test",
            date=today,
            period=str(today.year),
        )
    if label == "work.FoodGarden":
        employer = apps.get_model("work.Employer").objects.filter(municipality=municipality)
        return model.objects.create(
            municipality=municipality,
            name="Test",
            employer=employer.first(),
            place="Test",
            food_bank="Test",
        )
    if label == "stories.KeepWord":
        return model.objects.create(
            municipality=municipality, word="Zorgzaamheid", tag="test", source="test"
        )
    if label == "stories.Redaction":
        story = apps.get_model("stories.Story").objects.filter(municipality=municipality)
        return model.objects.create(
            municipality=municipality,
            story=story.first(),
            order=1,
            at=0,
            tag="PERSOON",
            label="[persoon]",
            source="test",
        )
    return None


def _sample(model, path: str, value, *, exclude_user=None):
    qs = model._default_manager.filter(**{f"{path}__pk" if path else "pk": value.pk})
    if exclude_user is not None:
        team = scope_of(model).team
        qs = qs.exclude(**{f"{team}__teammembership__user": exclude_user})
        if model._meta.label == "casework.Household":
            qs = qs.exclude(professionals=exclude_user)
        elif model._meta.label.startswith("casework."):
            household = scope_of(model).team.removesuffix("__team")
            qs = qs.exclude(**{f"{household}__professionals": exclude_user})
    return qs.order_by("pk").first()


def _request(client, url: str):
    response = client.get(url, follow=False)
    if response.status_code == 405:  # a POST-only action: try the action itself
        response = client.post(url, {}, follow=False)
    return response


def _check(client, user, role: str, route: Route, obj, problems: list[str]) -> None:
    url = _url(route, obj)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = _request(client, url)
    if response.status_code == 302 and route.name == "casework:detail":
        # another team's household: the page offers break-the-glass instead of the case
        glass = reverse("casework:break_glass", kwargs={"household_id": obj.public_id})
        if response["Location"] == glass:
            return
    if response.status_code not in (403, 404):
        problems.append(f"{role} {route.name} {url}: {response.status_code}")
        return
    if response.status_code == 403:
        denials = AuditEvent.objects.filter(
            pk__gt=last, event="access.denied", outcome=AuditEvent.Outcome.DENIED
        )
        if not denials.filter(actor_id=user.public_id).exists():
            problems.append(f"{role} {route.name} {url}: 403 without an access.denied row")


@pytest.mark.django_db
def test_another_municipalitys_objects_are_refused_to_every_role(client):
    from zorgzaam.common.demo import demo_generate

    ctx = demo_generate(seed=1, residents=60, volunteers=30)
    world = make_world()
    object_routes = _object_routes()
    samples = {}
    problems: list[str] = []
    # a route without an entry is reported by test_every_object_route_names_its_object_type
    object_routes = [r for r in object_routes if r.name in ROUTE_OBJECTS]
    for route in object_routes:
        label = ROUTE_OBJECTS[route.name][0]
        if label not in samples:
            model = apps.get_model(label)
            samples[label] = _sample(model, scope_of(model).municipality, ctx.municipality)
            if samples[label] is None:
                samples[label] = _build(label, ctx)
            if samples[label] is None:
                problems.append(f"no {label} of the demo municipality to try {route.name}")
    assert problems == []

    for role in Role.values:
        user = world.users[role]
        login(client, user)
        for route in object_routes:
            _check(client, user, role, route, samples[ROUTE_OBJECTS[route.name][0]], problems)
        client.logout()

    # Another team of the same municipality, for the team-bound roles (the demo's own logins).
    team_users = [
        u
        for u in ctx.users.values()
        if u.role in TEAM_ROLES and u.municipality_id == ctx.municipality.pk
    ]
    assert team_users
    for user in team_users:
        login(client, user)
        for route in object_routes:
            label = ROUTE_OBJECTS[route.name][0]
            model = apps.get_model(label)
            if route.name in TEAM_OPEN or not scope_of(model).team:
                continue
            if route.access.capability not in ROLE_CAPABILITIES[user.role]:
                continue
            obj = _sample(model, scope_of(model).municipality, ctx.municipality, exclude_user=user)
            if obj is None:
                obj = _build(label, ctx)
            if obj is None or _sample(model, "", obj, exclude_user=user) is None:
                problems.append(f"no {label} outside the teams of {user.role} for {route.name}")
                continue
            _check(client, user, f"{user.role} (other team)", route, obj, problems)
        client.logout()
    assert problems == [], "\n".join(problems)
