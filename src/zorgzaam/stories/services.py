"""Writes for stories: tell, de-identify (in a task), review and approve, withdraw, purge
originals, and Most Significant Change selections. Every write is audited in the same
transaction; the audit log never holds story text or names."""

from __future__ import annotations

import io
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from . import wording
from .models import (
    KEEPABLE_TAGS,
    LEVEL_ORDER,
    Audience,
    Domain,
    Helper,
    KeepWord,
    Level,
    Message,
    RecordKind,
    Redaction,
    Round,
    Selection,
    Story,
)
from .periods import period_parse

MAX_STORY_CHARS = 10_000
MIN_STORY_CHARS = 20
PHOTO_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}


def photo_max_bytes() -> int:
    return int(getattr(settings, "STORY_PHOTO_MAX_BYTES", 5 * 1024 * 1024))


def photo_max_pixels() -> int:
    """Width x height accepted (decoded, a photo takes 3-4 bytes a pixel: a small PNG of
    12000 x 7400 px doubled a worker's memory)."""
    return int(getattr(settings, "STORY_PHOTO_MAX_PIXELS", 40_000_000))


def retention_days() -> int:
    return int(getattr(settings, "STORY_ORIGINAL_RETENTION_DAYS", 365))


def _subject(story: Story):
    person = story.teller_person
    return person.public_id if person is not None else None


