"""Forms of the administrator's users-and-teams screens. They only parse input; the rules
live in the account services, whose refusals come back on the form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import SocialTeam
from ..roles import Role
from .selectors import STATUS_ACTIVE, STATUS_DEACTIVATED, STATUS_INVITED, area_list_for_actor

#: Roles an administrator gives to staff. Residents register themselves.
STAFF_ROLES = [(value, label) for value, label in Role.choices if value != Role.RESIDENT]

MAX_CSV_BYTES = 1024 * 1024


def _teams_field(actor, *, label=None) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label or _("Teams"),
        queryset=SocialTeam.objects.filter(municipality_id=actor.municipality_id).order_by("name"),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only professionals and team leads belong to a team."),
    )


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or username"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=SocialTeam.objects.none(),
        required=False,
        empty_label=_("all"),
        to_field_name="public_id",
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("all")),
            (STATUS_ACTIVE, _("active")),
            (STATUS_INVITED, _("invited")),
            (STATUS_DEACTIVATED, _("deactivated")),
        ],
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("all")), *Role.choices]
        self.fields["team"].queryset = SocialTeam.objects.filter(
            municipality_id=actor.municipality_id
        ).order_by("name")
        self.fields["q"].widget.input_type = "search"

    def filters(self) -> dict:
        """The valid filters; an invalid value (a stale team id) is ignored, not an error."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"].strip(),
            "role": data["role"],
            "team": data["team"],
            "status": data["status"],
        }


class InviteForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; for example j.devries."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The invitation link is sent here."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLES)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"] = _teams_field(actor)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("New role"), choices=STAFF_ROLES)


class TeamsForm(forms.Form):
    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"] = _teams_field(actor)


class DeactivateForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, deactivate this account: the person can no longer log in."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class SecondFactorResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Required, for example: new telephone. Do not write personal details here."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason for the reset.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason for the reset."))
        return reason


def _areas_field(actor) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=area_list_for_actor(actor),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The team's professionals see the residents of these areas."),
    )


class TeamCreateForm(forms.Form):
    name = forms.CharField(label=_("Name of the team"), max_length=120)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"] = _areas_field(actor)


class TeamAreasForm(forms.Form):
    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"] = _areas_field(actor)


class BulkInviteForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of staff"),
        help_text=_(
            "Columns: username, first_name, last_name, email, role, team. Separated by ; or , "
            "(both as Excel saves them), UTF-8 or Windows encoding."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload
