"""Forms only parse input; the services validate the rules."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.errors import ApplicationError
from zorgzaam.tenancy.selectors import postcode_normalise

from .constants import (
    DAYS,
    LANGUAGE_CHOICES,
    PART_HOURS,
    PARTS,
    DeclineReason,
    RequestKind,
    Rhythm,
    Skill,
    Urgency,
    VogStatus,
)
from .hours import MAX_BUDDY_HOURS, MAX_HOURS, parse_hours
from .matching import slot_bit

PART_CHOICES = [("", _("any time of day"))] + [(str(i), p) for i, p in enumerate(PARTS)]
SLOT_CHOICES = [
    (str(slot_bit(d, p)), f"{day} {part}")
    for d, day in enumerate(DAYS)
    for p, part in enumerate(PARTS)
]


def window_of(day: dt.date | None, part: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """A date and a day part to a one-off window (aware, local time); no date: no window."""
    if day is None:
        return None, None
    start_h, end_h = (6, 24) if part == "" else PART_HOURS[int(part)]
    start = dt.datetime.combine(day, dt.time(start_h))
    end = dt.datetime.combine(day, dt.time(0)) + dt.timedelta(hours=end_h)
    return timezone.make_aware(start), timezone.make_aware(end)


def slots_mask(values) -> int:
    mask = 0
    for v in values or ():
        mask |= 1 << int(v)
    return mask


class _WhatWhen(forms.Form):
    skill = forms.ChoiceField(label=_("What kind of help?"), choices=Skill.choices)
    description = forms.CharField(
        label=_("What do you need?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("For example: a lift to the doctor on Tuesday morning."),
    )
    day = forms.DateField(
        label=_("On which day?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if any day in the next two weeks is fine."),
    )
    part = forms.ChoiceField(label=_("Time of day"), choices=PART_CHOICES, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, initial="nl")

    def window(self):
        return window_of(self.cleaned_data.get("day"), self.cleaned_data.get("part") or "")


_PHONE_SEPARATORS = re.compile(r"[\s().-]")
#: A Dutch number: 0 and nine digits (landline or 06 mobile), or +31 / 0031 and nine digits.
_DUTCH_PHONE = re.compile(r"(?:0|\+31|0031)[1-9][0-9]{8}")


def dutch_phone_clean(value: str) -> str:
    """A coordinator must be able to call back: a plausible Dutch phone number (spaces,
    dashes, dots and brackets allowed), as typed. "12ab" or "123" is a clear error."""
    value = (value or "").strip()
    if not _DUTCH_PHONE.fullmatch(_PHONE_SEPARATORS.sub("", value)):
        raise forms.ValidationError(
            _(
                "Give a Dutch phone number of 10 digits, such as 0172 123 456 or "
                "06 12 34 56 78, so a coordinator can call you back."
            ),
            code="phone",
        )
    return value


class PublicRequestForm(_WhatWhen):
    given_name = forms.CharField(label=_("First name"), max_length=80)
    family_name = forms.CharField(label=_("Last name"), max_length=120)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, help_text=_("A coordinator calls you back.")
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, help_text=_("e.g. 2411 AB"))
    street_address = forms.CharField(label=_("Street and number"), max_length=200)
    for_someone_else = forms.BooleanField(
        label=_("I am asking for a neighbour or relative"), required=False
    )
    consent = forms.BooleanField(
        label=_("They know and agree that I ask for help for them"), required=False
    )
    #: honeypot: hidden from people, bots fill it in
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean_phone(self) -> str:
        return dutch_phone_clean(self.cleaned_data["phone"])

    def clean_postcode(self) -> str:
        # Checked here, with the other fields, so a resident sees every mistake in one round
        # (the service checks again that the postcode lies in the municipality).
        try:
            return postcode_normalise(self.cleaned_data["postcode"])
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc

    field_order = [
        "given_name",
        "family_name",
        "phone",
        "email",
        "postcode",
        "street_address",
        "skill",
        "description",
        "day",
        "part",
        "language",
        "for_someone_else",
        "consent",
        "website",
    ]


class PhoneRequestForm(PublicRequestForm):
    for_someone_else = None  # type: ignore[assignment]  # the coordinator records how it came in
    consent = None  # type: ignore[assignment]  # Django: None removes an inherited field
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial="normal")
    kind = forms.ChoiceField(label=_("Kind"), choices=RequestKind.choices, initial="one_off")
    requires_vog = forms.BooleanField(label=_("VOG required"), required=False)
    recurring = forms.BooleanField(label=_("Recurring every week"), required=False)
    slots = forms.MultipleChoiceField(
        label=_("Weekly day parts (recurring)"),
        choices=SLOT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The coordinator fills this in, not the resident: hints speak to the coordinator.
        self.fields["phone"].help_text = _("The number on which the resident can be called back.")


class ResidentRequestForm(_WhatWhen):
    kind = forms.ChoiceField(label=_("Kind"), choices=RequestKind.choices, initial="one_off")


class OnBehalfForm(_WhatWhen):
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial="normal")
    kind = forms.ChoiceField(label=_("Kind"), choices=RequestKind.choices, initial="one_off")
    consent = forms.BooleanField(
        label=_("The resident agreed that I ask for help on their behalf"), required=False
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you decline?"), choices=DeclineReason.choices, widget=forms.RadioSelect
    )


class ConcernForm(forms.Form):
    text = forms.CharField(
        label=_("What worries you?"), widget=forms.Textarea(attrs={"rows": 5}), max_length=2000
    )


class BlockForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the block"), max_length=200)


class PlanForm(forms.Form):
    planned_for = forms.DateTimeField(
        label=_("Planned for"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M"],
    )


class BuddyStartForm(forms.Form):
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    rhythm = forms.ChoiceField(label=_("Agreed rhythm"), choices=Rhythm.choices)
    checkin_every_weeks = forms.IntegerField(
        label=_("Check in every (weeks)"), min_value=1, max_value=52, initial=6
    )


class CheckInForm(forms.Form):
    going_well = forms.TypedChoiceField(
        label=_("How is it going?"),
        choices=[("1", _("going well")), ("0", _("needs attention"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        # "(optional)" is added by the form template for every field that is not required.
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


def _hours_field(label) -> forms.CharField:
    """Hours as typed ("1,5", "1.5", "1:30"); the service reads and checks them."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=12,
        help_text=_("For example 1.5 for an hour and a half; rounded to quarter hours."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 6}),
    )


