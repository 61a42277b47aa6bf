"""The coordinator's villages and requests: proposing, planning, hours, phone intake."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.http import post_form

from .. import selectors, services
from ..constants import RequestKind, SubmittedVia
from ..engine import explain_stored
from ..forms import (
    BlockForm,
    BuddyStartForm,
    DoneForm,
    HoursForm,
    PhoneRequestForm,
    PlanForm,
    slots_mask,
)
from ..hours import MAX_BUDDY_HOURS, MAX_HOURS
from ..models import BuddyPairing, HelpRequest, Proposal
from .base import (
    VILLAGE_PAGE_SIZE,
    _change,
    _create_for_new_person,
    _submit,
    skill_label,
)


# --------------------------------------------------------------------------- coordinator
@requires("help.coordinate", person_level=True)
def coordinate(request):
    return render(
        request,
        "help/coordinate.html",
        {
            "villages": selectors.village_summary(request.user),
            "concerns_open": selectors.concern_list_for_coordinator(request.user)
            .filter(status="open")
            .count(),
            "buddies_due": selectors.pairing_list_for_coordinator(request.user)
            .filter(status="active", next_checkin_on__lte=timezone.localdate())
            .count(),
        },
    )


@requires("help.coordinate", person_level=True)
def coordinate_village(request, public_id):
    area = selectors.area_get_for_coordinator(request, public_id)
    open_requests = (
        selectors.help_request_list_for_coordinator(
            request.user, area=area, status=list(HelpRequest.OPEN)
        )
        .prefetch_related(
            Prefetch(
                "proposals",
                queryset=Proposal.objects.select_related("volunteer__person"),
            )
        )
        .order_by("created_at", "pk")
    )
    # Ten requests a page, each with its three best volunteers (the page was 30 at once).
    page = Paginator(open_requests, VILLAGE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for obj in page.object_list:
        candidates, why = selectors.help_request_candidates(obj, k=3)
        common = selectors.candidate_common_facts(candidates)
        rows.append(
            {
                "obj": obj,
                "candidates": candidates,
                "why": why,
                "common": common,
                "common_codes": [f.code for f in common],
            }
        )
    audit_record(
        event="help.request.view", request=request, target=("help.village", area.public_id)
    )
    return render(
        request,
        "help/coordinate_village.html",
        {"area": area, "rows": rows, "page": page, "skill_label": skill_label},
    )


@requires("help.coordinate", person_level=True)
def coordinate_request(request, public_id):
    obj = selectors.help_request_get_for_coordinator(request, public_id)
    return _coordinate_request_page(request, obj)


def _hours_form(obj, data=None) -> HoursForm:
    maximum = MAX_BUDDY_HOURS if obj.kind == RequestKind.BUDDY else MAX_HOURS
    initial = {"hours": "" if obj.hours_spent is None else f"{obj.hours_spent.normalize():f}"}
    return HoursForm(data, maximum=maximum, initial=initial)


def _coordinate_request_page(request, obj, *, done_form=None, hours_form=None):
    audit_record(
        event="help.request.view", request=request, target=obj, subject_id=obj.requester.public_id
    )
    query = request.GET.get("q", "").strip()[:100]
    show_all = request.GET.get("all") == "1"
    search = (
        selectors.help_request_candidate_search(obj, query, show_all=show_all)
        if obj.is_open
        else None
    )
    candidates = search.top if search else []
    common = selectors.candidate_common_facts(candidates)
    proposals = [
        {"p": p, "text": explain_stored(p)}
        for p in obj.proposals.select_related("volunteer__person").order_by("-score")
    ]
    pairing = BuddyPairing.objects.filter(request=obj).first()
    return render(
        request,
        "help/coordinate_request.html",
        {
            "obj": obj,
            "candidates": candidates,
            "common": common,
            "common_codes": [f.code for f in common],
            "found_common_codes": [
                f.code for f in selectors.candidate_common_facts(search.found if search else [])
            ],
            "search": search,
            "query": query,
            "show_all": show_all,
            "why": search.why if search else "",
            "volunteer_phone": _volunteer_phone(request, obj),
            "proposals": proposals,
            "pairing": pairing,
            "plan_form": PlanForm(),
            "done_form": done_form if done_form is not None else DoneForm(),
            "hours_form": hours_form if hours_form is not None else _hours_form(obj),
            "buddy_form": BuddyStartForm(initial={"start_date": timezone.localdate()}),
            "block_form": BlockForm(),
            "skill_label": skill_label,
        },
    )


def _volunteer_phone(request, obj) -> str:
    """The phone number of the volunteer who took the request on (the coordinator calls
    them to plan or change it); reading it is audited."""
    if (
        obj.volunteer is None
        or obj.status not in HelpRequest.ACTIVE
        or not obj.volunteer.person.phone
    ):
        return ""
    audit_record(
        event="help.volunteer.view",
        request=request,
        target=obj.volunteer,
        subject_id=obj.volunteer.person.public_id,
        fields=["phone"],
    )
    return obj.volunteer.person.phone


@requires("help.coordinate", person_level=True)
def coordinate_compare(request, public_id):
    """Two or three eligible volunteers for a request side by side (``?v=<id>`` repeated):
    what differs between them, their phone numbers, and a button to propose each."""
    obj = selectors.help_request_get_for_coordinator(request, public_id)
    if not obj.is_open:
        messages.error(request, _("This request is no longer open for proposals."))
        return redirect("help:coordinate_request", public_id=obj.public_id)
    ids = []
    for value in request.GET.getlist("v"):
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue
    candidates, rows, eligible = selectors.help_request_candidates_compare(obj, ids)
    if len(candidates) < 2:
        messages.error(request, _("Choose two or three volunteers to compare."))
        return redirect("help:coordinate_request", public_id=obj.public_id)
    audit_record(
        event="help.request.view", request=request, target=obj, subject_id=obj.requester.public_id
    )
    for c in candidates:
        audit_record(
            event="help.volunteer.view",
            request=request,
            target=c.profile,
            subject_id=c.profile.person.public_id,
            fields=["phone"],
        )
    return render(
        request,
        "help/coordinate_compare.html",
        {
            "obj": obj,
            "candidates": candidates,
            "rows": rows,
            "eligible": eligible,
            "skill_label": skill_label,
        },
    )


@requires("help.coordinate", person_level=True)
@require_POST
def coordinate_propose(request, public_id, volunteer_id):
    obj = selectors.help_request_get_for_coordinator(request, public_id)
    volunteer = selectors.volunteer_get_for_coordinator(request, volunteer_id)
    _change(
        request,
        services.help_request_propose,
        help_request=obj,
        volunteer=volunteer,
        done=_("Proposed. The volunteer gets a message."),
    )
    back = request.POST.get("back")
    if back and obj.area is not None and back == str(obj.area.public_id):
        return redirect("help:coordinate_village", public_id=obj.area.public_id)
    return redirect("help:coordinate_request", public_id=obj.public_id)


@requires("help.coordinate", person_level=True)
@require_POST
def coordinate_assign(request, public_id):
    area = selectors.area_get_for_coordinator(request, public_id)
    result = services.help_batch_assign(
        municipality=request.user.municipality, actor=request.user, area=area, request=request
    )
    messages.success(
        request,
        _("%(n)s request(s) proposed to volunteers; %(u)s without a suitable volunteer.")
        % {"n": result["proposed"], "u": len(result["unassigned"])},
    )
    return redirect("help:coordinate_village", public_id=area.public_id)


@requires("help.coordinate", person_level=True)
@require_POST
def coordinate_plan(request, public_id):
    obj = selectors.help_request_get_for_coordinator(request, public_id)
    _change(
        request,
        services.help_request_plan,
        help_request=obj,
        form=PlanForm(request.POST),
        invalid=_("Give the date and time."),
        done=_("Planned."),
    )
    return redirect("help:coordinate_request", public_id=obj.public_id)


@requires("help.coordinate", person_level=True)
@require_POST
def coordinate_cancel(request, public_id):
    obj = selectors.help_request_get_for_coordinator(request, public_id)
    _change(
        request,
        services.help_request_cancel,
        help_request=obj,
        done=_("The request has been cancelled."),
    )
    return redirect("help:coordinate_request", public_id=obj.public_id)


@requires("help.coordinate", person_level=True)
@require_POST
def coordinate_done(request, public_id):
    obj = selectors.help_request_get_for_coordinator(request, public_id)
    return _coordinate_hours_post(
        request,
        obj,
        DoneForm(request.POST),
        services.help_request_complete,
        "done_form",
        done=_("Marked as done."),
    )


@requires("help.coordinate", person_level=True)
@require_POST
def coordinate_hours(request, public_id):
    obj = selectors.help_request_get_for_coordinator(request, public_id)
    return _coordinate_hours_post(
        request,
        obj,
        _hours_form(obj, request.POST),
        services.help_request_record_hours,
        "hours_form",
        done=_("Saved."),
    )


def _coordinate_hours_post(request, obj, form, service, form_name: str, *, done: str):
    """A coordinator's form with hours on the request page: back to the page, or the page
    again with the form's errors (what was typed kept)."""
    if _submit(request, form, service, help_request=obj, done=done) == "invalid":
        messages.error(request, _("Check the hours."))
        return _coordinate_request_page(request, obj, **{form_name: form})
    return redirect("help:coordinate_request", public_id=obj.public_id)


