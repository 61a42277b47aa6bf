from django import forms
from django.utils.translation import gettext_lazy as _


class ConsentForm(forms.Form):
    given_name = forms.CharField(label=_("First name"), max_length=80)
    family_name = forms.CharField(label=_("Last name"), max_length=120)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, help_text=_("e.g. 2801 AB"))
    consent = forms.BooleanField(
        label=_(
            "I agree that Zorgzaam keeps my citizen service number (BSN), encrypted, to "
            "recognise me when I log in with DigiD."
        ),
        required=True,
    )

    def __init__(self, *args, kind: str = "digid", **kwargs):
        super().__init__(*args, **kwargs)
        if kind == "eherkenning":
            self.fields["consent"].label = _(
                "I agree that Zorgzaam keeps our KvK number, encrypted, to recognise me when I "
                "log in with eHerkenning."
            )
