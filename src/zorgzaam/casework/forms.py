"""Forms only parse input; the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgzaam.accounts.models import SocialTeam, User
from zorgzaam.accounts.roles import Role

from .models import (
    Action,
    BreakGlass,
    Consent,
    Goal,
    HouseholdMember,
    Measurement,
    UrgencyRequest,
    ZrmScore,
)

SCORE_CHOICES = [("", _("not scored"))] + [(str(v), label) for v, label in ZrmScore.choices]
MEMBER_ROWS = 4


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ScoresMixin(forms.Form):
    """Adds one optional 1-5 select per ZRM domain, named ``zrm_<code>``."""

    def add_score_fields(self, domains, initial: dict[str, int] | None = None):
        self.domains = list(domains)
        for d in self.domains:
            self.fields[f"zrm_{d.code}"] = forms.ChoiceField(
                label=d.name,
                choices=SCORE_CHOICES,
                required=False,
                initial=str((initial or {}).get(d.code, "")),
            )

    def scores(self) -> dict[str, int]:
        return {
            d.code: int(self.cleaned_data[f"zrm_{d.code}"])
            for d in self.domains
            if self.cleaned_data.get(f"zrm_{d.code}")
        }

    def score_fields(self):
        return [self[f"zrm_{d.code}"] for d in self.domains]


class IntakeForm(ScoresMixin, forms.Form):
    name = forms.CharField(label=_("Name of the household"), max_length=120)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, help_text=_("e.g. 2411 AB"))
    team = forms.ModelChoiceField(label=_("Team"), queryset=SocialTeam.objects.none())
    network_name = forms.CharField(label=_("Name"), max_length=120, required=False)
    network_relation = forms.CharField(
        label=_("Relation"), max_length=80, required=False, help_text=_("e.g. neighbour, daughter")
    )
    network_can_help_with = forms.CharField(
        label=_("Can help with"), max_length=200, required=False
    )
    note = forms.CharField(
        label=_("Note of the first conversation"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, actor, domains, known_person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_person = known_person
        self.fields["team"].queryset = SocialTeam.objects.filter(
            municipality=actor.municipality, teammembership__user=actor
        ).distinct()
        if self.fields["team"].queryset.count() == 1:
            self.fields["team"].initial = self.fields["team"].queryset.first()
        for i in range(MEMBER_ROWS):
            p = f"m{i}_"
            self.fields[p + "role"] = forms.ChoiceField(
                label=_("Role in the household"),
                choices=HouseholdMember.Role.choices,
                initial=HouseholdMember.Role.APPLICANT if i == 0 else HouseholdMember.Role.OTHER,
            )
            self.fields[p + "given_name"] = forms.CharField(
                label=_("First name"), max_length=80, required=False
            )
            self.fields[p + "infix"] = forms.CharField(
                label=_("Infix"), max_length=20, required=False
            )
            self.fields[p + "family_name"] = forms.CharField(
                label=_("Last name"), max_length=120, required=False
            )
            self.fields[p + "date_of_birth"] = forms.DateField(
                label=_("Date of birth"), required=False, widget=DateInput()
            )
            self.fields[p + "bsn"] = forms.CharField(
                label=_("BSN (optional)"),
                max_length=12,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
            )
        if known_person is not None:
            self.fields["m0_given_name"].initial = known_person.given_name
            self.fields["m0_infix"].initial = known_person.infix
            self.fields["m0_family_name"].initial = known_person.family_name
            self.fields["m0_date_of_birth"].initial = known_person.date_of_birth
            self.fields["postcode"].initial = known_person.postcode
            self.fields["name"].initial = _("Household %(name)s") % {
                "name": " ".join(p for p in (known_person.infix, known_person.family_name) if p)
            }
        self.add_score_fields(domains)

    def member_rows(self):
        return [
            [
                self[f"m{i}_{f}"]
                for f in ("role", "given_name", "infix", "family_name", "date_of_birth", "bsn")
            ]
            for i in range(MEMBER_ROWS)
        ]

    def member_inputs(self):
        from .services import MemberInput

        result = []
        for i in range(MEMBER_ROWS):
            p = f"m{i}_"
            data = {f: self.cleaned_data.get(p + f) for f in ("given_name", "infix", "family_name")}
            person = self.known_person if i == 0 else None
            if person is None and not (data["family_name"] or "").strip():
                continue
            result.append(
                MemberInput(
                    role=self.cleaned_data[p + "role"],
                    person=person,
                    given_name=data["given_name"] or "",
                    infix=data["infix"] or "",
                    family_name=data["family_name"] or "",
                    date_of_birth=self.cleaned_data.get(p + "date_of_birth"),
                    bsn=self.cleaned_data.get(p + "bsn") or "",
                )
            )
        return result


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))
    domains = forms.MultipleChoiceField(
        label=_("Life domains (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.domain_objects = {d.code: d for d in domains}
        self.fields["domains"].choices = [(d.code, d.name) for d in domains]

    def selected_domains(self):
        return [self.domain_objects[c] for c in self.cleaned_data["domains"]]


class ConsentForm(forms.Form):
    member = forms.ChoiceField(label=_("Who gives consent"))
    what = forms.CharField(label=_("What is shared"), max_length=200)
    with_whom = forms.CharField(label=_("With whom"), max_length=200)
    method = forms.ChoiceField(label=_("How"), choices=Consent.Method.choices)
    given_on = forms.DateField(label=_("Given on"), required=False, widget=DateInput())

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.member_objects = {str(m.public_id): m for m in members}
        self.fields["member"].choices = [(str(m.public_id), m.person.full_name) for m in members]


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    relation = forms.CharField(label=_("Relation"), max_length=80)
    can_help_with = forms.CharField(label=_("Can help with"), max_length=200, required=False)
    domains = forms.MultipleChoiceField(
        label=_("Life domains"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.domain_objects = {d.code: d for d in domains}
        self.fields["domains"].choices = [(d.code, d.name) for d in domains]

    def selected_domains(self):
        return [self.domain_objects[c] for c in self.cleaned_data["domains"]]


class GoalForm(forms.Form):
    description = forms.CharField(label=_("Goal"), max_length=300)
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices, required=False)


class FormalActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=300)
    provision = forms.ChoiceField(label=_("Provision"), choices=Action.Provision.choices)
    formal_reason = forms.CharField(
        label=_("Why no informal resource (one line)"),
        max_length=200,
        required=False,
        help_text=_("Needed when no informal resource is linked in this life domain."),
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())


class ReferralForm(forms.Form):
    receiver = forms.ModelChoiceField(
        label=_("Hub coordinator who receives it"), queryset=User.objects.none()
    )
    receiver_label = forms.CharField(label=_("Organisation or hub"), max_length=200)
    message = forms.CharField(
        label=_("Request to the receiver"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only this, the contact person and the phone number are shared."),
    )
    contact_member = forms.ChoiceField(label=_("Contact person"))
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)

    def __init__(self, *args, municipality, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver"].queryset = User.objects.filter(
            municipality=municipality, role=Role.HUB_COORDINATOR, is_active=True
        ).order_by("last_name", "first_name")
        self.fields["receiver"].label_from_instance = lambda u: u.display_name
        self.member_objects = {str(m.public_id): m for m in members}
        self.fields["contact_member"].choices = [
            (str(m.public_id), m.person.full_name) for m in members
        ]


class ReferralUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    decline_reason = forms.CharField(
        label=_("Reason for declining"), max_length=200, required=False
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices


class MeasurementForm(ScoresMixin, forms.Form):
    moment = forms.ChoiceField(
        label=_("Moment"), choices=Measurement.Moment.choices, initial=Measurement.Moment.REVIEW
    )
    measured_on = forms.DateField(
        label=_("Date"), required=False, widget=DateInput(), initial=timezone.localdate
    )
    spider_member = forms.ChoiceField(label=_("Whose Positive Health"), required=False)

    SPIDER = ("body", "mental", "meaning", "quality", "participation", "daily")

    def __init__(self, *args, domains, members, last_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import POSITIVE_HEALTH_DIMENSIONS

        self.add_score_fields(domains, initial=last_scores)
        self.member_objects = {str(m.public_id): m for m in members}
        self.fields["spider_member"].choices = [("", "—")] + [
            (str(m.public_id), m.person.full_name) for m in members
        ]
        for key, label in POSITIVE_HEALTH_DIMENSIONS:
            self.fields[f"ph_{key}"] = forms.IntegerField(
                label=label, min_value=0, max_value=10, required=False
            )

    def spider_fields(self):
        return [self[f"ph_{k}"] for k in self.SPIDER]

    def spider(self):
        return {k: self.cleaned_data.get(f"ph_{k}") for k in self.SPIDER}


class BreakGlassForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Reason"), choices=BreakGlass.Reason.choices)
    reason = forms.CharField(
        label=_("Explanation"),
        max_length=200,
        help_text=_("Shown to the team lead of the holding team."),
    )


class MemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the household"), choices=HouseholdMember.Role.choices)
    given_name = forms.CharField(label=_("First name"), max_length=80, required=False)
    infix = forms.CharField(label=_("Infix"), max_length=20, required=False)
    family_name = forms.CharField(label=_("Last name"), max_length=120, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    bsn = forms.CharField(
        label=_("BSN (optional)"),
        max_length=12,
        required=False,
        help_text=_("Leave empty to keep the number already registered."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    remove_bsn = forms.BooleanField(label=_("Remove the registered BSN"), required=False)

    def __init__(self, *args, editing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("given_name", "infix", "family_name"):
                del self.fields[name]
        else:
            del self.fields["remove_bsn"]
            self.fields["bsn"].help_text = ""


class UrgencyForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for urgency"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class UrgencyDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (v, label)
            for v, label in UrgencyRequest.Decision.choices
            if v != UrgencyRequest.Decision.PENDING
        ],
    )
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Explanation"), max_length=300, required=False)
