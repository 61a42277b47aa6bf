"""Forms of the food garden: they only parse input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .forms import DATE
from .models import Employer, JobSeeker


def _hub_field(hubs):
    return forms.ChoiceField(
        label=_("Community hub"),
        required=False,
        help_text=_("The Huis van Alles whose activities are the garden's volunteer shifts."),
        choices=[("", "—")] + [(str(h["public_id"]), h["name"]) for h in hubs],
    )


class GardenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    employer = forms.ModelChoiceField(
        label=_("Employer (for the work-experience places)"),
        queryset=Employer.objects.none(),
        to_field_name="public_id",
    )
    place = forms.CharField(label=_("Where"), max_length=150)
    food_bank = forms.CharField(
        label=_("Food bank"), max_length=150, initial="Voedselbank Bodegraven-Reeuwijk"
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def __init__(self, *args, employers, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["hub"] = _hub_field(hubs)


class PlaceForm(forms.Form):
    job_seeker = forms.ModelChoiceField(
        label=_("Job seeker"), queryset=JobSeeker.objects.none(), to_field_name="public_id"
    )
    start = forms.DateField(label=pgettext_lazy("work", "Start"), widget=DATE)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), min_value=0, max_value=60, decimal_places=1
    )
    contract = forms.ChoiceField(
        label=_("Counts for SROI contract"),
        required=False,
        help_text=_("The placement counts as social return of this contract."),
    )

    def __init__(self, *args, seekers, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job_seeker"].queryset = seekers
        self.fields["job_seeker"].label_from_instance = lambda s: str(s.person)
        self.contracts = {str(c.public_id): c for c, _label in contracts}
        self.fields["contract"].choices = [("", _("— none —"))] + [
            (str(c.public_id), label) for c, label in contracts
        ]

    def clean_contract(self):
        value = self.cleaned_data.get("contract")
        return self.contracts.get(value) if value else None


class ShiftForm(forms.Form):
    activity = forms.ChoiceField(label=_("Activity of the hub"))
    task = forms.CharField(label=_("What volunteers do"), max_length=120)

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [(str(a["public_id"]), a["title"]) for a in activities]


class ProduceForm(forms.Form):
    delivered_on = forms.DateField(label=_("Date"), widget=DATE)
    kg = forms.DecimalField(label=_("Kilograms"), min_value=0, max_digits=6, decimal_places=1)
    produce = forms.CharField(label=_("What"), max_length=200)
