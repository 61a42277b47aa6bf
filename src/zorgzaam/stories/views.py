from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from zorgzaam.accounts.permissions import Access, check, deny, requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError, add_form_error
from zorgzaam.common.http import page_of, post_action, post_form

from . import selectors, services
from .forms import DomainForm, ReviewForm, RoundForm, SelectForm, StoryForm
from .models import LEVEL_ORDER, Level, Story


@requires("stories.read")
def story_list(request):
    qs = selectors.story_list_for_actor(request.user).select_related("domain", "area")
    mine = qs.filter(teller=request.user)
    others = qs.exclude(teller=request.user).filter(status=Story.Status.APPROVED)
    page = Paginator(others, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "stories/story_list.html",
        {"mine": mine[:50], "page": page, "can_tell": "stories.tell" in _caps(request.user)},
    )


@requires("stories.tell")
def story_tell(request):
    if request.method == "POST":
        form = StoryForm(request.POST, request.FILES, user=request.user)
        outcome = post_form(
            request,
            form,
            lambda f: services.story_create(
                teller=request.user,
                text=f.cleaned_data["text"],
                title=f.cleaned_data["title"],
                domain=f.cleaned_data["domain"],
                area=f.cleaned_data["area"],
                period=f.cleaned_data["period"],
                audience=f.cleaned_data["audience"],
                helpers=f.cleaned_data["helpers"],
                record_kind=f.cleaned_data["record_kind"],
                record_id=f.cleaned_data["record_id"],
                photo=f.cleaned_data["photo"] or None,
                photo_consent=f.cleaned_data["photo_consent"],
                photo_alt=f.cleaned_data["photo_alt"],
                request=request,
            ),
            _("Thank you for your story."),
            redirect_to=page_of("stories:detail"),
        )
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
    else:
        form = StoryForm(user=request.user)
    return render(request, "stories/story_form.html", {"form": form})


def _unpublished_read(request, story: Story):
    """Someone other than the teller reads a story (or its photo) that is not published: the
    team, before review. That is person-level (the words are not yet checked for names and
    details): it needs the second factor (a redirect to it is returned) and writes
    ``stories.view`` with the teller as the person concerned. None: go on."""
    if story.status == Story.Status.APPROVED or story.teller_id == request.user.pk:
        return None
    refused = check(request, Access("stories.read", person_level=True))
    if refused is not None:
        return refused
    audit_record(
        event="stories.view",
        request=request,
        target=story,
        subject_id=story.teller_person.public_id if story.teller_person is not None else None,
    )
    return None


def _private(response, story: Story):
    if story.status != Story.Status.APPROVED:
        patch_cache_control(response, no_store=True, private=True)
    return response


#: While a story is de-identified its teller's page looks again this often (seconds)...
PROGRESS_POLL_SECONDS = 3
#: ...until this long after the story was sent: then the page stops looking and says so.
PROGRESS_SLOW = timedelta(minutes=5)


def _progress(story: Story, is_teller: bool) -> dict | None:
    """While the story is de-identified (a task, seconds): what its page shows. The teller's
    page updates itself (a meta refresh without JavaScript, htmx polling with it) until the
    result is there, or until it takes unusually long (a stuck worker): then it stops and
    says the story waits under Stories."""
    if story.status != Story.Status.DRAFT:
        return None
    slow = timezone.now() - story.updated_at > PROGRESS_SLOW
    return {
        "is_teller": is_teller,
        "poll": is_teller and not slow,
        "slow": slow,
        "seconds": PROGRESS_POLL_SECONDS,
    }


@requires("stories.read")
def story_detail(request, public_id):
    story = selectors.story_get_for_actor(request, public_id)
    user = request.user
    is_teller = story.teller_id == user.pk
    if is_teller and request.htmx and "progress" in request.GET:
        # The teller's page asks whether the de-identification is done (no story text
        # is sent): still busy, nothing to change; done, the page loads the result.
        progress = _progress(story, is_teller)
        if progress is None:
            return _private(HttpResponseClientRefresh(), story)
        if progress["poll"]:
            return _private(HttpResponse(status=204), story)
        return _private(
            render(request, "stories/_story_progress.html", {"story": story, "progress": progress}),
            story,
        )
    can_review = selectors.can_review(user, story) and story.status in (
        Story.Status.DEIDENTIFIED,
        Story.Status.DRAFT,
    )
    published = story.status == Story.Status.APPROVED
    if not (is_teller or selectors.is_team_for(user, story) or published):
        deny(request, target=story, reason="not published")
    if (refused := _unpublished_read(request, story)) is not None:
        return refused
    form = None
    if can_review and story.status == Story.Status.DEIDENTIFIED:
        form = ReviewForm(
            initial={"text": story.text, "audience": story.audience},
            story_text=story.text,
            wording_choices=story.wording,
        )
    context = {
        "story": story,
        "is_teller": is_teller,
        "can_review": can_review,
        "can_read_original": selectors.can_read_original(user, story),
        "form": form,
        "progress": _progress(story, is_teller),
        **_redactions_context(user, story, form is not None),
        "story_messages": selectors.messages_for(story) if is_teller else [],
        "selections": (
            story.selections.filter(reason_checked=True).select_related("round")
            if published
            else []
        ),
    }
    return _private(render(request, "stories/story_detail.html", context), story)