def _checked_hours(value: str, maximum) -> str:
    """The hours checked with the form's other fields, so every error shows at once; the
    service reads them again (``parse_hours`` is the one rule)."""
    try:
        parse_hours(value, maximum=maximum)
    except ApplicationError as exc:
        raise forms.ValidationError(exc.message) from exc
    return value


class DoneForm(forms.Form):
    """Marking a task done (the volunteer or a coordinator), with the optional hours."""

    hours = _hours_field(_("How many hours did it take?"))

    def clean_hours(self) -> str:
        return _checked_hours(self.cleaned_data["hours"], MAX_HOURS)


class HoursForm(forms.Form):
    """Recording or correcting the hours of a done request (a coordinator)."""

    hours = _hours_field(_("Hours spent"))

    def __init__(self, *args, maximum=MAX_HOURS, **kwargs):
        super().__init__(*args, **kwargs)
        self.maximum = maximum

    def clean_hours(self) -> str:
        return _checked_hours(self.cleaned_data["hours"], self.maximum)


class EndPairingForm(forms.Form):
    evaluation = forms.CharField(
        label=_("Short evaluation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
    score = forms.TypedChoiceField(
        label=_("How did it go (1-5)"),
        choices=[("", "—")] + [(str(i), str(i)) for i in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    hours = _hours_field(_("How many hours did the pairing take in total?"))

    def clean_hours(self) -> str:
        return _checked_hours(self.cleaned_data["hours"], MAX_BUDDY_HOURS)


class VolunteerProfileForm(forms.Form):
    skills = forms.MultipleChoiceField(
        label=_("What I like to help with"),
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages I speak"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    availability = forms.MultipleChoiceField(
        label=_("When I am usually free"),
        choices=SLOT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    radius_km = forms.FloatField(label=_("How far I travel (km)"), min_value=0.5, max_value=50)
    max_active_tasks = forms.IntegerField(
        label=_("At most this many tasks at once"), min_value=1, max_value=10
    )
    paused = forms.BooleanField(label=_("Pause: offer me nothing for now"), required=False)
    paused_until = forms.DateField(
        label=_("Pause until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to pause until you switch it off."),
    )
    preferences = forms.CharField(label=_("Preferences"), max_length=300, required=False)

    @staticmethod
    def initial_of(profile) -> dict:
        return {
            "skills": profile.skills,
            "languages": profile.languages,
            "availability": [str(b) for b in range(21) if profile.availability >> b & 1],
            "radius_km": profile.radius_km,
            "max_active_tasks": profile.max_active_tasks,
            "paused": profile.paused,
            "paused_until": profile.paused_until,
            "preferences": profile.preferences,
        }


class VogForm(forms.Form):
    vog_status = forms.ChoiceField(
        label=_("Certificate of conduct (VOG)"), choices=VogStatus.choices
    )
    vog_expires_on = forms.DateField(
        label=_("VOG valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
