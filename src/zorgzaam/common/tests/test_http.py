"""post_form / post_action: the form -> service -> message step the views share."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.http import page_of, post_action, post_form


class _Form(forms.Form):
    name = forms.CharField()


def _request():
    request = RequestFactory().post("/x/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_valid_form_runs_the_action_and_says_so():
    request, done = _request(), []
    form = _Form({"name": "Anna"})
    assert post_form(request, form, lambda f: done.append(f.cleaned_data["name"]), "Saved.") is None
    assert done == ["Anna"]
    assert [str(m) for m in get_messages(request)] == ["Saved."]


def test_an_invalid_form_comes_back_without_running_the_action():
    request, done = _request(), []
    form = _Form({"name": ""})
    assert post_form(request, form, done.append, "Saved.") is form
    assert done == [] and "name" in form.errors
    assert not list(get_messages(request))


def test_a_refusal_of_the_service_lands_on_the_form():
    def refuse(form):
        raise ApplicationError("Taken.", field="name")

    request = _request()
    form = _Form({"name": "Anna"})
    assert post_form(request, form, refuse, "Saved.") is form
    assert form.errors == {"name": ["Taken."]}
    assert not list(get_messages(request))


def test_post_action_says_the_outcome():
    request, done = _request(), []
    assert post_action(request, lambda: done.append(1), "Closed.") is True
    assert post_action(request, lambda: done.append(2)) is True  # nothing to say

    def refuse():
        raise ApplicationError("Not now.")

    assert post_action(request, refuse, "Closed.") is False
    assert done == [1, 2]
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [
        ("success", "Closed."),
        ("error", "Not now."),
    ]


def test_the_message_and_the_redirect_may_be_made_from_the_services_result():
    request = _request()
    form = _Form({"name": "Anna"})
    response = post_form(
        request,
        form,
        lambda f: f.cleaned_data["name"].lower(),
        lambda name: f"Welcome, {name}.",
        redirect_to=lambda name: f"/people/{name}/",
    )
    assert response.status_code == 302 and response.url == "/people/anna/"
    assert [str(m) for m in get_messages(request)] == ["Welcome, anna."]


def test_a_fixed_redirect_and_a_failed_form_with_redirect_to():
    request = _request()
    response = post_form(
        request, _Form({"name": "Anna"}), lambda f: None, "Saved.", redirect_to="/x/"
    )
    assert response.url == "/x/"
    form = _Form({"name": ""})
    assert post_form(request, form, lambda f: None, "Saved.", redirect_to="/x/") is form


def test_post_action_may_say_the_services_result():
    request = _request()
    assert post_action(request, lambda: 3, lambda n: f"{n} invited.") is True
    assert post_action(request, lambda: 0, lambda n: "") is True  # nothing to say
    assert [str(m) for m in get_messages(request)] == ["3 invited."]


def test_page_of_is_the_page_of_the_object_the_service_made():
    class _Made:
        public_id = "4f6c9a52-1f0e-4b7e-9a55-0c7f2b9d1e11"

    assert page_of("stories:detail")(_Made()).endswith(f"/{_Made.public_id}/")
