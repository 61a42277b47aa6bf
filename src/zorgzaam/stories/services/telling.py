"""Telling a story and its life: tell (with a photo), de-identify (in a task), review and
approve, withdraw, purge originals."""

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
from zorgzaam.common.updates import model_update

from .. import wording
from ..models import (
    Audience,
    Domain,
    Helper,
    Message,
    RecordKind,
    Story,
)
from ..periods import period_parse
from .base import (
    MAX_STORY_CHARS,
    MIN_STORY_CHARS,
    PHOTO_FORMATS,
    _subject,
    photo_max_bytes,
    photo_max_pixels,
    retention_days,
)
from .redaction import _record_redactions, keep_words_for, known_entities_for


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


def _enqueue_deidentify(story: Story) -> None:
    from ..tasks import deidentify_story

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
    data: dict = {"audience": audience}
    if words is not None:
        options = wording.options_for(story.text)
        if any(label in options and w not in options[label] for label, w in words.items()):
            raise ApplicationError(_("Choose a word from the list for each replaced passage."))
        data["wording"] = {  # choices not sent keep what they were
            **wording.clean_choices(story.text, story.wording),
            **wording.clean_choices(story.text, words),
        }
    changed = model_update(story, data, clean=False, save=False)
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
