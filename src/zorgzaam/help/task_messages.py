"""Messages about an accepted task ("contact without exposing numbers"): the volunteer and the
resident exchange short messages inside Zorgzaam instead of sharing private numbers.

Who reads and writes (object level, every refusal audited through ``permissions.deny``):

- the volunteer of the task, through their accepted proposal, while the task is active
  (accepted or planned), like the address and phone;
- the resident who asked, from acceptance on (read-only once done, cancelled or expired);
- the hub coordinators of the request's municipality read every thread, and write on the
  resident's behalf when the resident cannot read messages in Zorgzaam (no active account, or
  they asked to be phoned): the coordinator phones them and writes their answer.

Every message notifies the other side through the notification service (their channel, the
inbox, or the hub's call list); a message for a resident without an account also notifies
the coordinators, who pass it on. Notifications and audit lines carry ids and first names
only, never the message text, which is stored encrypted (``TaskMessage.text``) and deleted
with the task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zorgzaam.accounts.permissions import deny
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from . import selectors
from .models import ContactPreference, HelpRequest, Proposal, TaskMessage
from .notifications import notify

MAX_LENGTH = 1000
#: control characters other than tab and line breaks
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Thread:
    """One task's messages as seen by one reader."""

    help_request: HelpRequest
    reader: str  # "volunteer", "resident" or "coordinator"
    proposal: Proposal | None = None

    @property
    def messages(self):
        return messages_of(self.help_request)

    @property
    def open(self) -> bool:
        return self.help_request.status in HelpRequest.ACTIVE and bool(
            self.help_request.volunteer_id
        )

    @property
    def can_write(self) -> bool:
        if not self.open:
            return False
        if self.reader == "coordinator":
            return not resident_reads_in_app(self.help_request)
        return True


def messages_of(help_request):
    return (
        TaskMessage.objects.filter(help_request=help_request)
        .select_related("author")
        .order_by("created_at", "id")
    )


def resident_reads_in_app(help_request: HelpRequest) -> bool:
    """Whether the resident reads messages in Zorgzaam themselves: an active resident account
    and not "phone me" as their preference."""
    user = help_request.requester.user if help_request.requester.user_id else None
    if user is None or not user.is_active or user.role != Role.RESIDENT:
        return False
    pref = ContactPreference.objects.filter(person=help_request.requester).first()
    if pref is None:
        pref = ContactPreference.objects.filter(user=user).first()
    return pref is None or pref.preferred != ContactPreference.Preferred.CALL


# --------------------------------------------------------------------------- access
def _audit_view(request, help_request: HelpRequest) -> None:
    audit_record(
        event="help.taskmessage.view",
        request=request,
        target=help_request,
        subject_id=help_request.requester.public_id,
    )


def thread_for_volunteer(request, public_id) -> Thread:
    """The volunteer's thread, by their proposal: only once they accepted and while the task
    is theirs and active; anyone else is refused (audited)."""
    proposal = selectors.proposal_get_for_volunteer(request, public_id)
    if not selectors.contact_visible(proposal):
        deny(
            request,
            target=proposal.request,
            subject_id=proposal.request.requester.public_id,
            reason="task not accepted by this volunteer or no longer active",
        )
    _audit_view(request, proposal.request)
    return Thread(proposal.request, "volunteer", proposal)


def thread_for_resident(request, public_id) -> Thread:
    help_request = selectors.help_request_get_for_resident(request, public_id)
    _audit_view(request, help_request)
    return Thread(help_request, "resident")


def thread_for_coordinator(request, public_id, *, audit: bool = True) -> Thread:
    help_request = selectors.help_request_get_for_coordinator(request, public_id)
    if audit:
        _audit_view(request, help_request)
    return Thread(help_request, "coordinator")


# --------------------------------------------------------------------------- writes
def clean_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ApplicationError(gettext("Write a message."), field="text")
    if len(text) > MAX_LENGTH:
        raise ApplicationError(
            gettext("Keep it short: at most %(n)s characters.") % {"n": MAX_LENGTH},
            field="text",
        )
    if _CONTROL.search(text):
        raise ApplicationError(gettext("The message holds characters that are not allowed."))
    return text


