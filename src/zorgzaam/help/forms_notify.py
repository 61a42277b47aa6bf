"""Forms of the messages about a task and of a resident's own contact preference. They only
parse input; the services (``task_messages``, ``notifications``) validate the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ContactPreference
from .task_messages import MAX_LENGTH


class TaskMessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        help_text=_("Short and practical, e.g. when you come. Do not share medical details."),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_LENGTH}),
        max_length=MAX_LENGTH,
    )


OWN_LABELS = {
    ContactPreference.Preferred.INBOX: _("Only in Zorgzaam (my messages when I log in)"),
    ContactPreference.Preferred.EMAIL: _("By e-mail"),
    ContactPreference.Preferred.SMS: _("By text message (SMS)"),
    ContactPreference.Preferred.CALL: _("No messages: someone from the hub phones me"),
}


class ContactPreferenceForm(forms.Form):
    preferred = forms.ChoiceField(
        label=_("How do you want to hear from us?"), widget=forms.RadioSelect
    )
    email = forms.CharField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        help_text=_("Needed for e-mail."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        required=False,
        max_length=20,
        help_text=_("Needed for text messages: a Dutch mobile number, such as 06 12345678."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, sms: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        preferred = self.fields["preferred"]
        assert isinstance(preferred, forms.ChoiceField)
        preferred.choices = [
            (str(value), label)
            for value, label in OWN_LABELS.items()
            if sms or value != ContactPreference.Preferred.SMS
        ]
