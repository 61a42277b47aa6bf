"""Screens of the notification service: the hub's call list ("bel-lijst"), the messages sent
about a help request with their status per channel (and the messages between its volunteer
and resident, ``views_messages``), and the one-click unsubscribe link of
reminder e-mails (RFC 8058)."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from zorgzaam.accounts.permissions import public, requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.http import post_action

from . import notifications, selectors, task_messages
from .models import ContactPreference


@requires("help.coordinate", person_level=True)
def coordinate_calls(request):
    entries = list(selectors.call_list_for_coordinator(request.user)[:200])
    audit_record(event="help.calllist.view", request=request, reason=f"{len(entries)} lines")
    return render(
        request,
        "help/coordinate_calls.html",
        {
            "todo": [e for e in entries if e.called_at is None],
            "done": [e for e in entries if e.called_at is not None],
        },
    )


@requires("help.coordinate", person_level=True)
@require_POST
def coordinate_call_done(request, public_id):
    entry = selectors.call_entry_get_for_coordinator(request, public_id)
    post_action(
        request,
        lambda: notifications.call_list_mark_called(
            entry=entry, actor=request.user, request=request
        ),
        _("Ticked off: called."),
    )
    return redirect("help:coordinate_calls")


@requires("help.coordinate", person_level=True)
def coordinate_request_messages(request, public_id):
    thread = task_messages.thread_for_coordinator(request, public_id)
    obj = thread.help_request
    audit_record(
        event="help.messages.view",
        request=request,
        target=obj,
        subject_id=obj.requester.public_id,
    )
    return render(
        request,
        "help/coordinate_messages.html",
        {
            "obj": obj,
            "thread": thread,
            "notes": selectors.notifications_of_request(obj)[:100],
            "preferred": selectors.contact_preference_of(obj.requester),
            "choices": ContactPreference.Preferred.choices,
        },
    )


@public
@csrf_exempt  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if request.method == "POST":
        ok = notifications.email_unsubscribe(token=token, request=request)
        return render(
            request, "help/unsubscribe.html", {"done": ok, "bad": not ok}, status=200 if ok else 400
        )
    ok = notifications.channels.unsubscribe_subject(token) is not None
    return render(request, "help/unsubscribe.html", {"bad": not ok}, status=200 if ok else 400)


@requires("help.coordinate", person_level=True)
@require_POST
def coordinate_contact_preference(request, public_id):
    """The coordinator records how the resident of a request wants to hear from Zorgzaam."""
    obj = selectors.help_request_get_for_coordinator(request, public_id)
    post_action(
        request,
        lambda: notifications.contact_preference_set(
            person=obj.requester,
            preferred=request.POST.get("preferred", ""),
            actor=request.user,
            request=request,
        ),
        _("Saved how this resident hears from us."),
    )
    return redirect("help:coordinate_request_messages", public_id=obj.public_id)