@transaction.atomic
def task_message_send(*, thread: Thread, author, text: str, request=None) -> TaskMessage:
    """Store one message on the thread's task and notify the other side. Refused (nothing
    written) when the task is no longer active, when this reader may not write, or for an
    empty or too long text."""
    text = clean_text(text)
    help_request = (
        HelpRequest.objects.select_for_update(of=("self",))
        .select_related("requester", "municipality", "volunteer__person__user")
        .get(pk=thread.help_request.pk)
    )
    live = Thread(help_request, thread.reader, thread.proposal)
    if not live.open:
        raise ApplicationError(gettext("This task is no longer active: messages are closed."))
    if not live.can_write:
        raise ApplicationError(gettext("The resident answers messages themselves."))
    if thread.reader == "volunteer" and (
        thread.proposal is None or thread.proposal.volunteer_id != help_request.volunteer_id
    ):
        raise ApplicationError(gettext("This task is no longer active: messages are closed."))
    side = TaskMessage.Side.VOLUNTEER if thread.reader == "volunteer" else TaskMessage.Side.RESIDENT
    message = TaskMessage(
        municipality=help_request.municipality,
        help_request=help_request,
        side=side,
        author=author,
        on_behalf=thread.reader == "coordinator",
        text=text,
    )
    message.full_clean()
    message.save()
    audit_record(
        event="help.taskmessage.create",
        actor=author,
        request=request,
        target=help_request,
        subject_id=help_request.requester.public_id,
        reason="on behalf of the resident" if message.on_behalf else "",
        fields=["text"],
        municipality_code=help_request.municipality.code,
    )
    if side == TaskMessage.Side.VOLUNTEER:
        _tell_resident(help_request, message)
    else:
        _tell_volunteer(help_request, message)
    return message


def _tell_resident(help_request: HelpRequest, message: TaskMessage) -> None:
    assert help_request.volunteer is not None
    name = help_request.volunteer.person.given_name
    key = f"task.message:{message.public_id}"
    if resident_reads_in_app(help_request):
        notify(
            person=help_request.requester,
            kind="task.message",
            subject=_("New message about your help request"),
            body=_("%(name)s sent you a message about your help request. Read it in Zorgzaam."),
            params={"name": name},
            link=reverse("help:my_request_messages", args=[help_request.public_id]),
            help_request=help_request,
            phone=help_request.phone,
            key=f"{key}:resident",
        )
        return
    notify(
        person=help_request.requester,
        kind="task.message",
        subject=_("New message about your help request"),
        body=_(
            "%(name)s, who helps you, sent you a message about your help request. "
            "The hub will pass it on to you."
        ),
        params={"name": name},
        help_request=help_request,
        phone=help_request.phone,
        key=f"{key}:resident",
    )
    from zorgzaam.accounts.models import User

    coordinators = User.objects.filter(
        municipality_id=help_request.municipality_id, role=Role.HUB_COORDINATOR, is_active=True
    )
    for user in coordinators:
        notify(
            recipient=user,
            kind="task.message.relay",
            subject=_("A message to pass on to a resident"),
            body=_(
                "A volunteer sent a message for a resident who does not read messages in "
                "Zorgzaam. Pass it on by phone and write down their answer."
            ),
            link=reverse("help:coordinate_request_messages", args=[help_request.public_id]),
            help_request=help_request,
            key=f"{key}:coordinator:{user.public_id}",
        )


def _tell_volunteer(help_request: HelpRequest, message: TaskMessage) -> None:
    assert help_request.volunteer is not None
    proposal = Proposal.objects.filter(
        request=help_request,
        volunteer_id=help_request.volunteer_id,
        status=Proposal.Status.ACCEPTED,
    ).first()
    notify(
        recipient=help_request.volunteer.person.user,
        person=help_request.volunteer.person,
        kind="task.message",
        subject=_("New message about a task"),
        body=_("%(name)s sent you a message about the task you accepted. Read it in Zorgzaam."),
        params={"name": help_request.requester.given_name},
        link=reverse("help:task_messages", args=[proposal.public_id]) if proposal else "",
        help_request=help_request,
        key=f"task.message:{message.public_id}:volunteer",
    )
