"""FastSelect writes what Django's Select writes (whitespace between elements aside)."""

from __future__ import annotations

import re

from django import forms
from hypothesis import given
from hypothesis import strategies as st

from zorgzaam.web.widgets import FastSelect


def _squash(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
choices = st.lists(st.tuples(text, text), max_size=6, unique_by=lambda c: c[0])
groups = st.lists(st.tuples(text, choices), max_size=2)


@given(
    choices=st.one_of(choices, groups.map(lambda gs: [(g or "x", cs) for g, cs in gs])),
    value=st.one_of(st.none(), text, st.lists(text, max_size=2)),
    required=st.booleans(),
    disabled=st.booleans(),
    described=st.one_of(st.none(), text),
    multiple=st.booleans(),
)
def test_same_html_as_django(choices, value, required, disabled, described, multiple):
    attrs = {"id": "id_f", "required": required, "disabled": disabled}
    if described is not None:
        attrs["aria-describedby"] = described
    if multiple:
        attrs["multiple"] = True
    fast = FastSelect(choices=choices).render("f<&>", value, attrs)
    django_html = forms.Select(choices=choices).render("f<&>", value, attrs)
    assert _squash(fast) == _squash(django_html)


def test_escapes_labels_and_values():
    html = FastSelect(choices=[('"><script>', "<b>&")]).render("term", '"><script>')
    assert "<script>" not in html and "&lt;b&gt;&amp;" in html and " selected" in html
