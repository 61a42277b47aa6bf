"""Forms of the werkbrigade and discretionary decisions: they only parse input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DateInput
from .models import DiscretionaryDecision, HouseholdContact, Weekday


class TimeInput(forms.TimeInput):
    input_type = "time"


def _hub_field(hubs, *, required=True):
    return forms.ChoiceField(
        label=_("Community hub"),
        required=required,
        choices=[("", "—")] + [(str(h.public_id), f"{h.name} ({h.area_name})") for h in hubs],
    )


class PresenceForm(forms.Form):
    professional: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label=_("Professional"), empty_label=None
    )
    weekday = forms.TypedChoiceField(label=_("Day"), choices=Weekday.choices, coerce=int)
    starts = forms.TimeField(label=_("From"), widget=TimeInput())
    ends = forms.TimeField(label=_("Until"), widget=TimeInput())

    def __init__(self, *args, professionals, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = professionals
        self.fields["professional"].label_from_instance = lambda u: u.display_name
        self.fields["hub"] = _hub_field(hubs)


class ContactForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.ChoiceField(label=_("Where"), choices=HouseholdContact.Place.choices)

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"] = _hub_field(hubs, required=False)
        self.fields["hub"].help_text = _("Only for a contact at the community hub.")


class DecisionForm(forms.Form):
    legal_ground = forms.ChoiceField(
        label=_("Legal ground"),
        choices=[("", "—")] + list(DiscretionaryDecision.Ground.choices),
    )
    reason = forms.CharField(
        label=_("Why outside the standard rules"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    expected_effect = forms.CharField(
        label=_("Expected effect"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    cost = forms.DecimalField(label=_("Cost in euros"), min_value=0, max_digits=9, decimal_places=2)
    review_on = forms.DateField(label=_("Review date"), widget=DateInput())


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Reject"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Explanation (required when rejecting)"), max_length=1000, required=False
    )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DiscretionaryDecision.Outcome.choices)
    note = forms.CharField(
        label=_("What came of it"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
