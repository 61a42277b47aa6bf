"""add_form_error: a service's refusal lands next to the field it names, else on the form."""

import pytest
from django import forms

from zorgzaam.common.errors import ApplicationError, add_form_error


class _Form(forms.Form):
    name = forms.CharField()


def _bound() -> _Form:
    form = _Form({"name": "Anna"})
    assert form.is_valid()
    return form


def test_the_error_sits_next_to_the_field_it_names():
    form = _bound()
    add_form_error(form, ApplicationError("Taken.", field="name"))
    assert form.errors == {"name": ["Taken."]}
    assert not form.non_field_errors()


@pytest.mark.parametrize("field", [None, "", "not_on_this_form"])
def test_without_a_field_of_the_form_it_is_a_non_field_error(field):
    form = _bound()
    add_form_error(form, ApplicationError("Refused.", field=field))
    assert list(form.non_field_errors()) == ["Refused."]
    assert "name" not in form.errors
