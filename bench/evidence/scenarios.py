"""Write scenarios of the load test (runs inside Django, in bench/evidence/load.py).

Three kinds of acknowledged writes, each through the real form a person uses:
- ``help_request``: a hub coordinator enters a request taken by phone (a new Person and a
  HelpRequest in one transaction; the redirect names the request's UUID);
- ``story``: a resident tells a story (the redirect names the story's UUID; de-identification
  is queued as a background task);
- ``case_note``: a professional (past the second factor) adds a note to a household of their
  team (the note text is encrypted; the acknowledgement is a marker inside the text).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from zorgzaam.accounts.models import SocialTeam, TeamMembership, User
from zorgzaam.accounts.roles import Role
from zorgzaam.common.demo import demo_generate

PASSWORD = "load-test-password-1"  # noqa: S105 - throw-away database
UUID = r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
# Acknowledged = redirected to the page of what was written; a redirect elsewhere (to the
# login or second-factor page, or back to the form) is not an acknowledgement.
HELP_ACK = rf"^(?:https?://[^/]+)?/help/coordinate/requests/{UUID}/$"
STORY_ACK = rf"^(?:https?://[^/]+)?/stories/{UUID}/$"
NOTE_ACK = rf"^(?:https?://[^/]+)?/cases/{UUID}/#notes$"


@transaction.atomic
def _user(username: str, role: str, municipality, person=None, totp: bool = False) -> dict:
    user = User.objects.create(username=username, role=role, municipality=municipality)
    user.set_password(PASSWORD)
    user.save()
    account = {"username": username, "password": PASSWORD, "role": role}
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    if totp:
        device = TOTPDevice.objects.create(user=user, name="load", confirmed=True)
        account["totp"] = device.key
    return account


def build_plan(clients: int) -> dict:
    from zorgzaam.casework.models import Household
    from zorgzaam.stories.models import Domain
    from zorgzaam.stories.periods import period_of

    ctx = demo_generate(seed=5, residents=max(300, clients * 3), volunteers=120)
    municipality = ctx.municipality
    team = SocialTeam.objects.filter(municipality=municipality).earliest("pk")
    households = list(
        Household.objects.filter(team=team, status=Household.Status.OPEN).values_list(
            "public_id", flat=True
        )[:20]
    )
    domain = Domain.objects.filter(municipality=municipality).order_by("pk").first()
    area = ctx.residents[1].area
    users = []
    free_people = [p for p in ctx.residents[1:] if p.user_id is None]
    for i in range(clients):
        kind = i % 3
        if kind == 0:
            users.append(
                _user(f"load-coordinator-{i}", Role.HUB_COORDINATOR, municipality, totp=True)
            )
        elif kind == 1:
            users.append(
                _user(f"load-resident-{i}", Role.RESIDENT, municipality, person=free_people[i])
            )
        else:
            account = _user(f"load-professional-{i}", Role.PROFESSIONAL, municipality, totp=True)
            TeamMembership.objects.create(
                team=team, user=User.objects.get(username=account["username"])
            )
            users.append(account)
    day = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    scenarios = [
        {
            "kind": "help_request",
            "role": Role.HUB_COORDINATOR,
            "urls": ["/help/coordinate/phone/"],
            "ack": HELP_ACK,
            "data": {
                "given_name": "Load",
                "family_name": "Test{n}",
                "phone": "06{n8}",  # a valid Dutch mobile number
                "postcode": "2411 AB",
                "street_address": "Kerkstraat {n}",
                "skill": "shopping",
                "description": "Boodschappen doen, marker {uuid}",
                "day": day,
                "part": "0",
                "language": "nl",
                "urgency": "normal",
                "kind": "one_off",
            },
        },
        {
            "kind": "story",
            "role": Role.RESIDENT,
            "urls": ["/stories/new/"],
            "ack": STORY_ACK,
            "data": {
                "text": "Dankzij de koffieochtend ken ik mijn buren weer. Verhaal {n}.",
                "title": "",
                "domain": str(domain.pk) if domain else "",
                "area": str(area.pk) if area else "",
                "period": period_of(dt.date.today()),
                "audience": "municipality",
                "helpers": "informal",
            },
        },
        {
            "kind": "case_note",
            "role": Role.PROFESSIONAL,
            "urls": [f"/cases/{h}/notes/" for h in households],
            "ack": NOTE_ACK,
            "marker_field": "text",
            "data": {"text": "Gesprek gevoerd, afspraak gemaakt. note-{uuid}"},
        },
    ]
    return {"users": users, "scenarios": scenarios}


def verify(acks: list[dict]) -> dict:
    """Acknowledged versus present, half-written records, and the task queue after draining."""
    import subprocess
    import sys
    from pathlib import Path

    from django_tasks_db.models import DBTaskResult

    from zorgzaam.casework.models import CaseNote
    from zorgzaam.help.models import HelpRequest
    from zorgzaam.people.models import Person
    from zorgzaam.stories.models import Story

    by_kind: dict[str, set[str]] = {}
    for ack in acks:
        by_kind.setdefault(ack["kind"], set()).add(ack["id"])
    present = {
        "help_request": set(
            str(u)
            for u in HelpRequest.objects.filter(
                public_id__in=by_kind.get("help_request", set())
            ).values_list("public_id", flat=True)
        ),
        "story": set(
            str(u)
            for u in Story.objects.filter(public_id__in=by_kind.get("story", set())).values_list(
                "public_id", flat=True
            )
        ),
        "case_note": {
            marker
            for note in CaseNote.objects.filter(text__isnull=False).iterator()
            for marker in [note.text.rsplit(" ", 1)[-1]]
            if marker.startswith("note-")
        },
    }
    writes, lost = {}, 0
    for kind, ids in by_kind.items():
        missing = ids - present.get(kind, set())
        writes[kind] = {"acknowledged": len(ids), "present": len(ids) - len(missing)}
        lost += len(missing)
    # Half-written: a person entered by phone whose help request is missing.
    half = (
        Person.objects.filter(given_name="Load", family_name__startswith="Test")
        .exclude(pk__in=HelpRequest.objects.values("requester_id"))
        .count()
    )
    # Drain the task queue with a real worker run, then count what is still not finished.
    root = Path(__file__).resolve().parents[2]
    subprocess.run(
        [sys.executable, str(root / "manage.py"), "db_worker", "--batch", "--no-reload"],
        cwd=root,
        check=False,
        timeout=600,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    pending = DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).count()
    return {"writes": writes, "lost": lost, "half_written": half, "tasks_pending": pending}