def photo_clean(upload) -> ContentFile:
    """Check type, file size and pixel count (from the header, before anything is decoded),
    then re-encode to JPEG of at most 1600 px, turned upright, without any metadata (EXIF
    holds GPS positions, camera serials and times): only the pixels are written."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if upload.size > photo_max_bytes():
        raise ApplicationError(
            _("The photo is larger than %(mb)d MB; choose a smaller one.")
            % {"mb": photo_max_bytes() // (1024 * 1024)},
            field="photo",
        )
    too_many = ApplicationError(
        _("The photo has too many pixels (at most %(mp)d megapixels); choose a smaller one.")
        % {"mp": photo_max_pixels() // 1_000_000},
        field="photo",
    )
    try:
        upload.seek(0)
        image: Image.Image = Image.open(upload)
        kind = image.format
        if kind not in PHOTO_FORMATS:
            raise ApplicationError(_("Use a JPEG, PNG or WebP photo."), field="photo")
        width, height = image.size
        if width * height > photo_max_pixels():
            raise too_many
        if kind == "JPEG":
            image.draft("RGB", (1600, 1600))  # decode at a reduced scale where it can
        image.load()
        image = ImageOps.exif_transpose(image)
        image.thumbnail((1600, 1600))
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        clean = Image.new(image.mode, image.size)  # a new image: no info, no EXIF, no ICC
        clean.paste(image)
    except Image.DecompressionBombError as exc:
        raise too_many from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ApplicationError(_("This file is not a photo we can read."), field="photo") from exc
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85)
    return ContentFile(out.getvalue())


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
    from .selectors import keep_words_for as select

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
    from .selectors import is_team_for

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
    from .models import keep_word_index

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


def _enqueue_deidentify(story: Story) -> None:
    from .tasks import deidentify_story

    story_id = str(story.public_id)
    transaction.on_commit(lambda: deidentify_story.enqueue(story_id))


def _clean_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) < MIN_STORY_CHARS:
        raise ApplicationError(
            _("Tell a little more: at least %(n)d characters.") % {"n": MIN_STORY_CHARS},
            field="text",
        )
    if len(text) > MAX_STORY_CHARS:
        raise ApplicationError(
            _("A story can have at most %(n)d characters; this one has %(m)d.")
            % {"n": MAX_STORY_CHARS, "m": len(text)},
            field="text",
        )
    return text


@transaction.atomic
def story_create(
    *,
    teller,
    text: str,
    domain: Domain,
    area,
    period: str,
    audience: str = Audience.TEAM,
    helpers: list[str] | tuple[str, ...] = (),
    title: str = "",
    record_kind: str = "",
    record_id=None,
    photo=None,
    photo_consent: bool = False,
    photo_alt: str = "",
    linked_persons=(),
    request=None,
) -> Story:
    municipality = teller.municipality
    if municipality is None:
        raise ApplicationError(_("Your account belongs to no municipality."))
    if domain.municipality_id != municipality.pk or area.municipality_id != municipality.pk:
        raise ApplicationError(_("Choose a domain and village of your own municipality."))
    period_parse(period)
    if audience not in Audience.values:
        raise ApplicationError(_("Choose who may read your story."), field="audience")
    unknown = [h for h in helpers if h not in Helper.values]
    if unknown:
        raise ApplicationError(_("Unknown choice for who helped."), field="helpers")
    if bool(record_kind) != bool(record_id):
        raise ApplicationError(
            _("Give both the kind of record and its id, or neither."), field="record_id"
        )
    if record_kind and record_kind not in RecordKind.values:
        raise ApplicationError(_("Unknown kind of record."), field="record_kind")
    if photo is not None and not photo_consent:
        raise ApplicationError(
            _("Confirm that everyone in the photo agrees to it being shown."),
            field="photo_consent",
        )
    for person in linked_persons:
        if person.municipality_id != municipality.pk:
            raise ApplicationError(_("A linked person belongs to another municipality."))
    story = Story(
        municipality=municipality,
        teller=teller,
        teller_person=getattr(teller, "person", None),
        title=title.strip()[:120],
        original_text=_clean_text(text),
        domain=domain,
        area=area,
        period=period,
        audience=audience,
        helpers=sorted(set(helpers)),
        record_kind=record_kind,
        record_id=record_id or None,
        photo_consent=bool(photo is not None and photo_consent),
        photo_alt=photo_alt.strip()[:200],
    )
    if photo is not None:
        story.photo.save(f"{story.public_id}.jpg", photo_clean(photo), save=False)
    try:
        story.full_clean()
    except ValidationError as exc:
        raise ApplicationError("; ".join(exc.messages)) from exc
    story.save()
    if linked_persons:
        story.linked_persons.set(linked_persons)
    audit_record(
        event="stories.create",
        actor=teller,
        request=request,
        target=story,
        subject_id=_subject(story),
        fields=["original_text", "photo"] if photo is not None else ["original_text"],
    )
    _enqueue_deidentify(story)
    return story


@transaction.atomic
def story_deidentify(*, story: Story, deidentifier=None) -> Story:
    """Run the de-identifier over the story (the original, or the edited text when a
    reviewer changed it) and ask the teller to review. Called from the task or the CLI,
    never inside a request: building the de-identifier costs seconds and a gigabyte."""
    from zorgzaam.stories.deid import get_deidentifier

    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.status != Story.Status.DRAFT:
        return story
    source = story.text or story.original_text
    engine = deidentifier or get_deidentifier()
    known = known_entities_for(story)
    keep = keep_words_for(story.municipality)
    result = engine.deidentify(source, known=known, extra_keep_words=keep)
    story.text = result.text
    _record_redactions(story, source, result)
    if story.title:  # the title and the photo description are published too
        story.title = engine.deidentify(story.title, known=known, extra_keep_words=keep).text[:120]
    if story.photo_alt:
        story.photo_alt = engine.deidentify(
            story.photo_alt, known=known, extra_keep_words=keep
        ).text[:200]
    story.deid_summary = dict(Counter(result.tags()))
    story.status = Story.Status.DEIDENTIFIED
    story.deidentified_at = timezone.now()
    story.save(
        update_fields=[
            "title",
            "photo_alt",
            "text",
            "deid_summary",
            "status",
            "deidentified_at",
            "updated_at",
        ]
    )
    with translation.override(settings.LANGUAGE_CODE):  # a task has no request language
        Message.objects.create(
            municipality=story.municipality,
            story=story,
            body=_(
                "Your story has been de-identified: %(n)d passage(s) were replaced. "
                "Please read it, change it if needed and approve it."
            )
            % {"n": len(result.annotations)},
        )
    audit_record(
        event="stories.deidentify",
        target=story,
        subject_id=_subject(story),
        fields=["text"],
        municipality_code=story.municipality.code,
    )
    return story


@transaction.atomic
def story_review(
    *,
    story: Story,
    actor,
    text: str,
    audience: str,
    approve: bool,
    words: dict[str, str] | None = None,
    request=None,
) -> Story:
    """Save the reviewer's text. Changed text is checked again by the de-identifier before
    it can be approved; unchanged, already checked text is approved when asked.

    ``words``: per placeholder the neutral word it is published as (``stories.wording``);
    a word outside the placeholder's closed list is refused, so no name comes back."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.status not in (Story.Status.DEIDENTIFIED, Story.Status.DRAFT):
        raise ApplicationError(_("This story cannot be reviewed any more."))
    if audience not in Audience.values:
        raise ApplicationError(_("Choose who may read your story."), field="audience")
    text = _clean_text(text)
    changed = []
    if audience != story.audience:
        story.audience = audience
        changed.append("audience")
    if words is not None:
        options = wording.options_for(story.text)
        if any(label in options and w not in options[label] for label, w in words.items()):
            raise ApplicationError(_("Choose a word from the list for each replaced passage."))
        chosen = {  # choices not sent keep what they were
            **wording.clean_choices(story.text, story.wording),
            **wording.clean_choices(story.text, words),
        }
        if chosen != story.wording:
            story.wording = chosen
            changed.append("wording")
    if text != story.text:
        story.text = text
        story.status = Story.Status.DRAFT
        changed += ["text", "status"]
        story.save()
        story.redactions.all().delete()  # they point into the old text; the new check lists anew
        audit_record(
            event="stories.edit", request=request, actor=actor, target=story, fields=changed
        )
        _enqueue_deidentify(story)
        return story
    if approve:
        if story.status != Story.Status.DEIDENTIFIED:
            raise ApplicationError(_("Wait until the de-identification has finished."))
        story.status = Story.Status.APPROVED
        story.approved_at = timezone.now()
        story.approved_by = actor
        story.original_retain_until = timezone.localdate() + timedelta(days=retention_days())
        story.save()
        story.redactions.all().delete()  # the review is over; the replaced words go
        Message.objects.create(
            municipality=story.municipality,
            story=story,
            body=_("Your story was approved and can now be read by: %(who)s.")
            % {"who": story.get_audience_display()},
        )
        audit_record(
            event="stories.approve",
            request=request,
            actor=actor,
            target=story,
            subject_id=_subject(story),
            fields=changed + ["status"],
        )
    elif changed:
        story.save()
        audit_record(
            event="stories.edit", request=request, actor=actor, target=story, fields=changed
        )
    return story


