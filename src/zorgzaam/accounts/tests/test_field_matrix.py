"""Need-to-know per field (issue #15): every page and API response, opened as every role of
the demo municipality with the demo data, shows a personal or special-category field's value
only where ``common/fieldmatrix.FIELDS`` says that URL shows it; the roles per field in
``docs/authorization.md`` are derived from that registry.

The objects are those of ``test_cross_tenant`` (the demo's, plus the types it leaves out),
chosen per user so that the page is one the user may open (their own request, their team's
household) rather than a refusal."""

from __future__ import annotations

import json
import os

import pytest
from django.apps import apps
from django.utils.html import escape

from zorgzaam.accounts.access import scope_of
from zorgzaam.accounts.roles import ROLE_CAPABILITIES, TEAM_ROLES, Role
from zorgzaam.common.fieldmatrix import FIELDS, allowed_routes
from zorgzaam.common.testing import login
from zorgzaam.common.urlwalk import routes

from .test_cross_tenant import ROUTE_OBJECTS, _build, _follow

#: ORM path from an object to the user it belongs to, tried first: a resident's own request,
#: a volunteer's own task.
OWN = {
    "help.HelpRequest": "requester__user",
    "help.Proposal": "volunteer__person__user",
    "help.BuddyPairing": "volunteer__person__user",
    "help.Notification": "recipient",
    "people.Person": "user",
}
#: a value shorter than this could show by chance (a word, a house number)
MIN_LENGTH = 8
CANDIDATES = 3


def _extras(ctx) -> dict[str, object]:
    """Values of the registered fields the demo leaves empty: a BSN of a member of the demo
    professional's team, a concern about the resident's request, a message about the
    volunteer's accepted task."""
    HouseholdMember = apps.get_model("casework.HouseholdMember")
    HelpRequest = apps.get_model("help.HelpRequest")
    Proposal = apps.get_model("help.Proposal")
    member = (
        HouseholdMember.objects.filter(
            household__team__teammembership__user=ctx.users["professional"]
        )
        .order_by("pk")
        .first()
    )
    member.bsn = "111222333"
    member.save()
    request = HelpRequest.objects.filter(requester__user=ctx.users["bewoner"]).first()
    apps.get_model("help.ConcernReport").objects.create(
        municipality=ctx.municipality,
        reporter=ctx.users["bewoner"],
        request=request,
        text="Ik maak me zorgen over deze koppeling",
    )
    accepted = Proposal.objects.filter(
        volunteer__person__user=ctx.users["vrijwilliger"],
        status="accepted",
        request__status__in=HelpRequest.ACTIVE,
    ).first()
    apps.get_model("help.TaskMessage").objects.create(
        municipality=ctx.municipality,
        help_request=accepted.request,
        side="volunteer",
        author=ctx.users["vrijwilliger"],
        text="Ik kom dinsdag om tien uur langs",
    )
    # tried first where a page names an object of this type: the pages show these values
    return {"help.Proposal": accepted, "help.HelpRequest": accepted.request}


def _values() -> dict[tuple[str, str], set[str]]:
    """Every stored value of every registered field (decrypted), long enough to be told."""
    found = {}
    for spec in FIELDS:
        model = apps.get_model(spec.model)
        values = set()
        for obj in model._default_manager.all():
            value = str(getattr(obj, spec.field) or "").strip()
            if spec.model == "stories.Story" and value == (obj.text or "").strip():
                continue  # nothing was taken out: the original is the published text
            if len(value) >= MIN_LENGTH:
                values.add(value)
        found[(spec.model, spec.field)] = values
    return found


def _forms(value: str) -> tuple[str, ...]:
    return (value, escape(value), json.dumps(value)[1:-1])


def _candidates(label: str, user, ctx, preferred) -> list:
    model = apps.get_model(label)
    scope = scope_of(model)
    base = model._default_manager.all()
    if scope.municipality is not None:
        base = base.filter(
            **{f"{scope.municipality}__pk" if scope.municipality else "pk": ctx.municipality.pk}
        )
    tries = []
    if label in OWN:
        tries.append(base.filter(**{OWN[label]: user}))
    if scope.team and user.role in TEAM_ROLES:
        tries.append(base.filter(**{f"{scope.team}__teammembership__user": user}))
    tries.append(base)
    found = [preferred[label]] if label in preferred else []
    for qs in tries:
        for obj in qs.order_by("pk").distinct()[:CANDIDATES]:
            if obj not in found:
                found.append(obj)
    built = _build(label, ctx) if not found else None
    return found[:CANDIDATES] or ([built] if built is not None else [])


def _url(route, obj) -> str:
    _label, kwargs = ROUTE_OBJECTS[route.name]
    return route.sample_url(**{k: _follow(obj, p).public_id for k, p in kwargs.items()})


def _pages(client, user, ctx, preferred):
    """(route name, body) of every GET page and API response the user can open."""
    for route in routes():
        if route.public or route.access.capability not in ROLE_CAPABILITIES[user.role]:
            continue
        if "<" not in route.pattern:
            urls = [route.sample_url()]
        elif route.name in ROUTE_OBJECTS:
            label = ROUTE_OBJECTS[route.name][0]
            urls = [_url(route, o) for o in _candidates(label, user, ctx, preferred)]
        else:
            continue
        for url in urls:
            response = client.get(url)
            if response.status_code == 200:
                yield route.name, response.content.decode(errors="replace")
                break


@pytest.mark.django_db
def test_every_role_sees_only_the_fields_the_matrix_allows(client):
    from zorgzaam.common.demo import demo_generate

    ctx = demo_generate(seed=1, residents=60, volunteers=30)
    preferred = _extras(ctx)
    values = _values()
    assert all(values.values()), [k for k, v in values.items() if not v]
    users = {u.role: u for u in ctx.users.values() if u.municipality_id == ctx.municipality.pk}
    assert set(users) == set(Role.values)
    problems, seen = [], set()
    for role, user in users.items():
        login(client, user)
        for name, body in _pages(client, user, ctx, preferred):
            for (model, field), field_values in values.items():
                if any(form in body for v in field_values for form in _forms(v)):
                    seen.add((model, field, role))
                    if name not in allowed_routes(model, field):
                        problems.append(f"{role} {name}: {model}.{field}")
        client.logout()
    if os.environ.get("FIELD_MATRIX_SHOW"):
        print("\n".join(sorted(problems)))
    assert problems == [], "shown where common/fieldmatrix.FIELDS does not say:\n" + "\n".join(
        problems
    )
    # the walk sees every field the registry says is shown (else it could not catch a leak)
    shown = {(s.model, s.field) for s in FIELDS if s.shown_by}
    assert shown <= {(m, f) for m, f, _r in seen}


def test_the_documented_field_table_is_the_generated_one():
    """docs/authorization.md holds the per-field table the registry generates (regenerate
    with `zorgzaam authz-matrix > docs/authorization.md`)."""
    from pathlib import Path

    from zorgzaam.common.fieldmatrix import field_matrix_markdown

    doc = Path(__file__).resolve().parents[4] / "docs" / "authorization.md"
    assert "\n".join(field_matrix_markdown()) in doc.read_text(encoding="utf-8")
