"""The story form speaks to a resident (#18): the period in months ("oktober t/m december
2026 (nu)", not "2026-Q4") and the page a story is about as its pasted web address, not "the
code at the end of its web address"."""

import uuid

import pytest
from django.utils import timezone

from zorgzaam.accounts.roles import Role
from zorgzaam.common.testing import login
from zorgzaam.stories.forms import StoryForm, period_words
from zorgzaam.stories.periods import period_of
from zorgzaam.stories.selectors import domains_for

pytestmark = pytest.mark.django_db


def test_period_in_words():
    assert period_words("2026-Q4") == "oktober t/m december 2026"
    assert period_words("2027-Q1", current=True) == "januari t/m maart 2027 (nu)"


def _data(world, **extra):
    data = {
        "text": "Het gaat beter.",
        "domain": domains_for(world.municipality).first().pk,
        "area": world.village_a.pk,
        "period": period_of(timezone.localdate()),
        "audience": "municipality",
        "record_kind": "help_request",
    }
    data.update(extra)
    return data


def test_the_page_a_story_is_about_is_its_web_address(world):
    user = world.users[Role.RESIDENT]
    ref = uuid.uuid4()
    for pasted in (f"https://zorgzaam.example.nl/help/my/{ref}/", str(ref), f" {ref.hex} "):
        form = StoryForm(_data(world, record_id=pasted), user=user)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["record_id"] == ref
    form = StoryForm(_data(world, record_id="https://zorgzaam.example.nl/help/my/"), user=user)
    assert not form.is_valid()
    assert "geen webadres van een pagina in Zorgzaam" in str(form.errors["record_id"])
    form = StoryForm(_data(world, record_id=""), user=user)
    assert not form.is_valid() and "Plak het webadres" in str(form.errors["record_id"])


def test_the_form_page_speaks_in_months(client, world):
    login(client, world.users[Role.RESIDENT])
    text = client.get("/stories/new/").content.decode()
    today = timezone.localdate()
    assert "Wanneer gebeurde het?" in text
    assert f"t/m {['maart', 'juni', 'september', 'december'][(today.month - 1) // 3]}" in text
    assert f">{period_of(today)}<" not in text
    assert "aan het eind van" not in text and "webadres bovenin uw browser" in text
