"""Screens of the messages about a task (volunteer, resident, and the hub coordinator on the
resident's behalf) and of a resident's own contact preference. Plain forms: no JavaScript
needed. Access is decided by ``task_messages.thread_for_*`` (object level, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import requires
from zorgzaam.common.http import post_action, post_form

from . import channels, notifications, task_messages
from .forms_notify import ContactPreferenceForm, TaskMessageForm


def _thread_page(request, thread, *, url_name: str, url_id, template_context: dict):
    form = TaskMessageForm(request.POST or None)

    def send(form):
        task_messages.task_message_send(
            thread=thread, author=request.user, text=form.cleaned_data["text"], request=request
        )

    done = _("Your message has been sent.")
    if request.method == "POST" and post_form(request, form, send, done) is None:
        return redirect(url_name, public_id=url_id)
    return render(
        request,
        "help/task_messages.html",
        {"thread": thread, "form": form, "obj": thread.help_request, **template_context},
        status=400 if request.method == "POST" else 200,
    )


@requires("help.volunteer")
def task_messages_page(request, public_id):
    thread = task_messages.thread_for_volunteer(request, public_id)
    return _thread_page(
        request,
        thread,
        url_name="help:task_messages",
        url_id=thread.proposal.public_id,  # type: ignore[union-attr]
        template_context={"back": ("help:task", thread.proposal.public_id)},  # type: ignore[union-attr]
    )


@requires("help.request")
def my_request_messages(request, public_id):
    thread = task_messages.thread_for_resident(request, public_id)
    return _thread_page(
        request,
        thread,
        url_name="help:my_request_messages",
        url_id=thread.help_request.public_id,
        template_context={"back": ("help:my_request", thread.help_request.public_id)},
    )


@requires("help.coordinate", person_level=True)
@require_POST
def coordinate_task_message(request, public_id):
    """The coordinator writes the resident's answer (the resident does not read messages in
    Zorgzaam); the thread is shown on the request's messages page."""
    thread = task_messages.thread_for_coordinator(request, public_id, audit=False)
    form = TaskMessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["text"][0])
    else:
        post_action(
            request,
            lambda: task_messages.task_message_send(
                thread=thread, author=request.user, text=form.cleaned_data["text"], request=request
            ),
            _("The message has been sent to the volunteer."),
        )
    return redirect("help:coordinate_request_messages", public_id=thread.help_request.public_id)


@requires("help.request")
def my_contact(request):
    """A resident's own choice of how Zorgzaam reaches them."""
    pref = notifications.contact_preference_of_user(request.user)
    person = getattr(request.user, "person", None)
    sms = channels.notifynl_for(request.user.municipality) is not None
    initial = {
        "preferred": (pref.preferred if pref else "") or "",
        "email": (pref.email if pref else "") or request.user.email or "",
        "phone": (pref.phone if pref else "") or (person.phone if person else ""),
    }
    form = ContactPreferenceForm(request.POST or None, initial=initial, sms=sms)

    def save(form):
        notifications.contact_preference_save_own(
            user=request.user,
            preferred=form.cleaned_data["preferred"],
            email=form.cleaned_data["email"],
            phone=form.cleaned_data.get("phone", ""),
            request=request,
        )

    done = _("Saved. This is how we will reach you.")
    if request.method == "POST" and post_form(request, form, save, done) is None:
        return redirect("help:my_contact")
    return render(
        request,
        "help/my_contact.html",
        {"form": form, "sms": sms},
        status=400 if request.method == "POST" else 200,
    )
