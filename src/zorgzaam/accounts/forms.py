from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# Django 5.2's MinimumLengthValidator asks for "...at least %d character(s).", but its Dutch
# catalogue translates only the older "%(min_length)d" spelling, so Dutch users got English.
# Named here so that this app's catalogue (which takes precedence) carries the translation.
PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(_("Enter the 6 digits shown in your app."))
        return token


class InvitationForm(forms.Form):
    """A new password, twice. Django's password validators run in the service."""

    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 8 characters, not only digits, not a common password and not like "
            "your username."
        ),
    )
    password_again = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password"), cleaned.get("password_again")
        if first and second and first != second:
            self.add_error("password_again", _("The two passwords differ."))
        return cleaned
