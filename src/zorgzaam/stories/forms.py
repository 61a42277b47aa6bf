from __future__ import annotations

import re
import uuid

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from zorgzaam.tenancy.models import Area

from . import wording
from .models import Audience, Helper, Level, RecordKind
from .periods import period_bounds, period_of, period_recent
from .selectors import domains_for

_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)


def period_words(period: str, *, current: bool = False) -> str:
    """A quarter as a resident reads it: "oktober t/m december 2026" (not "2026-Q4")."""
    start, end = period_bounds(period)
    text = _("%(first)s to %(last)s %(year)s") % {
        "first": MONTHS[start.month],
        "last": MONTHS[end.month],
        "year": start.year,
    }
    return _("%(period)s (now)") % {"period": text} if current else text


class StoryForm(forms.Form):
    text = forms.CharField(
        label=_("Your story"),
        help_text=_(
            "What changed, for you or for others? In your own words. Names and addresses "
            "are removed automatically before anyone else reads it; you check the result."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
    )
    title = forms.CharField(label=_("Title (optional)"), max_length=120, required=False)
    domain: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("What did it change most?"), queryset=None, empty_label=None
    )
    helpers = forms.MultipleChoiceField(
        label=_("Who helped?"),
        choices=Helper.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    area: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Village"), queryset=None, empty_label=None
    )
    period = forms.ChoiceField(
        label=_("When did it happen?"),
        help_text=_("Roughly is fine: the three months it falls in."),
    )
    audience = forms.ChoiceField(
        label=_("Who may read it?"),
        choices=Audience.choices,
        initial=Audience.MUNICIPALITY,
        widget=forms.RadioSelect,
        help_text=_("Only after de-identification and your approval."),
    )
    record_kind = forms.ChoiceField(
        label=_("Is it about something in Zorgzaam? (optional)"),
        choices=[("", _("no"))] + list(RecordKind.choices),
        required=False,
    )
    record_id = forms.CharField(
        label=_("The page it is about (optional)"),
        required=False,
        max_length=500,
        help_text=_(
            "Open that page in Zorgzaam, copy the web address from the top of your browser "
            "and paste it here."
        ),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. Location data is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_alt = forms.CharField(
        label=_("What is in the photo? (for people who cannot see it)"),
        max_length=200,
        required=False,
    )
    photo_consent = forms.BooleanField(
        label=_("Everyone in the photo agrees to it being shown."), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = domains_for(user.municipality)
        self.fields["area"].queryset = Area.objects.filter(municipality=user.municipality)
        today = timezone.localdate()
        current = period_of(today)
        self.fields["period"].choices = [
            (p, period_words(p, current=p == current)) for p in period_recent(today, 4)
        ]
        self.fields["period"].initial = current
        person = getattr(user, "person", None)
        if person is not None and person.area_id:
            self.fields["area"].initial = person.area_id

    def clean_record_id(self):
        """A page's web address (or only the code in it) becomes the record's id."""
        value = (self.cleaned_data.get("record_id") or "").strip()
        if not value:
            return None
        found = _UUID.findall(value)
        if not found:
            raise forms.ValidationError(
                _(
                    "This is not the web address of a page in Zorgzaam. Copy the whole "
                    "address of the page, or leave it empty."
                )
            )
        return uuid.UUID(found[-1])

    def clean(self):
        data = super().clean()
        if data.get("record_kind") and not data.get("record_id"):
            self.add_error("record_id", _("Paste the web address of the page it is about."))
        if data.get("record_id") and not data.get("record_kind"):
            self.add_error("record_kind", _("Choose what kind of record it is."))
        if data.get("photo") and not data.get("photo_consent"):
            self.add_error(
                "photo_consent", _("Confirm that everyone in the photo agrees to it being shown.")
            )
        return data


class ReviewForm(forms.Form):
    text = forms.CharField(
        label=_("De-identified text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=10_000,
        help_text=_(
            "Replaced passages look like [PERSOON-1]. You may change the text; "
            "changes are checked again before you can approve. Below, choose how each "
            "replaced passage reads when the story is published."
        ),
    )
    audience = forms.ChoiceField(
        label=_("Who may read it?"), choices=Audience.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, story_text: str = "", wording_choices=None, **kwargs):
        """One choice per placeholder of ``story_text``: the neutral word it is published
        as (``stories.wording``), from a closed list, so no choice can bring a name back."""
        super().__init__(*args, **kwargs)
        chosen = wording.clean_choices(story_text, wording_choices)
        inferred = wording.inferred_words(story_text)
        self.placeholders: list[tuple[str, str]] = []
        for n, (label, options) in enumerate(wording.options_for(story_text).items()):
            name = f"word_{n}"
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=[(w, w or _("(leave out)")) for w in options],
                initial=chosen.get(label, inferred[label]),
                required=False,
            )
            self.placeholders.append((name, label))

    def placeholder_fields(self):
        return [self[name] for name, _label in self.placeholders]

    def wording(self) -> dict[str, str]:
        """The chosen word per placeholder (after ``is_valid``); a placeholder whose choice
        was not sent keeps the word it has."""
        return {
            label: self.cleaned_data.get(name) or ""
            for name, label in self.placeholders
            if name in self.data and name in self.cleaned_data
        }


class RoundForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    title = forms.CharField(label=_("Title (optional)"), max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p, p) for p in period_recent(timezone.localdate(), 8)]


class SelectForm(forms.Form):
    story = forms.UUIDField(widget=forms.HiddenInput)
    level = forms.ChoiceField(choices=Level.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why is this the most significant change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class DomainForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