@transaction.atomic
def story_withdraw(*, story: Story, actor, request=None) -> Story:
    """The teller withdraws consent: nobody but the teller sees the story any more."""
    if story.teller_id != actor.pk:
        raise ApplicationError(_("Only the teller can withdraw a story."))
    story.status = Story.Status.WITHDRAWN
    story.save(update_fields=["status", "updated_at"])
    story.redactions.all().delete()
    audit_record(
        event="stories.withdraw",
        request=request,
        actor=actor,
        target=story,
        subject_id=_subject(story),
        fields=["status"],
    )
    return story


@transaction.atomic
def originals_purge(*, today=None) -> int:
    """Blank the originals whose retention date has passed; the reviewed text stays."""
    today = today or timezone.localdate()
    due = Story.objects.filter(original_retain_until__lt=today, original_purged_at__isnull=True)
    count = 0
    now = timezone.now()
    by_municipality: Counter = Counter()
    for story in due.select_related("municipality"):
        story.original_text = ""
        story.original_purged_at = now
        story.save(update_fields=["original_text", "original_purged_at", "updated_at"])
        by_municipality[story.municipality.code] += 1
        count += 1
    for code, n in by_municipality.items():
        audit_record(
            event="stories.original_purge",
            target=("stories.story", f"purge:{n}"),
            fields=["original_text"],
            municipality_code=code,
        )
    return count


