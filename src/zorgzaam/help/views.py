"""Screens of neighbour help. Views parse, call one service or selector, and render; every
view declares its access rule (``@public`` or ``@requires``)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import actor_can, public, requires
from zorgzaam.audit.services import audit_record, client_ip
from zorgzaam.common.errors import ApplicationError, add_form_error
from zorgzaam.people.selectors import person_get_for_actor, person_search
from zorgzaam.tenancy.selectors import postcode_area_get

from . import selectors, services
from .constants import SKILL_LABELS, RequestKind, SubmittedVia
from .engine import explain_stored, ui_lang
from .forms import (
    BlockForm,
    BuddyStartForm,
    CheckInForm,
    ConcernForm,
    DeclineForm,
    DoneForm,
    EndPairingForm,
    HoursForm,
    OnBehalfForm,
    PhoneRequestForm,
    PlanForm,
    PublicRequestForm,
    ResidentRequestForm,
    VogForm,
    VolunteerProfileForm,
    slots_mask,
)
from .hours import MAX_BUDDY_HOURS, MAX_HOURS
from .models import BuddyPairing, HelpRequest, Proposal, VolunteerProfile

#: public form (docs/help.md "Rate limits"): per hour, at most HELP_ASK_PER_PERSON submissions
#: for one postcode + phone number (the submission's fingerprint), and a ceiling of
#: HELP_ASK_PER_IP posts from one connection, high enough for a hub's shared computer.
PUBLIC_PER_PERSON = 3
PUBLIC_PER_IP = 60
PUBLIC_RATE_WINDOW = 3600
#: open requests per page of a village's list
VILLAGE_PAGE_SIZE = 10


def skill_label(code: str) -> str:
    return SKILL_LABELS.get(code, {}).get(ui_lang(), code)


def _change(request, service, *, done: str, form=None, invalid: str = "", **kwargs) -> bool:
    """Run a state-changing ``service`` as the signed-in user; say ``done`` if it worked, or
    the service's reason if it refused. With a ``form``, its cleaned data are passed too, and
    an invalid form says ``invalid`` and runs nothing. Returns whether it worked."""
    if form is not None:
        if not form.is_valid():
            messages.error(request, invalid)
            return False
        kwargs.update(form.cleaned_data)
    try:
        service(actor=request.user, request=request, **kwargs)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, done)
    return True


def _submit(request, form, service, *, done: str, **kwargs) -> str:
    """Run ``service`` with the cleaned data of a bound ``form`` as the signed-in user.

    Returns ``"done"`` (it worked; ``done`` is said), ``"invalid"`` (the form is invalid or
    the service refused one of its fields: the errors sit next to the fields, so render
    the form again with what was typed) or ``"refused"`` (the service refused the action
    as a whole: its reason is said as a message)."""
    if not form.is_valid():
        return "invalid"
    try:
        service(actor=request.user, request=request, **kwargs, **form.cleaned_data)
    except ApplicationError as exc:
        if exc.field and exc.field in form.fields:
            form.add_error(exc.field, exc.message)
            return "invalid"
        messages.error(request, exc.message)
        return "refused"
    messages.success(request, done)
    return "done"


def _create_request(request, form, *, municipality, requester, via, **extra):
    """Store the help request a ``_WhatWhen`` form describes (skill, text, window, language)."""
    data = form.cleaned_data
    start, end = form.window()
    return services.help_request_create(
        municipality=municipality,
        requester=requester,
        skill=data["skill"],
        description=data["description"],
        window_start=start,
        window_end=end,
        language=data["language"],
        submitted_via=via,
        request=request,
        **extra,
    )


# --------------------------------------------------------------------------- public
def _over_limit(key: str, limit: int) -> bool:
    """Count one more hit on ``key`` in the current window; True once over ``limit``."""
    cache.add(key, 0, PUBLIC_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, PUBLIC_RATE_WINDOW)
        count = 1
    return count > limit


def _rate_limited(request) -> bool:
    """The per-connection ceiling: counts every post (bots and typos included)."""
    from django.conf import settings

    limit = getattr(settings, "HELP_ASK_PER_IP", PUBLIC_PER_IP)
    return _over_limit(f"help:ask:ip:{client_ip(request) or 'unknown'}", limit)


def _fingerprint_limited(form) -> bool:
    """The per-person limit: the same postcode and phone number (a keyed hash, so the cache
    holds no personal data) sent more than HELP_ASK_PER_PERSON times in an hour."""
    import hashlib
    import hmac

    from django.conf import settings

    postcode = "".join(form.cleaned_data["postcode"].split()).upper()
    digits = "".join(c for c in form.cleaned_data["phone"] if c.isdigit())[-9:]
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{postcode}|{digits}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    limit = getattr(settings, "HELP_ASK_PER_PERSON", PUBLIC_PER_PERSON)
    return _over_limit(f"help:ask:fp:{digest}", limit)


def _ask_refused(request, form, message):
    form.add_error(None, message)
    return render(
        request, "help/ask.html", {"form": form, "hub_phones": _hub_phones(request)}, status=429
    )


@public
def ask(request):
    """Ask for help without an account: stored as ``new``; a coordinator follows up."""
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is not None and actor_can(request.user, "help.request"):
        return redirect("help:my_request_new")  # a known resident: no need to type it all
    form = PublicRequestForm(request.POST or None)
    if request.method == "POST":
        if _rate_limited(request):
            return _ask_refused(
                request,
                form,
                _(
                    "Too many requests from this connection. Please call your community hub "
                    "or try again later."
                ),
            )
        if form.is_valid():
            if form.cleaned_data["website"]:
                return redirect("help:ask_thanks")  # a bot: store nothing, say nothing
            if _fingerprint_limited(form):
                return _ask_refused(
                    request,
                    form,
                    _(
                        "We already received several requests with this postcode and phone "
                        "number in the last hour. A coordinator will contact you; if it is "
                        "urgent, call your community hub."
                    ),
                )
            someone_else = form.cleaned_data["for_someone_else"]
            try:
                created = _create_for_new_person(
                    request,
                    form,
                    via=SubmittedVia.NEIGHBOUR if someone_else else SubmittedVia.PUBLIC_FORM,
                    consent=form.cleaned_data["consent"],
                )
            except ApplicationError as exc:
                add_form_error(form, exc)
            else:
                # The thanks page names the phone number of this village's hub.
                request.session["help_ask_area"] = created.requester.area_id
                return redirect("help:ask_thanks")
    return render(request, "help/ask.html", {"form": form, "hub_phones": _hub_phones(request)})


def _hub_phones(request, area_id=None) -> list[dict]:
    """Phone numbers of the community hubs (the village's own when known), when the social
    map part is installed: the texts that say "call your community hub" show them."""
    from django.apps import apps

    if not apps.is_installed("zorgzaam.socialmap"):
        return []
    from zorgzaam.socialmap.selectors import hub_phone_numbers

    user = request.user
    municipality = user.municipality if getattr(user, "is_authenticated", False) else None
    return hub_phone_numbers(municipality, area_id)


def _create_for_new_person(request, form, *, via, submitted_by=None, **extra):
    from django.db import transaction

    from zorgzaam.people.services import person_create

    data = form.cleaned_data
    pc_area = postcode_area_get(data["postcode"])
    if pc_area.municipality is None:
        raise ApplicationError(
            _("Postcode %(pc)s is not served here yet.") % {"pc": pc_area.pc4}, field="postcode"
        )
    if submitted_by is not None and pc_area.municipality_id != submitted_by.municipality_id:
        raise ApplicationError(
            _("Postcode %(pc)s lies outside %(m)s.")
            % {"pc": pc_area.pc4, "m": submitted_by.municipality.name},
            field="postcode",
        )
    with transaction.atomic():
        person = person_create(
            municipality=pc_area.municipality,
            given_name=data["given_name"],
            family_name=data["family_name"],
            postcode=data["postcode"],
            street_address=data["street_address"].strip(),
            phone=data["phone"].strip(),
            email=data.get("email") or "",
            languages=[data["language"]],
        )
        return _create_request(
            request,
            form,
            municipality=pc_area.municipality,
            requester=person,
            via=via,
            postcode=data["postcode"],
            submitted_by=submitted_by,
            **extra,
        )


@public
def ask_thanks(request):
    area_id = request.session.get("help_ask_area")
    return render(request, "help/ask_thanks.html", {"hub_phones": _hub_phones(request, area_id)})


# --------------------------------------------------------------------------- resident
@requires("help.request")
def my_requests(request):
    items = selectors.help_request_list_for_resident(request.user)
    has_person = getattr(request.user, "person", None) is not None
    return render(
        request,
        "help/my_requests.html",
        {"items": items, "has_person": has_person, "skill_label": skill_label},
    )


@requires("help.request")
def my_request_new(request):
    person = getattr(request.user, "person", None)
    if person is None:
        return redirect("help:ask")
    form = ResidentRequestForm(request.POST or None, initial={"language": "nl"})
    if request.method == "POST" and form.is_valid():
        try:
            _create_request(
                request,
                form,
                municipality=request.user.municipality,
                requester=person,
                via=SubmittedVia.SELF,
                kind=form.cleaned_data["kind"],
                submitted_by=request.user,
            )
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Thank you. We are looking for a volunteer nearby."))
            return redirect("help:my_requests")
    return render(request, "help/my_request_new.html", {"form": form})


@requires("help.request")
def my_request(request, public_id):
    obj = selectors.help_request_get_for_resident(request, public_id)
    return render(
        request,
        "help/my_request.html",
        {
            "obj": obj,
            "skill_label": skill_label,
            "volunteer_first_name": selectors.helper_first_name(obj),
        },
    )


@requires("help.request")
@require_POST
def my_request_cancel(request, public_id):
    obj = selectors.help_request_get_for_resident(request, public_id)
    _change(
        request,
        services.help_request_cancel,
        help_request=obj,
        done=_("Your request has been cancelled."),
    )
    return redirect("help:my_requests")


@requires("help.concern")
def concern_new(request, public_id):
    obj = selectors.help_request_get_for_concern(request, public_id)
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_report(
                actor=request.user,
                help_request=obj,
                text=form.cleaned_data["text"],
                request=request,
            )
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Thank you. A coordinator will look at it soon."))
            return redirect("web:home")
    return render(request, "help/concern_new.html", {"form": form, "obj": obj})


# --------------------------------------------------------------------------- volunteer
@requires("help.volunteer")
def tasks(request):
    profile = selectors.volunteer_profile_of(request.user)
    proposals = selectors.proposal_list_for_volunteer(request.user)
    offered = proposals.filter(status=Proposal.Status.OFFERED, request__status="proposed")
    mine = proposals.filter(status=Proposal.Status.ACCEPTED, request__status__in=HelpRequest.ACTIVE)
    pairings = (
        BuddyPairing.objects.filter(
            volunteer=profile, status=BuddyPairing.Status.ACTIVE
        ).select_related("request", "requester")
        if profile
        else []
    )
    return render(
        request,
        "help/tasks.html",
        {
            "profile": profile,
            "offered": offered,
            "mine": mine,
            "pairings": pairings,
            "hours": selectors.volunteer_hours(profile) if profile else None,
            "skill_label": skill_label,
        },
    )


@requires("help.volunteer")
def task(request, public_id):
    proposal = selectors.proposal_get_for_volunteer(request, public_id)
    return _task_page(request, proposal)


def _task_page(request, proposal, *, done_form=None):
    show_contact = selectors.contact_visible(proposal)
    if show_contact:
        audit_record(
            event="help.contact.view",
            request=request,
            target=proposal.request,
            subject_id=proposal.request.requester.public_id,
            fields=["address", "phone"],
        )
    return render(
        request,
        "help/task.html",
        {
            "proposal": proposal,
            "obj": proposal.request,
            "show_contact": show_contact,
            "decline_form": DeclineForm(),
            "done_form": done_form if done_form is not None else DoneForm(),
            "pairing": BuddyPairing.objects.filter(request=proposal.request).first(),
            "skill_label": skill_label,
        },
    )


@requires("help.volunteer")
@require_POST
def task_accept(request, public_id):
    proposal = selectors.proposal_get_for_volunteer(request, public_id)
    _change(
        request,
        services.proposal_accept,
        proposal=proposal,
        done=_("Thank you! You can now see the address and phone number."),
    )
    return redirect("help:task", public_id=proposal.public_id)


@requires("help.volunteer")
@require_POST
def task_decline(request, public_id):
    proposal = selectors.proposal_get_for_volunteer(request, public_id)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why you decline."))
        return redirect("help:task", public_id=proposal.public_id)
    _change(
        request,
        services.proposal_decline,
        proposal=proposal,
        reason=form.cleaned_data["reason"],
        done=_("Thank you for letting us know."),
    )
    return redirect("help:tasks")


@requires("help.volunteer")
@require_POST
def task_done(request, public_id):
    proposal = selectors.proposal_get_for_volunteer(request, public_id)
    if not selectors.contact_visible(proposal):
        raise Http404
    form = DoneForm(request.POST)
    outcome = _submit(
        request,
        form,
        services.help_request_complete,
        help_request=proposal.request,
        done=_("Marked as done. Thank you for helping!"),
    )
    if outcome == "invalid":
        messages.error(request, _("Check the hours."))
        return _task_page(request, proposal, done_form=form)
    return redirect("help:tasks")


def _profile_values(profile, **changes) -> dict:
    values = {
        "skills": profile.skills,
        "languages": profile.languages,
        "availability": profile.availability,
        "radius_km": profile.radius_km,
        "max_active_tasks": profile.max_active_tasks,
        "vog_status": profile.vog_status,
        "vog_expires_on": profile.vog_expires_on,
        "paused": profile.paused,
        "paused_until": profile.paused_until,
        "work_buddy_role": profile.work_buddy_role,
        "employer_name": profile.employer_name,
        "preferences": profile.preferences,
    }
    values.update(changes)
    return values


@requires("help.volunteer")
def volunteer_profile(request):
    """The volunteer's own profile: skills, languages, times, radius, load, pause."""
    person = getattr(request.user, "person", None)
    if person is None:
        messages.error(
            request, _("Your account is not linked to a person yet; ask your coordinator.")
        )
        return redirect("help:tasks")
    profile = selectors.volunteer_profile_of(request.user)
    initial = (
        VolunteerProfileForm.initial_of(profile)
        if profile
        else {"radius_km": 5, "max_active_tasks": 2, "languages": ["nl"]}
    )
    form = VolunteerProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {
            "skills": data["skills"],
            "languages": data["languages"],
            "availability": slots_mask(data["availability"]),
            "radius_km": data["radius_km"],
            "max_active_tasks": data["max_active_tasks"],
            "paused": data["paused"],
            "paused_until": data["paused_until"],
            "preferences": data["preferences"],
        }
        base = _profile_values(profile) if profile else {}
        try:
            services.volunteer_profile_save(
                person=person, actor=request.user, **{**base, **changes}
            )
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Your volunteer profile has been saved."))
            return redirect("help:tasks")
    return render(request, "help/volunteer_profile.html", {"form": form, "profile": profile})


@requires("help.volunteer")
def volunteer_hours(request):
    """The volunteer's own hours: totals per year and per month, and every task done."""
    profile = selectors.volunteer_profile_of(request.user)
    if profile is None:
        messages.error(request, _("You have no volunteer profile yet."))
        return redirect("help:tasks")
    return render(
        request,
        "help/volunteer_hours.html",
        {"summary": selectors.volunteer_hours(profile), "skill_label": skill_label},
    )


# --------------------------------------------------------------------------- buddies
@requires("help.buddy")
def buddy_checkin(request, public_id):
    pairing = selectors.pairing_get_for_actor(request, public_id)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.buddy_checkin_record(
                pairing=pairing,
                actor=request.user,
                going_well=form.cleaned_data["going_well"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Check-in recorded. Thank you."))
            return redirect("web:home")
    # The pairing (names, earlier check-in notes) is shown: also when the form comes back.
    audit_record(
        event="help.request.view",
        request=request,
        target=pairing.request,
        subject_id=pairing.requester.public_id,
    )
    return render(
        request,
        "help/buddy_checkin.html",
        {"form": form, "pairing": pairing, "earlier": pairing.checkins.all()[:5]},
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obj = _create_for_new_person(
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
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The request has been stored."))
            return redirect("help:coordinate_request", public_id=obj.public_id)
    return render(request, "help/coordinate_phone.html", {"form": form})


@requires("help.coordinate", person_level=True)
def coordinate_volunteers(request):
    """Volunteers of the municipality; ``?vog=expiring`` lists VOGs running out in 60 days."""
    qs = (
        VolunteerProfile.objects.for_municipality(request.user.municipality)
        .select_related("person", "person__area")
        .order_by("person__family_name", "person__given_name")
    )
    expiring = request.GET.get("vog") == "expiring"
    if expiring:
        today = timezone.localdate()
        qs = qs.filter(
            vog_status="valid", vog_expires_on__lte=today + dt.timedelta(days=60)
        ).order_by("vog_expires_on")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    audit_record(event="help.volunteer.view", request=request, target=("help.volunteer", "list"))
    return render(request, "help/coordinate_volunteers.html", {"page": page, "expiring": expiring})


@requires("help.coordinate", person_level=True)
def coordinate_volunteer(request, public_id):
    """A volunteer's profile for the coordinator; the coordinator records the VOG."""
    profile = selectors.volunteer_get_for_coordinator(request, public_id)
    form = VogForm(
        request.POST or None,
        initial={"vog_status": profile.vog_status, "vog_expires_on": profile.vog_expires_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_profile_save(
                person=profile.person,
                actor=request.user,
                **_profile_values(profile, **form.cleaned_data),
            )
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("help:coordinate_volunteer", public_id=profile.public_id)
    audit_record(
        event="help.volunteer.view",
        request=request,
        target=profile,
        subject_id=profile.person.public_id,
        fields=["phone"] if profile.person.phone else [],
    )
    from .matching import LANGUAGE_LABELS

    languages = [LANGUAGE_LABELS.get(la, {}).get(ui_lang(), la) for la in profile.languages]
    return render(
        request,
        "help/coordinate_volunteer.html",
        {"profile": profile, "form": form, "languages": languages},
    )


def _end_form(pairing, data=None) -> EndPairingForm:
    """The form that ends ``pairing``; its own element ids, as the page lists many."""
    return EndPairingForm(data, auto_id=f"id_end_{pairing.public_id.hex}_%s")


@requires("help.coordinate", person_level=True)
def coordinate_buddies(request):
    return _coordinate_buddies_page(request)


def _coordinate_buddies_page(request, *, failed=None, failed_form=None):
    """The list of active pairings (the resident's and the volunteer's names), with one
    audit line per pairing shown: also when an end form comes back with errors."""
    pairings = list(selectors.pairing_list_for_coordinator(request.user).filter(status="active"))
    for pairing in pairings:
        audit_record(
            event="help.request.view",
            request=request,
            target=pairing.request,
            subject_id=pairing.requester.public_id,
        )
    rows = [
        {
            "pairing": pairing,
            "end_form": failed_form if pairing.pk == failed else _end_form(pairing),
            "open": pairing.pk == failed,
        }
        for pairing in pairings
    ]
    return render(
        request,
        "help/coordinate_buddies.html",
        {"rows": rows, "today": timezone.localdate(), "skill_label": skill_label},
    )


@requires("help.coordinate", person_level=True)
@require_POST
def coordinate_buddy_end(request, public_id):
    pairing = selectors.pairing_get_for_actor(request, public_id)
    form = _end_form(pairing, request.POST)
    outcome = _submit(
        request, form, services.buddy_pairing_end, pairing=pairing, done=_("The pairing has ended.")
    )
    if outcome == "invalid" and pairing.status == BuddyPairing.Status.ACTIVE:
        messages.error(request, _("Check the evaluation, the score and the hours."))
        return _coordinate_buddies_page(request, failed=pairing.pk, failed_form=form)
    return redirect("help:coordinate_buddies")


@requires("help.coordinate", person_level=True)
def coordinate_concerns(request):
    concerns = list(selectors.concern_list_for_coordinator(request.user).filter(status="open"))
    for concern in concerns:
        audit_record(
            event="help.concern.view",
            request=request,
            target=concern,
            subject_id=concern.request.requester.public_id if concern.request else None,
        )
    return render(request, "help/coordinate_concerns.html", {"concerns": concerns})


@requires("help.coordinate", person_level=True)
@require_POST
def coordinate_concern_handle(request, public_id):
    concern = selectors.concern_get_for_coordinator(request, public_id)
    _change(request, services.concern_handle, concern=concern, done=_("Marked as handled."))
    return redirect("help:coordinate_concerns")


# --------------------------------------------------------------------------- professional
@requires("help.request_on_behalf", person_level=True)
def on_behalf_people(request):
    query = request.GET.get("q", "").strip()
    people = person_search(request.user, query).select_related("area")
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    audit_record(
        event="person.list",
        request=request,
        target=("people.person", "help"),
        fields=["search"] if query else [],
    )
    return render(request, "help/on_behalf_people.html", {"page": page, "query": query})


@requires("help.request_on_behalf", person_level=True)
def on_behalf(request, person_id):
    person = person_get_for_actor(request, person_id)
    form = OnBehalfForm(request.POST or None, initial={"language": "nl"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _create_request(
                request,
                form,
                municipality=request.user.municipality,
                requester=person,
                via=SubmittedVia.PROFESSIONAL,
                urgency=data["urgency"],
                kind=data["kind"],
                submitted_by=request.user,
                consent=data["consent"],
            )
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The request has been stored; a coordinator follows up."))
            return redirect("help:on_behalf_people")
    # The person's name is shown: also when the form comes back with errors.
    audit_record(event="person.view", request=request, target=person, subject_id=person.public_id)
    return render(request, "help/on_behalf.html", {"form": form, "person": person})


# --------------------------------------------------------------------------- inbox
@requires("help.inbox")
def inbox(request):
    page = Paginator(selectors.notifications_for(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "help/inbox.html", {"page": page})


@requires("help.inbox")
@require_POST
def inbox_read(request, public_id):
    note = selectors.notification_get_for_user(request, public_id)
    from .notifications import notification_mark_read

    notification_mark_read(note=note)
    if note.link.startswith("/"):
        return redirect(note.link)
    return redirect("help:inbox")
