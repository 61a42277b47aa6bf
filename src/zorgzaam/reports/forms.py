from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgzaam.stories.periods import period_recent

from .models import BudgetEntry


class BudgetForm(forms.Form):
    period = forms.ChoiceField(label=_("Quarter"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p, p) for p in period_recent(timezone.localdate(), 8)]
        for value, label in BudgetEntry.Category.choices:
            self.fields[value] = forms.DecimalField(
                label=label,
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                localize=True,
                help_text=_("euros; leave empty to keep what is there"),
            )
