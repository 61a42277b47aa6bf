"""Property tests: arbitrary text never crashes; a known name never survives."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zorgzaam.stories.deid.engine import Deidentifier, strip_labels
from zorgzaam.stories.deid.model import KnownEntities, KnownPerson

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

name_part = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzéëïöüçñ"), min_size=2, max_size=10
).map(str.capitalize)


@SETTINGS
@given(text=st.text(max_size=400))
def test_arbitrary_unicode_never_crashes(deid: Deidentifier, text: str) -> None:
    result = deid.deidentify(text)
    assert isinstance(result.text, str)
    for ann in result.annotations:
        assert 0 <= ann.start < ann.end <= len(text)
    starts = [a.start for a in result.annotations]
    assert starts == sorted(starts)


@SETTINGS
@given(
    before=st.text(max_size=120),
    after=st.text(max_size=120),
    first=name_part,
    last=name_part,
    form=st.sampled_from(["{f}", "{l}", "{f} {l}", "{F}", "{L}", "{f}s", "{f} van der {l}"]),
)
def test_known_name_never_survives(
    deid: Deidentifier, before: str, after: str, first: str, last: str, form: str
) -> None:
    mention = form.format(f=first, l=last, F=first.upper(), L=last.upper())
    text = f"{before} {mention} {after}"
    known = KnownEntities.build(persons=[KnownPerson(first, "van der", last)])
    output = strip_labels(deid.deidentify(text, known=known).text)
    for value in (first, last):
        # as a whole word, case-insensitive (a name inside a longer word is another word)
        pattern = r"(?<!\w)" + re.escape(value) + r"s?(?!\w)"
        assert not re.search(pattern, output, re.IGNORECASE), "known name survived"


@SETTINGS
@given(text=st.text(max_size=200), digits=st.from_regex(r"\A06[1-9]\d{7}\Z"))
def test_known_phone_never_survives(deid: Deidentifier, text: str, digits: str) -> None:
    shown = f"{digits[:2]}-{digits[2:]}"
    known = KnownEntities.build(phones=[digits])
    output = deid.deidentify(f"{text} bel {shown} .", known=known).text
    assert shown not in output


@SETTINGS
@given(
    text=st.text(max_size=200),
    user=st.from_regex(r"\A[a-z][a-z0-9.]{1,12}[a-z0-9]\Z"),
    domain=st.sampled_from(["gmail.com", "ziggo.nl", "huisvanalles.org", "example.amsterdam"]),
)
def test_known_email_never_survives(deid: Deidentifier, text: str, user: str, domain: str) -> None:
    email = f"{user}@{domain}"
    known = KnownEntities.build(emails=[email.upper()])
    output = deid.deidentify(f"{text} mail {email} .", known=known).text
    assert email not in output.lower()
