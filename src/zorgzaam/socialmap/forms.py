"""Forms of the social map: the public search (GET) and the item editor."""

from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.errors import ApplicationError
from zorgzaam.tenancy.selectors import postcode_area_get
from zorgzaam.web.widgets import FastSelect

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
#: "near me" (#18): 10 km reached every village of the demo municipality from every postcode
#: (its postcode areas lie at most 7.2 km apart); 5 km is the own village and the next ones.
DEFAULT_RADIUS = "5"


class SearchForm(forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=200)
    postcode = forms.CharField(
        label=_("Postcode"), required=False, max_length=7, help_text=_("e.g. 2411 or 2411 AB")
    )
    radius = forms.TypedChoiceField(
        label=_("Distance"),
        choices=RADII,
        coerce=float,
        initial=DEFAULT_RADIUS,
        required=False,
        widget=FastSelect,
    )
    area = forms.ChoiceField(label=_("Village"), required=False, widget=FastSelect)
    term = forms.ChoiceField(label=_("Category"), required=False, widget=FastSelect)
    kind = forms.MultipleChoiceField(
        label=_("Kind"), choices=Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    informal_first = forms.BooleanField(label=_("Informal help first"), required=False)
    day = forms.ChoiceField(label=_("Open on"), choices=WEEKDAYS, required=False, widget=FastSelect)
    time = forms.TimeField(
        label=_("at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    language = forms.ChoiceField(label=_("Language"), required=False, widget=FastSelect)
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
                data["radius"] = DEFAULT_RADIUS
        super().__init__(data)
        # (value, label) pairs: selectors.search_facets()
        self.fields["term"].choices = [("", _("all categories")), *terms]
        self.fields["language"].choices = [("", _("any language")), *languages]
        self.fields["area"].choices = [("", _("all villages")), *areas]
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
            radius_km=data.get("radius") or float(DEFAULT_RADIUS),
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
    url = forms.URLField(label=_("Website"), required=False, max_length=500, assume_scheme="https")
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


# --- sub-records of an item: contacts, cost options, languages (formsets, no JavaScript) -----
#: Languages offered in the editor: ISO 639 codes (HSDS ``language.code``) with English names
#: (msgids); the Dutch name is stored as HSDS ``language.name``.
LANGUAGE_CHOICES = [
    ("nl", _("Dutch")),
    ("fy", _("Frisian")),
    ("dse", _("Dutch Sign Language (NGT)")),
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("it", _("Italian")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("bg", _("Bulgarian")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("ber", _("Tamazight (Berber)")),
    ("fa", _("Persian")),
    ("ti", _("Tigrinya")),
    ("so", _("Somali")),
    ("pap", _("Papiamento")),
    ("zh", _("Chinese")),
]


class SubRecordForm(forms.Form):
    """One row of a formset. ``ref`` is the HSDS id of an existing row (empty: a new row)."""

    ref = forms.UUIDField(required=False, widget=forms.HiddenInput)
    #: Fields that must not all be empty in a kept row.
    CONTENT: tuple[str, ...] = ()
    EMPTY_MESSAGE = _("Fill in at least one field, or tick “remove”.")

    def clean(self):
        cleaned = super().clean()
        empty = not any(cleaned.get(name) not in (None, "") for name in self.CONTENT)
        if self.CONTENT and empty and not cleaned.get("DELETE"):
            raise forms.ValidationError(self.EMPTY_MESSAGE)
        return cleaned


class ContactForm(SubRecordForm):
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    title = forms.CharField(
        label=_("Job title"), required=False, max_length=200, help_text=_("e.g. coordinator")
    )
    department = forms.CharField(label=_("Department"), required=False, max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    phone = forms.RegexField(
        label=_("Phone"),
        required=False,
        max_length=30,
        regex=r"^\+?[0-9 ()-]{6,30}$",
        error_messages={"invalid": _("Give a phone number such as 0172 123456.")},
    )

    CONTENT = ("name", "email", "phone")
    EMPTY_MESSAGE = _("Give a name, an e-mail address or a phone number, or tick “remove”.")


class CostOptionForm(SubRecordForm):
    option = forms.CharField(
        label=_("What the cost is for"),
        required=False,
        max_length=200,
        help_text=_("e.g. per session, membership per year"),
    )
    amount = forms.DecimalField(
        label=_("Amount in euros"),
        required=False,
        min_value=0,
        max_value=100000,
        decimal_places=2,
        localize=True,  # 2,50 as well as 2.50
        help_text=_("0 means free of charge"),
    )
    amount_description = forms.CharField(label=_("Explanation"), required=False, max_length=500)
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    CONTENT = ("option", "amount", "amount_description")
    EMPTY_MESSAGE = _("Give an amount or a description, or tick “remove”.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end date lies before the start date."))
        return cleaned


class LanguageForm(SubRecordForm):
    code = forms.ChoiceField(label=_("Language"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=200,
        help_text=_("e.g. only on Tuesdays"),
    )

    CONTENT = ("code",)
    EMPTY_MESSAGE = _("Choose a language, or tick “remove”.")

    def __init__(self, *args, extra_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        known = {code for code, _label in LANGUAGE_CHOICES}
        # Codes that came in by HSDS import stay choosable under their stored name.
        kept = [(code, name or code) for code, name in extra_codes if code not in known]
        self.fields["code"].choices = [("", _("choose a language"))] + LANGUAGE_CHOICES + kept
        self.kept_names = dict(kept)

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("code")
        # HSDS language.name: the Dutch name (the stored one for imported codes).
        if code in self.kept_names:
            cleaned["name"] = self.kept_names[code]
        elif code:
            with translation.override("nl"):
                cleaned["name"] = str(dict(LANGUAGE_CHOICES)[code])
        else:
            cleaned["name"] = None
        return cleaned


class BaseSubRecordFormSet(forms.BaseFormSet):
    #: The field that must be unique among the kept rows, with its message.
    unique_field = ""
    unique_message: str | Promise = ""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if not form.has_changed() and not form.cleaned_data.get("ref"):
                continue
            if form.cleaned_data.get("DELETE") or not self.unique_field:
                continue
            value = form.cleaned_data.get(self.unique_field)
            if value in seen:
                form.add_error(self.unique_field, self.unique_message)
            seen.add(value)

    def rows(self) -> list[dict]:
        """The rows to keep, as dicts for ``services.service_save`` (``id``: existing row)."""
        out = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            if not data.get("ref") and not form.has_changed():
                continue
            row = {k: v for k, v in data.items() if k not in ("ref", "DELETE")}
            row["id"] = data.get("ref")
            out.append(row)
        return out


class BaseLanguageFormSet(BaseSubRecordFormSet):
    unique_field = "code"
    unique_message = _("This language is listed twice.")


def _formset(form, base=BaseSubRecordFormSet):
    return forms.formset_factory(
        form,
        formset=base,
        extra=1,
        can_delete=True,
        can_delete_extra=False,
        max_num=20,
        validate_max=True,
        absolute_max=50,
    )


ContactFormSet = _formset(ContactForm)
CostOptionFormSet = _formset(CostOptionForm)
LanguageFormSet = _formset(LanguageForm, BaseLanguageFormSet)

#: (prefix, formset class, legend, row legend, add button) of the item editor; the prefix
#: is also the key of the rows for ``services.service_save`` and of the version snapshot.
SUB_RECORDS = (
    ("contacts", ContactFormSet, _("Contacts"), _("Contact %(n)s"), _("Add a contact")),
    ("cost_options", CostOptionFormSet, _("Prices"), _("Price %(n)s"), _("Add a price")),
    ("languages", LanguageFormSet, _("Languages"), _("Language %(n)s"), _("Add a language")),
)


# --- community hubs (socialmap.edit) -------------------------------------------------------
class HubForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("e.g. Huis van Alles Nieuwerbrug")
    )
    area: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Village"), queryset=None, empty_label=_("choose")
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, required=False, max_length=2000
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=7,
        help_text=_("Places the hub on the map (the centre of the postcode area); not shown."),
    )
    coordinator: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Hub coordinator"), queryset=None, required=False, empty_label=_("nobody yet")
    )

    def __init__(self, *args, municipality, hub=None, **kwargs):
        from zorgzaam.accounts.models import User
        from zorgzaam.accounts.roles import Role
        from zorgzaam.tenancy.models import Area

        if hub is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": hub.name,
                "area": hub.area_id,
                "description": hub.description,
                "address": hub.address,
                "coordinator": hub.coordinator_id,
            }
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality).order_by(
            "name"
        )
        coordinators = User.objects.filter(
            municipality=municipality, role=Role.HUB_COORDINATOR, is_active=True
        ).order_by("first_name", "last_name", "username")
        self.fields["coordinator"].queryset = coordinators
        self.fields["coordinator"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.municipality = municipality

    def clean_postcode(self):
        from zorgzaam.tenancy.selectors import postcode_area_get

        value = (self.cleaned_data.get("postcode") or "").strip()
        if not value:
            return ""
        try:
            pc = postcode_area_get(value)
        except ApplicationError as exc:
            raise forms.ValidationError(
                _("This postcode is unknown. Try 4 digits, e.g. 2411.")
            ) from exc
        if pc.municipality_id != self.municipality.pk:
            raise forms.ValidationError(_("This postcode lies outside the municipality."))
        return value


class CouncilMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the resident"),
        help_text=_("The e-mail address the municipality knows for them, or of their account."),
    )
    role = forms.ChoiceField(
        label=_("Role in the council"),
        choices=[("member", _("member")), ("chair", _("chair"))],
        initial="member",
    )
    since = forms.DateField(
        label=_("Member since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("empty: today"),
    )
