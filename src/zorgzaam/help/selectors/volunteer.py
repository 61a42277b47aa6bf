"""The volunteer's own reads: profile, hours, proposals, contact visibility."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from zorgzaam.accounts.permissions import deny

from ..hours import hours_display
from ..models import (
    HelpRequest,
    Proposal,
    VolunteerProfile,
)


# --------------------------------------------------------------------------- volunteer
def volunteer_profile_of(user) -> VolunteerProfile | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return None
    return VolunteerProfile.objects.filter(person=person).first()


@dataclass(frozen=True)
class HoursSummary:
    """A volunteer's own hours: every task done (newest first) and the totals per month and
    per year (newest first) of the hours recorded."""

    tasks: list
    months: list[dict]
    years: list[dict]
    total: Decimal
    this_year: Decimal
    without_hours: int

    @property
    def total_text(self) -> str:
        return hours_display(self.total)

    @property
    def this_year_text(self) -> str:
        return hours_display(self.this_year)


def volunteer_hours(profile: VolunteerProfile, *, today: dt.date | None = None) -> HoursSummary:
    """The hours of the volunteer's done tasks, counted in the month they were done (a buddy
    pairing's hours, recorded when it ends, in the month it ended). Tasks done without hours
    are listed and counted apart (``without_hours``)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    tasks = list(
        HelpRequest.objects.filter(volunteer=profile, status=HelpRequest.Status.DONE)
        .select_related("area", "postcode_area")
        .order_by("-done_at")
    )
    months: dict[dt.date, dict] = {}
    years: dict[int, dict] = {}
    zero = Decimal("0")
    for task in tasks:
        done_on = timezone.localdate(task.done_at) if task.done_at else None
        setattr(task, "done_on", done_on)  # noqa: B010 - shown in the list, not a field
        if done_on is None:
            continue
        month = done_on.replace(day=1)
        for bucket in (
            months.setdefault(month, {"month": month, "hours": zero, "tasks": 0}),
            years.setdefault(month.year, {"year": month.year, "hours": zero, "tasks": 0}),
        ):
            bucket["tasks"] += 1
            if task.hours_spent is not None:
                bucket["hours"] += task.hours_spent
    total = sum((t.hours_spent for t in tasks if t.hours_spent is not None), zero)
    for row in (*months.values(), *years.values()):
        row["hours_text"] = hours_display(row["hours"])
    for task in tasks:
        setattr(task, "hours_text", hours_display(task.hours_spent))  # noqa: B010
    return HoursSummary(
        tasks=tasks,
        months=sorted(months.values(), key=lambda m: m["month"], reverse=True),
        years=sorted(years.values(), key=lambda y: y["year"], reverse=True),
        total=total,
        this_year=years.get(today.year, {"hours": zero})["hours"],
        without_hours=sum(1 for t in tasks if t.hours_spent is None),
    )


def proposal_list_for_volunteer(user) -> QuerySet:
    profile = volunteer_profile_of(user)
    if profile is None:
        return Proposal.objects.none()
    return Proposal.objects.filter(volunteer=profile).select_related(
        "request", "request__area", "request__postcode_area"
    )


def proposal_get_for_volunteer(request, public_id) -> Proposal:
    """The volunteer's own proposal; anyone else's is an audited refusal."""
    obj = (
        Proposal.objects.filter(public_id=public_id)
        .select_related(
            "request",
            "request__area",
            "request__postcode_area",
            "request__requester",
            "request__municipality",
            "volunteer__person",
        )
        .first()
    )
    if obj is None:
        raise Http404
    if obj.volunteer.person.user_id != request.user.pk:
        deny(
            request,
            target=obj,
            subject_id=obj.request.requester.public_id,
            reason="not the volunteer of this proposal",
        )
    return obj


def contact_visible(proposal: Proposal) -> bool:
    """Address and phone are shown to a volunteer only once they accepted and the task is
    theirs and still active."""
    return (
        proposal.status == Proposal.Status.ACCEPTED
        and proposal.request.volunteer_id == proposal.volunteer_id
        and proposal.request.status in HelpRequest.ACTIVE
    )