@requires("stories.read")
@require_POST
def story_review(request, public_id):
    story = selectors.story_get_for_actor(request, public_id)
    if not selectors.can_review(request.user, story):
        deny(request, target=story, reason="not teller or team")
    form = ReviewForm(request.POST, story_text=story.text, wording_choices=story.wording)
    if form.is_valid():
        try:
            story = services.story_review(
                story=story,
                actor=request.user,
                text=form.cleaned_data["text"],
                audience=form.cleaned_data["audience"],
                approve="approve" in request.POST,
                words=form.wording(),
                request=request,
            )
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            if story.status == Story.Status.APPROVED:
                messages.success(request, _("Approved. Thank you!"))
            elif story.status == Story.Status.DRAFT:
                messages.warning(
                    request, _("Your changes are being checked again; approve them afterwards.")
                )
            else:
                messages.info(request, _("Saved."))
            return redirect("stories:detail", public_id=story.public_id)
    if (refused := _unpublished_read(request, story)) is not None:
        return refused
    response = render(
        request,
        "stories/story_detail.html",
        {
            "story": story,
            "is_teller": story.teller_id == request.user.pk,
            "can_review": True,
            "form": form,
            "story_messages": [],
            "selections": [],
            **_redactions_context(request.user, story, True),
        },
        status=400,
    )
    return _private(response, story)


def _redactions_context(user, story: Story, reviewing: bool) -> dict:
    """What the de-identifier replaced and why, for whoever reviews the story now."""
    if not reviewing:
        return {"redactions": []}
    return {
        "redactions": selectors.redactions_for_review(story),
        "restores_feed_keep_list": selectors.is_team_for(user, story),
    }


@requires("stories.read")
@require_POST
def redaction_restore(request, public_id, redaction_id):
    """One click: the replaced passage goes back into the text (works without JavaScript)."""
    story = selectors.story_get_for_actor(request, public_id)
    if not selectors.can_review(request.user, story):
        deny(request, target=story, reason="not teller or team")
    if (refused := _unpublished_read(request, story)) is not None:
        return refused
    redaction = selectors.redaction_get_for_actor(request, story, redaction_id)
    post_action(
        request,
        lambda: services.redaction_restore(
            redaction=redaction, actor=request.user, request=request
        ),
        _("The passage is back in the text."),
    )
    return redirect(f"{reverse('stories:detail', args=[story.public_id])}#redactions")


@requires("stories.tell")
@require_POST
def story_withdraw(request, public_id):
    story = selectors.story_get_for_actor(request, public_id)
    if story.teller_id != request.user.pk:
        deny(request, target=story, reason="not the teller")
    services.story_withdraw(story=story, actor=request.user, request=request)
    messages.success(request, _("Your story has been withdrawn. Nobody else can read it."))
    return redirect("stories:list")


@requires("stories.edit", person_level=True)
def story_original(request, public_id):
    story = selectors.story_get_for_actor(request, public_id)
    if not selectors.can_read_original(request.user, story):
        deny(request, target=story, reason="original is for the team only")
    audit_record(
        event="stories.original_view",
        request=request,
        target=story,
        subject_id=story.teller_person.public_id if story.teller_person_id else None,
    )
    return render(request, "stories/story_original.html", {"story": story})


@requires("stories.read")
def story_photo(request, public_id):
    story = selectors.story_get_for_actor(request, public_id)
    if not story.photo:
        raise Http404
    user = request.user
    if not (
        story.teller_id == user.pk
        or selectors.is_team_for(user, story)
        or (story.status == Story.Status.APPROVED and story.photo_consent)
    ):
        deny(request, target=story, reason="photo not published")
    if (refused := _unpublished_read(request, story)) is not None:
        return refused
    return _private(FileResponse(story.photo.open("rb"), content_type="image/jpeg"), story)


@requires("stories.edit", person_level=True)
def team_queue(request):
    queue = selectors.review_queue_for_actor(request.user)
    return render(request, "stories/team_queue.html", {"queue": queue})