@transaction.atomic
def domain_create(*, actor, name: str, description: str = "", request=None) -> Domain:
    from django.utils.text import slugify

    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Give the domain a name."), field="name")
    slug = slugify(name)[:60] or "domein"
    if Domain.objects.filter(municipality=actor.municipality, slug=slug).exists():
        raise ApplicationError(_("This domain exists already."), field="name")
    domain = Domain(
        municipality=actor.municipality,
        slug=slug,
        name=name[:100],
        description=description.strip()[:300],
    )
    domain.full_clean()
    domain.save()
    audit_record(event="stories.domain_create", request=request, actor=actor, target=domain)
    return domain


@transaction.atomic
def round_create(*, actor, period: str, title: str = "", request=None) -> Round:
    period_parse(period)
    if Round.objects.filter(municipality=actor.municipality, period=period).exists():
        raise ApplicationError(_("There is already a round for %(p)s.") % {"p": period})
    rnd = Round(
        municipality=actor.municipality,
        period=period,
        title=(title or "").strip()[:120] or _("Most significant change %(p)s") % {"p": period},
        created_by=actor,
    )
    rnd.full_clean()
    rnd.save()
    audit_record(event="stories.round_create", request=request, actor=actor, target=rnd)
    return rnd


def selector_label_for(actor, level: str) -> str:
    if level == Level.TEAM:
        teams = list(actor.teams.values_list("name", flat=True)) if hasattr(actor, "teams") else []
        return ", ".join(teams) or str(actor.get_role_display())
    return str(Level(level).label)


@transaction.atomic
def story_select(
    *, rnd: Round, story: Story, level: str, reason: str, actor, request=None
) -> Selection:
    """Record one MSC choice with its reason and tell the teller (in-app message)."""
    from .selectors import candidates, levels_for_actor

    if level not in levels_for_actor(actor):
        raise ApplicationError(_("You cannot select at this level."))
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ApplicationError(
            _("Write down why this story is significant (at least 10 characters)."),
            field="reason",
        )
    if not candidates(rnd, level, actor).filter(pk=story.pk).exists():
        raise ApplicationError(_("This story cannot be selected at this level of the round."))
    if Selection.objects.filter(round=rnd, story=story, level=level).exists():
        raise ApplicationError(_("This story has already been selected at this level."))
    selection = Selection.objects.create(
        municipality=rnd.municipality,
        round=rnd,
        story=story,
        level=level,
        selector_label=selector_label_for(actor, level)[:120],
        reason=reason[:2000],
        selected_by=actor,
    )
    selection_id = selection.pk
    transaction.on_commit(lambda: _enqueue_selection(selection_id))
    audit_record(
        event="stories.select",
        request=request,
        actor=actor,
        target=selection,
        fields=["level", "reason"],
    )
    return selection


def _enqueue_selection(selection_id: int) -> None:
    from .tasks import deidentify_selection

    deidentify_selection.enqueue(selection_id)


@transaction.atomic
def selection_deidentify(*, selection: Selection, deidentifier=None) -> Selection:
    """De-identify the reason (it is published in the council report), record-aware with
    the story's people, then tell the teller. Runs in the task worker, like stories."""
    from zorgzaam.stories.deid import get_deidentifier

    selection = (
        Selection.objects.select_for_update()
        .select_related("story", "story__domain", "round")
        .get(pk=selection.pk)
    )
    if selection.reason_checked:
        return selection
    engine = deidentifier or get_deidentifier()
    result = engine.deidentify(
        selection.reason,
        known=known_entities_for(selection.story),
        extra_keep_words=keep_words_for(selection.municipality),
    )
    selection.reason = result.text
    selection.reason_checked = True
    selection.save(update_fields=["reason", "reason_checked", "updated_at"])
    with translation.override(settings.LANGUAGE_CODE):
        Message.objects.create(
            municipality=selection.municipality,
            story=selection.story,
            body=_(
                "Your story was chosen as most significant (%(domain)s) by %(who)s "
                "(level: %(level)s) in round %(round)s. Their reason: %(reason)s"
            )
            % {
                "domain": selection.story.domain.name,
                "who": selection.selector_label,
                "level": Level(selection.level).label,
                "round": selection.round.title,
                "reason": selection.reason,
            },
        )
    return selection


def level_index(level: str) -> int:
    return LEVEL_ORDER.index(level)