@requires("help.coordinate", person_level=True)
@require_POST
def coordinate_buddy_start(request, public_id):
    obj = selectors.help_request_get_for_coordinator(request, public_id)
    _change(
        request,
        services.buddy_pairing_start,
        help_request=obj,
        form=BuddyStartForm(request.POST),
        invalid=_("Check the start date, rhythm and check-in interval."),
        done=_("The buddy pairing has started."),
    )
    return redirect("help:coordinate_request", public_id=obj.public_id)


@requires("help.coordinate", person_level=True)
@require_POST
def coordinate_block(request, public_id, volunteer_id):
    obj = selectors.help_request_get_for_coordinator(request, public_id)
    volunteer = selectors.volunteer_get_for_coordinator(request, volunteer_id)
    _change(
        request,
        services.pairing_block,
        volunteer=volunteer,
        requester=obj.requester,
        form=BlockForm(request.POST),
        invalid=_("Give a reason for the block."),
        done=_("This volunteer will not be proposed to this person again."),
    )
    return redirect("help:coordinate_request", public_id=obj.public_id)


@requires("help.coordinate", person_level=True)
def coordinate_phone(request):
    form = PhoneRequestForm(request.POST or None, initial={"language": "nl"})

    def store(form):
        data = form.cleaned_data
        return _create_for_new_person(
            request,
            form,
            via=SubmittedVia.PHONE,
            submitted_by=request.user,
            urgency=data["urgency"],
            kind=data["kind"],
            requires_vog=data["requires_vog"],
            recurring=data["recurring"],
            slots=slots_mask(data["slots"]) if data["recurring"] else None,
        )

    if request.method == "POST":
        outcome = post_form(
            request,
            form,
            store,
            _("The request has been stored."),
            redirect_to=lambda stored: reverse(
                "help:coordinate_request", kwargs={"public_id": stored.public_id}
            ),
        )
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
    return render(request, "help/coordinate_phone.html", {"form": form})