# ------------------------------------------------------------------ MSC
@requires("stories.select")
def round_list(request):
    form = RoundForm()
    if request.method == "POST":
        if "stories.rounds" not in _caps(request.user):
            deny(request, capability="stories.rounds")
        form = RoundForm(request.POST)
        outcome = post_form(
            request,
            form,
            lambda f: services.round_create(
                actor=request.user,
                period=f.cleaned_data["period"],
                title=f.cleaned_data["title"],
                request=request,
            ),
            "",
            redirect_to=page_of("stories:round"),
        )
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
    rounds = selectors.rounds_for_actor(request.user)
    return render(
        request,
        "stories/round_list.html",
        {"rounds": rounds, "form": form, "can_create": "stories.rounds" in _caps(request.user)},
    )


def _caps(user) -> set[str]:
    from zorgzaam.accounts.roles import ROLE_CAPABILITIES

    return ROLE_CAPABILITIES.get(user.role, set())


@requires("stories.select")
def round_detail(request, public_id):
    rnd = selectors.round_get_for_actor(request, public_id)
    levels = selectors.levels_for_actor(request.user)
    chosen = selectors.selections_by_level(rnd)
    boards = []
    for level in levels:
        taken = {s.story_id for s in chosen[level]}
        by_domain: dict = {}
        for story in selectors.candidates(rnd, level, request.user):
            by_domain.setdefault(story.domain, []).append((story, story.pk in taken))
        boards.append(
            {
                "level": level,
                "label": Level(level).label,
                "domains": sorted(by_domain.items(), key=lambda kv: (kv[0].order, kv[0].name)),
            }
        )
    return render(
        request,
        "stories/round_detail.html",
        {
            "round": rnd,
            "boards": boards,
            "chosen": [(Level(lvl).label, chosen[lvl]) for lvl in LEVEL_ORDER],
            "form": SelectForm(),
        },
    )


@requires("stories.select")
@require_POST
def round_select(request, public_id):
    rnd = selectors.round_get_for_actor(request, public_id)
    form = SelectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write down why this story is significant."))
        return redirect("stories:round", public_id=rnd.public_id)
    story = (
        Story.objects.for_municipality(rnd.municipality)
        .filter(public_id=form.cleaned_data["story"])
        .first()
    )
    if story is None:
        raise Http404
    post_action(
        request,
        lambda: services.story_select(
            rnd=rnd,
            story=story,
            level=form.cleaned_data["level"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
            request=request,
        ),
        _("Selected. The teller receives your reason."),
    )
    return redirect("stories:round", public_id=rnd.public_id)


@requires("stories.configure")
def domain_list(request):
    form = DomainForm()
    if request.method == "POST":
        form = DomainForm(request.POST)
        failed = post_form(
            request,
            form,
            lambda f: services.domain_create(
                actor=request.user,
                name=f.cleaned_data["name"],
                description=f.cleaned_data["description"],
                request=request,
            ),
            _("Domain added."),
        )
        if failed is None:
            return redirect("stories:domains")
    domains = selectors.domains_for(request.user.municipality)
    return render(request, "stories/domain_list.html", {"domains": domains, "form": form})


@requires("stories.edit", person_level=True)
def keep_list(request):
    """The municipality's keep-list: words reviewers restored, kept in later stories."""
    words = list(selectors.keep_list_for_actor(request.user))
    audit_record(
        event="stories.keep_view",
        request=request,
        target=("stories.keepword", "list"),
        municipality_code=request.user.municipality.code,
    )
    response = render(request, "stories/keep_list.html", {"words": words})
    patch_cache_control(response, no_store=True, private=True)
    return response


@requires("stories.edit", person_level=True)
@require_POST
def keep_remove(request, public_id):
    keep = selectors.keep_word_get_for_actor(request, public_id)
    services.keep_word_remove(keep=keep, actor=request.user, request=request)
    messages.success(request, _("Removed from the keep-list."))
    return redirect("stories:keep-list")


@requires("stories.read")
def themes(request):
    """Keywords per domain and village over the published stories the actor may read."""
    from .models import Audience, audiences_at_least
    from .themes import ThemeIndex

    stories = (
        selectors.story_list_for_actor(request.user)
        .filter(
            status=Story.Status.APPROVED,
            audience__in=audiences_at_least(Audience.MUNICIPALITY),
        )
        .select_related("domain", "area")
    )
    from zorgzaam.tenancy.models import Area

    places = Area.objects.filter(municipality=request.user.municipality).values_list(
        "name", flat=True
    )
    index = ThemeIndex(stories, extra_stop=[*places, request.user.municipality.name])
    query = (request.GET.get("q") or "").strip()[:100]
    return render(
        request,
        "stories/themes.html",
        {
            "by_domain": index.keywords(lambda s: s.domain.name),
            "by_village": index.keywords(lambda s: s.area.name),
            "query": query,
            "results": index.search(query) if query else [],
            "count": len(index.stories),
        },
    )
