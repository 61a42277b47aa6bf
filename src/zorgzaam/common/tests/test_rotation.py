"""Key rotation covers every encrypted field of every model (issue #15: rotating as the docs
said, then removing the old key, made help requests, stories and job seekers unreadable)."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from zorgzaam.casework.models import (
    CaseNote,
    DebtTrack,
    DiscretionaryDecision,
    HouseholdMember,
    RecoveryGoal,
)
from zorgzaam.casework.selectors import household_list
from zorgzaam.casework.tests.conftest import BSN_A, make_case
from zorgzaam.common.fields import _fernet
from zorgzaam.common.rotation import RotationIncomplete, encrypted_fields, rotate
from zorgzaam.help import services as help_services
from zorgzaam.help.models import (
    ConcernReport,
    ContactPreference,
    HelpRequest,
    Notification,
    NotificationDelivery,
    TaskMessage,
)
from zorgzaam.help.tests.factories import make_request
from zorgzaam.identity.models import CitizenIdentity, citizen_identifier_index
from zorgzaam.stories.models import KeepWord, Redaction, Story
from zorgzaam.stories.tests.factories import approved_story
from zorgzaam.work.models import JobSeeker
from zorgzaam.work.tests import factories as work_factories


@pytest.fixture
def keys(settings):
    """Set FIELD_ENCRYPTION_KEYS (clearing the Fernet cache) and restore them afterwards."""
    original = list(settings.FIELD_ENCRYPTION_KEYS)

    def use(*values):
        settings.FIELD_ENCRYPTION_KEYS = list(values)
        _fernet.cache_clear()

    yield use
    use(*original)


def _one_value_in_every_encrypted_field(world):
    """One object per model with encrypted fields; returns {label: (model, pk, field, value)}."""
    case = make_case(world)
    member = HouseholdMember.objects.get(household=case, role="applicant")
    note = case.notes.get()
    req = make_request(world, address="Dorpsstraat 1", phone="0612345678")
    concern = help_services.concern_report(
        actor=world.users["hub_coordinator"], help_request=req, text="Zorgen over de buurman."
    )
    story = approved_story(world)
    story.original_text = "Mijn eigen verhaal, ongeschoond."
    story.save(update_fields=["original_text"])
    redaction = Redaction.objects.create(
        municipality=world.municipality,
        story=story,
        order=0,
        at=0,
        tag="PLAATS",
        label="[PLAATS-1]",
        source="deduce",
        word="Noord",
    )
    keep = KeepWord.objects.create(
        municipality=world.municipality, word="Clinique", tag="PERSOON", source="deduce"
    )
    seeker = work_factories.seeker(
        world.users["hub_coordinator"],
        world.person_b,
        wishes="Buiten werken",
        limits="Niet tillen",
    )
    citizen = CitizenIdentity.objects.create(
        municipality=world.municipality,
        kind="digid",
        identifier="999990019",
        identifier_index=citizen_identifier_index("999990019"),
        user=world.users["resident"],
        level="midden",
        consented_at=timezone.now(),
    )
    decision = DiscretionaryDecision.objects.create(
        plan=case.plan,
        legal_ground="pw_16",
        reason="Geen recht, wel nodig.",
        expected_effect="Rust in het gezin.",
        cost=0,
        review_on=timezone.localdate(),
        requested_by=world.users["professional"],
        decision_note="Akkoord.",
        outcome_note="Het gezin bleef bij elkaar.",
    )
    note_out = Notification.objects.create(
        municipality=world.municipality,
        recipient=world.users["resident"],
        kind="request_accepted",
        subject="Uw hulpvraag",
        body="Er is een vrijwilliger.",
    )
    delivery = NotificationDelivery.objects.create(
        municipality=world.municipality,
        notification=note_out,
        channel="email",
        address="bewoner@example.nl",
    )
    preference = ContactPreference.objects.create(
        municipality=world.municipality,
        user=world.users["resident"],
        email="bewoner@example.nl",
        phone="+31612345678",
    )
    message = TaskMessage.objects.create(
        municipality=world.municipality, help_request=req, side="volunteer", text="Ik kom om 3."
    )
    track = DebtTrack.objects.create(
        plan=case.plan, situation="Huurachterstand.", created_by=world.users["professional"]
    )
    recovery = RecoveryGoal.objects.create(track=track, kind="rest", description="Rust eerst.")
    values = {
        "casework.DebtTrack.situation": (DebtTrack, track.pk, "situation", "Huurachterstand."),
        "casework.RecoveryGoal.description": (
            RecoveryGoal,
            recovery.pk,
            "description",
            "Rust eerst.",
        ),
        "casework.HouseholdMember.bsn": (HouseholdMember, member.pk, "bsn", BSN_A),
        **{
            f"casework.DiscretionaryDecision.{name}": (
                DiscretionaryDecision,
                decision.pk,
                name,
                getattr(decision, name),
            )
            for name in ("reason", "expected_effect", "decision_note", "outcome_note")
        },
        "casework.CaseNote.text": (CaseNote, note.pk, "text", note.text),
        "help.HelpRequest.address": (HelpRequest, req.pk, "address", "Dorpsstraat 1"),
        "help.HelpRequest.phone": (HelpRequest, req.pk, "phone", "0612345678"),
        "help.NotificationDelivery.address": (
            NotificationDelivery,
            delivery.pk,
            "address",
            "bewoner@example.nl",
        ),
        "help.ConcernReport.text": (ConcernReport, concern.pk, "text", "Zorgen over de buurman."),
        "help.ContactPreference.email": (
            ContactPreference,
            preference.pk,
            "email",
            "bewoner@example.nl",
        ),
        "help.ContactPreference.phone": (ContactPreference, preference.pk, "phone", "+31612345678"),
        "help.TaskMessage.text": (TaskMessage, message.pk, "text", "Ik kom om 3."),
        "stories.Story.original_text": (
            Story,
            story.pk,
            "original_text",
            "Mijn eigen verhaal, ongeschoond.",
        ),
        "stories.Redaction.word": (Redaction, redaction.pk, "word", "Noord"),
        "stories.KeepWord.word": (KeepWord, keep.pk, "word", "Clinique"),
        "work.JobSeeker.wishes": (JobSeeker, seeker.pk, "wishes", "Buiten werken"),
        "work.JobSeeker.limits": (JobSeeker, seeker.pk, "limits", "Niet tillen"),
        "identity.CitizenIdentity.identifier": (
            CitizenIdentity,
            citizen.pk,
            "identifier",
            "999990019",
        ),
    }
    return case, values


def _read_back(values):
    for label, (model, pk, name, expected) in values.items():
        assert getattr(model.objects.get(pk=pk), name) == expected, label


def test_every_encrypted_field_reads_after_rotation_and_removal_of_the_old_key(world, keys):
    old = Fernet.generate_key().decode()
    new = Fernet.generate_key().decode()
    keys(old)
    case, values = _one_value_in_every_encrypted_field(world)
    # By construction: the test covers every encrypted field there is; a new one fails here
    # until it is given a value above (and so is proven to rotate).
    assert set(values) == {f"{m._meta.label}.{f.name}" for m, f in encrypted_fields()}

    keys(new, old)
    out = StringIO()
    call_command("rotate_keys", "--batch-size", "1", stdout=out)
    report = out.getvalue()
    for label in values:
        assert f"{label}: " in report
    assert "casework.HouseholdMember.bsn: 2 value(s), 2 re-encrypted" in report
    assert "help.HelpRequest.phone: 1 value(s), 1 re-encrypted, 0 still on an old key" in report
    assert "the old key can be removed" in report

    keys(new)
    _read_back(values)
    assert list(household_list(world.users["professional"], bsn=BSN_A)) == [case]

    # Resumable and idempotent: a second run re-encrypts nothing.
    out = StringIO()
    call_command("rotate_keys", stdout=out)
    assert "help.HelpRequest.address: 1 value(s), 0 re-encrypted" in out.getvalue()


def test_rotation_leaves_timestamps_alone(world, keys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    keys(old)
    req = make_request(world, address="Dorpsstraat 1")
    before = HelpRequest.objects.get(pk=req.pk).updated_at
    keys(new, old)
    rotate()
    assert HelpRequest.objects.get(pk=req.pk).updated_at == before


def test_check_reports_without_writing_and_fails_while_old_values_remain(world, keys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    keys(old)
    req = make_request(world, phone="0612345678")
    keys(new, old)
    out = StringIO()
    with pytest.raises(CommandError, match="help.HelpRequest.phone"):
        call_command("rotate_keys", "--check", stdout=out)
    assert "help.HelpRequest.phone: 1 value(s), 0 re-encrypted, 1 still on an old key" in (
        out.getvalue()
    )
    keys(new)
    with pytest.raises(Exception, match="cannot be decrypted"):
        HelpRequest.objects.get(pk=req.pk).phone  # noqa: B018 - nothing was written


def test_refuses_to_finish_while_a_value_needs_a_key_that_is_gone(world, keys):
    """A value written with a key that is no longer set cannot be rotated: the run says so
    (and exits non-zero) instead of reporting success."""
    lost, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    keys(lost)
    req = make_request(world, phone="0612345678", address="Dorpsstraat 1")
    keys(new)
    with pytest.raises(RotationIncomplete) as err:
        rotate()
    assert err.value.report.fields["help.HelpRequest.phone"].remaining == 1
    with pytest.raises(CommandError, match="Keep the old key"):
        call_command("casework_rotate_keys", stdout=StringIO())
    # Nothing half-written: the stored token is the one that was there.
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM help_helprequest WHERE id = %s", [req.pk])
        token = cursor.fetchone()[0]
    keys(lost)
    assert Fernet(lost.encode()).decrypt(token.encode()).decode() == "0612345678"
