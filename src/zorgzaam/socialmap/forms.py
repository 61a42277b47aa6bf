"""Forms of the social map: the public search (GET) and the item editor."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.errors import ApplicationError
from zorgzaam.tenancy.selectors import postcode_area_get

from .models import Kind, Service
from .selectors import SearchQuery

WEEKDAYS = [
    ("", _("any day")),
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]
RADII = [("2", "2 km"), ("5", "5 km"), ("10", "10 km"), ("25", "25 km"), ("50", "50 km")]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=200)
    postcode = forms.CharField(
        label=_("Postcode"), required=False, max_length=7, help_text=_("e.g. 2411 or 2411 AB")
    )
    radius = forms.TypedChoiceField(
        label=_("Distance"), choices=RADII, coerce=float, initial="10", required=False
    )
    area = forms.ChoiceField(label=_("Village"), required=False)
    term = forms.ChoiceField(label=_("Category"), required=False)
    kind = forms.MultipleChoiceField(
        label=_("Kind"), choices=Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    informal_first = forms.BooleanField(label=_("Informal help first"), required=False)
    day = forms.ChoiceField(label=_("Open on"), choices=WEEKDAYS, required=False)
    time = forms.TimeField(
        label=_("at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    free = forms.BooleanField(label=_("Free of charge"), required=False)
    accessible = forms.BooleanField(label=_("Accessible"), required=False)
    searched = forms.CharField(widget=forms.HiddenInput, required=False, initial="1")

    def __init__(self, data=None, *, terms=(), languages=(), areas=()):
        if data is not None:
            data = data.copy()
            if not data.get("searched"):
                # First visit: informal first is on until someone switches it off.
                data["informal_first"] = "on"
                data["searched"] = "1"
            if not data.get("radius"):
                data["radius"] = "10"
        super().__init__(data)
        self.fields["term"].choices = [("", _("all categories"))] + [
            (str(t.public_id), t.name) for t in terms
        ]
        self.fields["language"].choices = [("", _("any language"))] + list(languages)
        self.fields["area"].choices = [("", _("all villages"))] + [
            (str(a.public_id), a.name) for a in areas
        ]
        self.point_label = ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("time") and not cleaned.get("day"):
            self.add_error("day", _("Choose a day to search by opening time."))
        postcode = (cleaned.get("postcode") or "").strip()
        cleaned["point"] = None
        if postcode:
            try:
                pc = postcode_area_get(postcode)
            except ApplicationError:
                self.add_error("postcode", _("This postcode is unknown. Try 4 digits, e.g. 2411."))
            else:
                cleaned["point"] = (pc.latitude, pc.longitude)
                self.point_label = f"{pc.pc4} {pc.place}"
        return cleaned

    def to_query(self) -> SearchQuery:
        data = self.cleaned_data
        point = data.get("point")
        moment = data.get("time")
        return SearchQuery(
            text=data.get("q") or "",
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            radius_km=data.get("radius") or 10.0,
            taxonomy_term=data.get("term") or None,
            kinds=tuple(data.get("kind") or ()),
            informal_first=bool(data.get("informal_first")),
            open_weekday=int(data["day"]) if data.get("day") else None,
            open_minute=moment.hour * 60 + moment.minute if moment else None,
            language=data.get("language") or "",
            free=bool(data.get("free")),
            accessible=bool(data.get("accessible")),
            area=data.get("area") or None,
        )


class ServiceForm(forms.ModelForm):
    """The editor's form: the fields people read on the map (HSDS names)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    alternate_name = forms.CharField(label=_("Also known as"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False, max_length=5000
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("active", _("active")),
            ("temporarily closed", _("temporarily closed")),
            ("inactive", _("inactive")),
            ("defunct", _("stopped")),
        ],
    )
    url = forms.URLField(label=_("Website"), required=False, max_length=500)
    email = forms.EmailField(label=_("E-mail"), required=False)
    application_process = forms.CharField(
        label=_("How to take part"), widget=forms.Textarea, required=False, max_length=2000
    )
    fees_description = forms.CharField(
        label=_("Costs"), required=False, max_length=500, help_text=_("empty: free of charge")
    )
    eligibility_description = forms.CharField(label=_("For whom"), required=False, max_length=1000)

    address_1 = forms.CharField(label=_("Street and number"), required=False, max_length=200)
    postcode = forms.CharField(
        label=_("Postcode"), required=False, max_length=7, help_text=_("e.g. 2411 AB")
    )
    city = forms.CharField(label=_("Place"), required=False, max_length=100)
    days = forms.MultipleChoiceField(
        label=_("Open on"),
        required=False,
        choices=[
            ("MO", _("Monday")),
            ("TU", _("Tuesday")),
            ("WE", _("Wednesday")),
            ("TH", _("Thursday")),
            ("FR", _("Friday")),
            ("SA", _("Saturday")),
            ("SU", _("Sunday")),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    opens_at = forms.TimeField(
        label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    closes_at = forms.TimeField(
        label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    EXTRA = ("address_1", "postcode", "city", "days", "opens_at", "closes_at")

    def __init__(self, *args, instance=None, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        if instance is not None and instance.pk:
            from .models.hsds import Address, Schedule

            address = Address.objects.filter(location__serviceatlocation__service=instance).first()
            if address is not None:
                initial.update(
                    address_1=address.address_1, postcode=address.postal_code, city=address.city
                )
            schedule = Schedule.objects.filter(service=instance).order_by("pk").first()
            if schedule is not None:
                initial.update(
                    days=(schedule.byday or "").split(","),
                    opens_at=schedule.opens_at,
                    closes_at=schedule.closes_at,
                )
        super().__init__(*args, instance=instance, initial=initial, **kwargs)

    class Meta:
        model = Service
        fields = [
            "name",
            "alternate_name",
            "kind",
            "description",
            "status",
            "url",
            "email",
            "application_process",
            "fees_description",
            "eligibility_description",
            "published",
        ]
