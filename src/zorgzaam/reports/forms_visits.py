"""Forms of the work visits and hearings (``visits``): plain HTML forms, no JavaScript."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgzaam.stories.periods import period_of, period_recent, period_shift

from .models import WorkVisit
from .visits import MAX_FIGURES, MAX_STORIES


class VisitForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=WorkVisit.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=160,
        help_text=_("E.g. Werkbezoek Huis van Alles Waarder: buurthulp en eenzaamheid"),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Starts at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    hub = forms.ChoiceField(label=_("Community hub"), required=False)
    villages = forms.MultipleChoiceField(
        label=_("Villages"), required=False, widget=forms.CheckboxSelectMultiple
    )
    purpose = forms.CharField(
        label=_("What the council wants to learn"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    period = forms.ChoiceField(
        label=_("Quarter of the stories and figures"),
        help_text=_("The council report the brief takes its stories and figures from."),
    )

    def __init__(self, *args, hubs=(), villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = [("", _("no hub"))] + [
            (str(h["public_id"]), f"{h['name']} ({h['area_name']})") for h in hubs
        ]
        self.village_by_pk = {str(a.pk): a for a in villages}
        self.fields["villages"].choices = [(str(a.pk), a.name) for a in villages]
        self.fields["period"].choices = [(p, p) for p in period_recent(timezone.localdate(), 8)]
        if not self.is_bound and "period" not in self.initial:
            self.initial["period"] = period_shift(period_of(timezone.localdate()), -1)

    def plan(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "date": data["date"],
            "start_time": data.get("start_time"),
            "hub_id": data.get("hub") or None,
            "villages": [self.village_by_pk[v] for v in data.get("villages") or []],
            "purpose": data.get("purpose") or "",
            "period": data["period"],
        }


class ContentForm(forms.Form):
    stories = forms.MultipleChoiceField(
        label=_("Stories"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At most %(n)d: the brief is one page.") % {"n": MAX_STORIES},
    )
    figures = forms.MultipleChoiceField(
        label=_("Figures"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At most %(n)d.") % {"n": MAX_FIGURES},
    )

    def __init__(self, *args, stories=(), figures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stories"].choices = [(str(e["story"].public_id), "") for e in stories]
        self.fields["figures"].choices = [(f.ref, "") for f in figures]


class InviteForm(forms.Form):
    invitees = forms.MultipleChoiceField(
        label=_("Invite"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitees"].choices = [
            (str(u.public_id), f"{u.display_name} ({u.get_role_display()})") for u in users
        ]


class OutcomeForm(forms.Form):
    heard = forms.CharField(
        label=_("What the council heard"), widget=forms.Textarea(attrs={"rows": 4})
    )
    decided = forms.CharField(
        label=_("What the council decided"), widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up = forms.CharField(
        label=_("What happens next"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown in the next council report. Write about the village and the policy, "
            "never names of residents."
        ),
    )
