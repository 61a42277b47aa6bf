import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from zorgzaam.accounts.permissions import requires
from zorgzaam.common.csvsafe import csv_row

from . import events
from .selectors import audit_event_list_for_actor, redact
from .services import audit_record


def _filters(request) -> dict[str, str]:
    keys = ("event", "outcome", "subject", "target")
    values = {k: request.GET.get(k, "").strip()[:64] for k in keys}
    if values["event"] and values["event"] not in events.EVENTS:
        values["event"] = ""
    if values["outcome"] not in ("", "allowed", "denied"):
        values["outcome"] = ""
    import uuid

    try:
        if values["subject"]:
            uuid.UUID(values["subject"])
    except ValueError:
        values["subject"] = ""
    return values


@requires("audit.view", person_level=True)
def audit_list(request):
    filters = _filters(request)
    qs = audit_event_list_for_actor(request.user, **filters)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    page.object_list = [redact(row) for row in page.object_list]
    audit_record(event="audit.view", request=request, target=("audit.auditevent", "list"))
    return render(
        request,
        "audit/audit_list.html",
        {
            "page": page,
            "filters": filters,
            "events": sorted(events.EVENTS.values(), key=lambda e: e.name),
        },
    )


@requires("audit.view", person_level=True)
def audit_export(request):
    filters = _filters(request)
    qs = audit_event_list_for_actor(request.user, **filters)
    audit_record(event="audit.export", request=request, target=("audit.auditevent", "csv"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    writer = csv.writer(response)
    cols = [
        "occurred_at",
        "event",
        "action",
        "outcome",
        "actor_id",
        "actor_role",
        "target_type",
        "target_id",
        "subject_id",
        "ip_address",
        "reason",
        "fields",
    ]
    writer.writerow(cols)
    for row in qs.iterator():
        row = redact(row)
        writer.writerow(csv_row(getattr(row, c) for c in cols))
    return response
