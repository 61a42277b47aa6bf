"""Forms of the work screens: they only parse input; the services decide."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from zorgzaam.help.matching import slot_name

from . import vocab
from .models import (
    Employer,
    FulfilmentEntry,
    JobSeeker,
    OfferKind,
    PeerGroupMembership,
    Placement,
    Sector,
    TargetGroup,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def slot_choices() -> list[tuple[str, str]]:
    lang = _lang()
    return [(f"{d}-{p}", slot_name(d, p, lang, recurring=True)) for d in range(7) for p in range(3)]


def slots_to_mask(values) -> int:
    mask = 0
    for value in values:
        day, part = (int(x) for x in value.split("-"))
        mask |= 1 << (day * 3 + part)
    return mask


def mask_to_slots(mask: int) -> list[str]:
    return [f"{b // 3}-{b % 3}" for b in range(21) if mask >> b & 1]


def term_choices(table: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    i = 0 if _lang() == "nl" else 1
    return [(code, labels[i]) for code, labels in table.items()]


class AvailabilityField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=slot_choices, **kwargs)


class JobSeekerForm(forms.Form):
    target_group = forms.ChoiceField(label=_("Target group"), choices=TargetGroup.choices)
    work_goal = forms.CharField(
        label=_("Work goal"), max_length=200, help_text=_("e.g. a paid job in care, 24 hours")
    )
    wishes = forms.CharField(
        label=_("Wishes"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    limits = forms.CharField(
        label=_("Limits"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only what matters for work, e.g. no heavy lifting. No diagnoses."),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Preferred sectors"), required=False, widget=forms.CheckboxSelectMultiple
    )
    skills = forms.MultipleChoiceField(
        label=_("Skills"), required=False, widget=forms.CheckboxSelectMultiple
    )
    availability = AvailabilityField(label=_("Available"), required=True)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week wanted"),
        min_value=1,
        max_value=60,
        decimal_places=1,
        initial=24,
    )
    max_travel_km = forms.DecimalField(
        label=_("Maximum travel distance (km)"),
        min_value=Decimal("0.5"),
        max_value=100,
        decimal_places=1,
        initial=10,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].choices = term_choices(vocab.SECTORS)
        self.fields["skills"].choices = term_choices(vocab.SKILLS)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["availability"] = slots_to_mask(data["availability"])
        return data


class JobSeekerEditForm(JobSeekerForm):
    status = forms.ChoiceField(label=_("Status"), choices=JobSeeker.Status.choices)

    @classmethod
    def initial_for(cls, seeker: JobSeeker) -> dict:
        initial = {name: getattr(seeker, name) for name in cls.base_fields}
        initial["availability"] = mask_to_slots(seeker.availability)
        return initial


class ProposalKindForm(forms.Form):
    kind = forms.ChoiceField(label=_("Looking for"), choices=OfferKind.choices, required=False)


class PlacementForm(forms.Form):
    employer = forms.ModelChoiceField(
        label=_("Employer"), queryset=Employer.objects.none(), to_field_name="public_id"
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OfferKind.choices)
    start = forms.DateField(label=pgettext_lazy("work", "Start"), widget=DATE)
    end = forms.DateField(
        label=pgettext_lazy("work", "End"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty while it runs."),
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), min_value=0, max_value=60, decimal_places=1
    )
    contract_type = forms.ChoiceField(
        label=_("Contract type"), choices=Placement.ContractType.choices
    )
    contract = forms.ChoiceField(
        label=_("Counts for SROI contract"),
        required=False,
        help_text=_("The placement counts as social return of this contract."),
    )

    def __init__(self, *args, employers, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.contracts = {str(c.public_id): c for c, _label in contracts}
        self.fields["contract"].choices = [("", _("— none —"))] + [
            (str(c.public_id), label) for c, label in contracts
        ]

    def clean_contract(self):
        value = self.cleaned_data.get("contract")
        return self.contracts.get(value) if value else None


class PlacementEndForm(forms.Form):
    end = forms.DateField(label=pgettext_lazy("work", "End"), widget=DATE)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in Placement.Outcome.choices if c[0] != Placement.Outcome.OPEN],
    )


class FollowUpForm(forms.Form):
    done_on = forms.DateField(label=_("Checked on"), widget=DATE)
    still_working = forms.TypedChoiceField(
        label=_("Still working?"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week now"), required=False, min_value=0, max_value=60, decimal_places=1
    )


class EmployerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    kvk_number = forms.CharField(
        label=_("KvK number"), max_length=10, required=False, help_text=_("8 digits")
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=7, help_text=_("e.g. 2411 AB"))
    buddy_capacity = forms.IntegerField(
        label=_("Job seekers to guide as buddy at once"), min_value=0, max_value=50, initial=0
    )
    work_experience_places = forms.IntegerField(
        label=_("Work-experience places"), min_value=0, max_value=50, initial=0
    )
    job_openings = forms.IntegerField(label=_("Job openings"), min_value=0, max_value=50, initial=0)
    hosts_peer_group = forms.BooleanField(label=_("Hosts a peer group"), required=False)
    is_social_enterprise = forms.BooleanField(label=_("Social enterprise"), required=False)
    skills = forms.MultipleChoiceField(
        label=_("Skills taught"), required=False, widget=forms.CheckboxSelectMultiple
    )
    availability = AvailabilityField(label=_("Available for job seekers"), required=True)
    contact_name = forms.CharField(label=_("Contact person"), max_length=150, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    socialmap_organization_id = forms.UUIDField(
        label=_("Social-map organization (id)"),
        required=False,
        help_text=_("Optional: the public id of the organization on the social map."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].choices = term_choices(vocab.SKILLS)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        contact = {
            "name": data.pop("contact_name"),
            "phone": data.pop("contact_phone"),
            "email": data.pop("contact_email"),
        }
        data["contacts"] = [contact] if contact["name"] else []
        data["availability"] = slots_to_mask(data["availability"])
        return data


class EmployerEditForm(forms.Form):
    name = EmployerForm.base_fields["name"]
    sector = EmployerForm.base_fields["sector"]
    buddy_capacity = EmployerForm.base_fields["buddy_capacity"]
    work_experience_places = EmployerForm.base_fields["work_experience_places"]
    job_openings = EmployerForm.base_fields["job_openings"]
    hosts_peer_group = EmployerForm.base_fields["hosts_peer_group"]
    is_social_enterprise = EmployerForm.base_fields["is_social_enterprise"]
    skills = forms.MultipleChoiceField(
        label=_("Skills taught"), required=False, widget=forms.CheckboxSelectMultiple
    )
    availability = AvailabilityField(label=_("Available for job seekers"), required=True)
    socialmap_organization_id = EmployerForm.base_fields["socialmap_organization_id"]
    active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("Inactive employers are not proposed.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].choices = term_choices(vocab.SKILLS)

    @classmethod
    def initial_for(cls, employer: Employer) -> dict:
        initial = {name: getattr(employer, name) for name in cls.base_fields}
        initial["availability"] = mask_to_slots(employer.availability)
        return initial

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["availability"] = slots_to_mask(data["availability"])
        return data


class PeerGroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    started_on = forms.DateField(label=_("Starts on"), widget=DATE)
    location = forms.CharField(label=_("Meeting place"), max_length=150, required=False)
    host = forms.ModelChoiceField(
        label=_("Host"),
        queryset=Employer.objects.none(),
        required=False,
        to_field_name="public_id",
    )

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts


class MemberForm(forms.Form):
    job_seeker = forms.ChoiceField(label=_("Job seeker"))
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE)

    def __init__(self, *args, seekers, **kwargs):
        super().__init__(*args, **kwargs)
        self.seekers = {str(s.public_id): s for s in seekers}
        self.fields["job_seeker"].choices = [
            (key, s.person.full_name) for key, s in self.seekers.items()
        ]

    def clean_job_seeker(self):
        return self.seekers[self.cleaned_data["job_seeker"]]


class MemberOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=PeerGroupMembership.Outcome.choices)


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=150)


class ContractForm(forms.Form):
    reference = forms.CharField(label=_("Contract number"), max_length=40)
    title = forms.CharField(label=_("Subject"), max_length=200)
    contractor_name = forms.CharField(label=_("Contractor"), max_length=150)
    contract_value = forms.DecimalField(
        label=_("Contract value (EUR)"), min_value=0, max_digits=14, decimal_places=2
    )
    obligation_percentage = forms.DecimalField(
        label=_("Obligation (%)"), min_value=0, max_value=100, decimal_places=2, initial=5
    )
    start = forms.DateField(label=pgettext_lazy("work", "Start"), widget=DATE)
    end = forms.DateField(label=pgettext_lazy("work", "End"), widget=DATE)
    table: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Building-block table"),
        queryset=None,
        to_field_name="public_id",
        empty_label=None,
    )

    def __init__(self, *args, tables, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = tables


class FulfilmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FulfilmentEntry.Kind.choices)
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("No names of people."),
    )
    target_group = forms.ChoiceField(
        label=_("Target group"), required=False, choices=[("", "—"), *TargetGroup.choices]
    )
    start = forms.DateField(label=pgettext_lazy("work", "Start"), widget=DATE, required=False)
    end = forms.DateField(label=pgettext_lazy("work", "End"), widget=DATE, required=False)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), required=False, min_value=0, max_value=60
    )
    bonuses = forms.MultipleChoiceField(
        label=_("Bonuses"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("over_50", _("aged 50+")),
            ("status_holder", _("status holder")),
            ("permanent_contract", _("permanent contract")),
        ],
    )
    invoice_value = forms.DecimalField(
        label=_("Invoice value (EUR)"), required=False, min_value=0, decimal_places=2
    )
    pso_level = forms.ChoiceField(
        label=_("PSO level"),
        required=False,
        choices=[("", "—"), *FulfilmentEntry.PsoLevel.choices],
    )
    hours = forms.DecimalField(label=_("Hours of effort"), required=False, min_value=0)


_EURO_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+(,\d{1,2})?")
_EURO_COMMA = re.compile(r"\d+(,\d{1,2})?")
_EURO_DOT = re.compile(r"\d+(\.\d{1,2})?")


class EuroField(forms.DecimalField):
    """An amount in euros as people write it: 40000, 40.000, 2.500,50 or 2500,50 (and
    2500.50). "40.000" is forty thousand, never forty."""

    default_error_messages = {
        "invalid": _("Enter an amount in euros, for example 40.000 or 2.500,50."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).replace("€", "").replace("\xa0", "").replace(" ", "").strip()
        if text.startswith("-"):
            raise forms.ValidationError(_("An amount cannot be negative."), code="min_value")
        if _EURO_THOUSANDS.fullmatch(text):
            text = text.replace(".", "").replace(",", ".")
        elif _EURO_COMMA.fullmatch(text):
            text = text.replace(",", ".")
        elif not _EURO_DOT.fullmatch(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return Decimal(text)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int):
            text = f"{Decimal(value):.2f}".removesuffix(".00")
            return text.replace(".", ",")
        return value


class TableForm(forms.Form):
    """The general settings of a building-block table; the amounts per target group, bonus
    and PSO level are the rows of ``AmountFormSet`` (``table_rows``)."""

    name = forms.CharField(label=_("Name"), max_length=120)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    full_time_hours = forms.DecimalField(
        label=_("Hours of a full-time week"),
        min_value=Decimal("0.5"),
        max_value=80,
        decimal_places=1,
        localize=True,
    )
    social_enterprise_percentage = forms.DecimalField(
        label=_("Share of a purchase from a social enterprise that counts (%)"),
        min_value=0,
        max_value=100,
        decimal_places=1,
        localize=True,
    )
    custom_effort_hourly_rate = EuroField(label=_("Custom effort: value per hour (EUR)"))


# The rows of the amounts form: (section of the table, key, label).
def table_rows() -> list[tuple[str, str, Any]]:
    bonuses_field: Any = FulfilmentForm.base_fields["bonuses"]
    bonuses = dict(bonuses_field.choices)
    return (
        [("target_groups", g.value, g.label) for g in TargetGroup]
        + [("bonuses", key, label) for key, label in bonuses.items()]
        + [("pso_levels", p.value, p.label) for p in FulfilmentEntry.PsoLevel]
    )


class AmountForm(forms.Form):
    amount = EuroField(required=False)


class BaseAmountFormSet(forms.BaseFormSet):
    """One row per target group, bonus and PSO level, in the order of ``table_rows``: the
    row's meaning comes from its place, never from the request."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = table_rows()
        for form, (section, _key, label) in zip(self.forms, rows, strict=False):
            form.fields["amount"].label = label
            form.section = section

    def clean(self):
        if len(self.forms) != len(table_rows()):  # a tampered form count
            raise forms.ValidationError(_("The form is incomplete; load the page again."))
        if any(self.errors):
            return
        groups = [
            f.cleaned_data.get("amount")
            for f, (section, _k, _l) in zip(self.forms, table_rows(), strict=True)
            if section == "target_groups"
        ]
        if all(a is None for a in groups):
            raise forms.ValidationError(_("Give a value for at least one target group."))

    def table_data(self, general: dict) -> dict:
        """The table as the plain data ``sroi.BuildingBlockTable.from_mapping`` reads."""
        data: dict = {
            "full_time_hours": str(general["full_time_hours"]),
            "social_enterprise_percentage": str(general["social_enterprise_percentage"]),
            "custom_effort_hourly_rate": str(general["custom_effort_hourly_rate"]),
            "target_groups": {},
            "bonuses": {},
            "pso_levels": {},
        }
        for form, (section, key, _label) in zip(self.forms, table_rows(), strict=True):
            amount = form.cleaned_data.get("amount")
            if amount is not None:
                data[section][key] = str(amount)
        return data


def amount_formset(data=None, *, table: dict):
    """The amounts of ``table`` (plain data) as a formset of fixed rows."""
    rows = table_rows()
    formset_class = forms.formset_factory(
        AmountForm,
        formset=BaseAmountFormSet,
        extra=0,
        min_num=len(rows),
        max_num=len(rows),
        validate_max=True,
    )
    initial = [{"amount": _decimal_or_none(table.get(s, {}).get(k))} for s, k, _l in rows]
    return formset_class(data, initial=initial, prefix="amounts")


def _decimal_or_none(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))
