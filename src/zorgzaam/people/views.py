from django.core.paginator import Paginator
from django.shortcuts import render

from zorgzaam.accounts.permissions import requires
from zorgzaam.audit.services import audit_record

from .selectors import SEARCH_LIMIT, person_get_for_actor, person_search


@requires("person.view", person_level=True)
def person_list(request):
    query = request.GET.get("q", "").strip()
    people = person_search(request.user, query).select_related("area", "postcode_area")
    page = Paginator(people, SEARCH_LIMIT).get_page(request.GET.get("page"))
    audit_record(
        event="person.list",
        request=request,
        target=("people.person", "list"),
        fields=["search"] if query else [],
    )
    return render(request, "people/person_list.html", {"page": page, "query": query})


@requires("person.view", person_level=True)
def person_detail(request, public_id):
    person = person_get_for_actor(request, public_id)
    audit_record(event="person.view", request=request, target=person, subject_id=person.public_id)
    return render(request, "people/person_detail.html", {"person": person})
