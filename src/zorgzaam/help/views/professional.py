"""A professional's request on behalf of a resident, and everyone's inbox."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.http import post_form
from zorgzaam.people.selectors import person_get_for_actor, person_search

from .. import selectors
from ..constants import SubmittedVia
from ..forms import (
    OnBehalfForm,
)
from .base import (
    _create_request,
)


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

    def create(form):
        data = form.cleaned_data
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

    done = _("The request has been stored; a coordinator follows up.")
    if request.method == "POST" and post_form(request, form, create, done) is None:
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
    from ..notifications import notification_mark_read

    notification_mark_read(note=note)
    if note.link.startswith("/"):
        return redirect(note.link)
    return redirect("help:inbox")
