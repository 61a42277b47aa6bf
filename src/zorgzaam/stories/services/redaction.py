"""Redactions and keep words: what de-identification knows about a story's people, the
redactions it records, restoring one, and the municipality's keep-word list."""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from .. import wording
from ..models import (
    KEEPABLE_TAGS,
    KeepWord,
    Redaction,
    Story,
)
from .base import _subject


def known_entities_for(story: Story):
    """Record-aware de-identification: the teller and every person linked to the story."""
    from zorgzaam.stories.deid import KnownEntities

    persons: list[dict[str, str] | str] = []
    addresses: list[str] = []
    phones: list[str] = []
    emails: list[str] = []
    postcodes: list[str] = []
    people = list(story.linked_persons.all())
    if story.teller_person is not None:
        people.append(story.teller_person)
    for person in people:
        persons.append(
            {"first": person.given_name, "infix": person.infix, "last": person.family_name}
        )
        if person.street_address:
            addresses.append(f"{person.street_address}, {person.postcode}")
        if person.phone:
            phones.append(person.phone)
        if person.email:
            emails.append(person.email)
        if person.postcode:
            postcodes.append(person.postcode)
    teller = story.teller
    if teller is not None and (teller.first_name or teller.last_name):
        persons.append(f"{teller.first_name} {teller.last_name}".strip())
        if teller.email:
            emails.append(teller.email)
    return KnownEntities.build(
        persons=persons, addresses=addresses, phones=phones, emails=emails, postcodes=postcodes
    )


def keep_words_for(municipality) -> frozenset[str]:
    """The municipality's keep-list, as the de-identifier takes it."""
    from ..selectors import keep_words_for as select

    return select(municipality)


def _record_redactions(story: Story, source: str, result) -> None:
    """What the de-identifier replaced in the story text, for the review: where each
    placeholder stands in the new text, its tag, label and source (rule or list), and the
    replaced words (encrypted). Replaces the list of an earlier run."""
    story.redactions.all().delete()
    rows, shift = [], 0
    for order, ann in enumerate(result.annotations):
        rows.append(
            Redaction(
                municipality_id=story.municipality_id,
                story=story,
                order=order,
                at=ann.start + shift,
                tag=ann.tag,
                label=ann.label,
                source=ann.source[:60],
                word=source[ann.start : ann.end],
            )
        )
        shift += len(ann.label) - (ann.end - ann.start)
    Redaction.objects.bulk_create(rows)


@transaction.atomic
def redaction_restore(*, redaction: Redaction, actor, request=None) -> Story:
    """Put a wrongly replaced passage back in the story text: this one and every other
    passage of the story with the same words. Restored by the team (not by the teller), the
    words go on the municipality's keep-list, so later stories keep them. Audited with ids
    and the rule name only, never the words."""
    story = Story.objects.select_for_update().get(pk=redaction.story_id)
    if story.status != Story.Status.DEIDENTIFIED:
        raise ApplicationError(_("This story is not waiting for its review."))
    rows = list(story.redactions.order_by("order"))
    target = next((r for r in rows if r.pk == redaction.pk), None)
    if target is None or not target.restorable:
        raise ApplicationError(_("This passage cannot be restored."))
    same = _folded(target.word)
    chosen = {r.pk for r in rows if r.restorable and _folded(r.word) == same}
    text, shift, now = story.text, 0, timezone.now()
    for row in rows:
        at = row.at + shift
        if row.pk in chosen:
            if text[at : at + len(row.label)] != row.label:
                raise ApplicationError(_("The text changed; reload the page and try again."))
            text = text[:at] + row.word + text[at + len(row.label) :]
            shift += len(row.word) - len(row.label)
            row.restored_at, row.restored_by = now, actor
        row.at = at
    Redaction.objects.bulk_update(rows, ["at", "restored_at", "restored_by"])
    story.text = text
    story.wording = wording.clean_choices(text, story.wording)
    story.deid_summary = dict(Counter(r.tag for r in rows if r.restored_at is None))
    story.save(update_fields=["text", "wording", "deid_summary", "updated_at"])
    audit_record(
        event="stories.restore",
        request=request,
        actor=actor,
        target=story,
        subject_id=_subject(story),
        reason=target.source,
        fields=["text"],
    )
    from ..selectors import is_team_for

    if (
        target.tag in KEEPABLE_TAGS
        and any(c.isalpha() for c in target.word)
        and is_team_for(actor, story)
    ):
        keep_word_add(
            municipality=story.municipality,
            word=_core(target.word),
            tag=target.tag,
            source=target.source,
            actor=actor,
            request=request,
        )
    return story


_ARTICLES = frozenset({"de", "het", "'t", "een"})


def _core(word: str) -> str:
    """The words without a leading article: "De Hollandse Kaasboerderij" at the start of a
    sentence is the same passage as "Hollandse Kaasboerderij" in the middle of one."""
    words = word.split()
    while len(words) > 1 and words[0].casefold() in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _folded(word: str) -> str:
    return _core(word).casefold()


def keep_word_add(*, municipality, word: str, tag: str, source: str, actor, request=None):
    """Add a word to the municipality's keep-list (nothing when it is there already)."""
    from ..models import keep_word_index

    word = " ".join(word.split())[:200]
    if not word:
        raise ApplicationError(_("Give a word."))
    existing = KeepWord.objects.filter(
        municipality=municipality, word_index=keep_word_index(word)
    ).first()
    if existing is not None:
        return existing
    keep = KeepWord(
        municipality=municipality, word=word, tag=tag[:20], source=source[:60], added_by=actor
    )
    keep.save()
    audit_record(
        event="stories.keep_add",
        request=request,
        actor=actor,
        target=keep,
        reason=source,
        municipality_code=municipality.code,
    )
    return keep


@transaction.atomic
def keep_word_remove(*, keep: KeepWord, actor, request=None) -> None:
    """Take a word off the keep-list: later stories replace it again when a rule fires."""
    if keep.municipality_id != actor.municipality_id:
        raise ApplicationError(_("This word belongs to another municipality."))
    audit_record(
        event="stories.keep_remove",
        request=request,
        actor=actor,
        target=keep,
        reason=keep.source,
    )
    keep.delete()
