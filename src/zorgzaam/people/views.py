from django.core.paginator import Paginator
from django.shortcuts import render

from zorgzaam.accounts.permissions import requires
from zorgzaam.audit.services import audit_record

from .selectors import person_get_for_actor, person_list_for_actor


@requires("person.view", person_level=True)
def person_list(request):
    page = Paginator(person_list_for_actor(request.user).select_related("area"), 50).get_page(
        request.GET.get("page")
    )
    audit_record(event="person.list", request=request, target=("people.person", "list"))
    return render(request, "people/person_list.html", {"page": page})


@requires("person.view", person_level=True)
def person_detail(request, public_id):
    person = person_get_for_actor(request, public_id)
    audit_record(event="person.view", request=request, target=person, subject_id=person.public_id)
    return render(request, "people/person_detail.html", {"person": person})
