"""Forms of the debt-help track and the debt-buddy pool: they only parse input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DateInput
from .models import DebtTrack, RecoveryGoal


class TrackForm(forms.Form):
    situation = forms.CharField(
        label=_("Situation (debts, creditors, what presses most)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    creditors = forms.IntegerField(
        label=_("Number of creditors"), min_value=0, max_value=200, required=False
    )
    debt_total = forms.DecimalField(
        label=_("Total debt in euros"),
        min_value=0,
        max_digits=9,
        decimal_places=2,
        required=False,
    )


class TrackUpdateForm(TrackForm):
    status = forms.ChoiceField(label=_("Status"), choices=DebtTrack.Status.choices)


class RecoveryGoalForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of goal"), choices=[("", "—")] + list(RecoveryGoal.Kind.choices)
    )
    description = forms.CharField(
        label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
    target_on = forms.DateField(label=_("Target date"), widget=DateInput(), required=False)


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RecoveryGoal.Status.choices)


class LinkForm(forms.Form):
    key = forms.CharField(max_length=120)
    goal = forms.UUIDField()


class BuddyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    area: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label=_("Village"), required=False, empty_label=_("whole municipality")
    )
    organisation = forms.CharField(
        label=_("Organisation"), max_length=120, required=False, initial="SchuldHulpMaatje"
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    max_households = forms.IntegerField(
        label=_("Households at once"), min_value=1, max_value=10, initial=2
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
